#pragma once
// What the playground's WebAssembly module does on each slider move: a
// resolved scenario and `--set` overrides in, each strategy's figures and
// time series out, all as JSON (the request and response shapes are in
// docs/playground.md). The same code runs natively, so a test can hold the
// browser's numbers to the CLI's.
#include <string>

namespace ratesim::playground {

// Never throws: a bad request or scenario comes back as {"ok": false, "error": ...}.
std::string run_request(const std::string& request_json);

}  // namespace ratesim::playground
