#pragma once
// One `ratesim serve` session, from binding the port to the result
// directory: serve until `stop` is set (SIGINT, SIGTERM) or `for_time` has
// passed, recording requests.jsonl and the bucket levels at every bin end,
// then write what `ratesim run` writes (summary.csv, summary.json,
// latency_cdf.csv, timeseries.csv, report.html) with the live traffic as the
// variant `live`.
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

#include "sim/serve/messages_api.hpp"

namespace ratesim::serve {

struct SessionOptions {
    ServeOptions http;
    std::filesystem::path out;
    engine::Time for_time = engine::kNever;  // --for; kNever: until stopped
    bool plots = true;
    // Called once the port is bound, with the address to print.
    std::function<void(const std::string& base_url)> listening;
};

struct SessionOutcome {
    std::int64_t requests = 0;
    double served_s = 0;
    std::string render_notice;  // gnuplot missing or failed; empty if none
    bool plotted = false;
};

SessionOutcome serve_session(const scenario::ScenarioConfig& scenario, const SessionOptions& options,
                             const std::atomic<bool>& stop);

}  // namespace ratesim::serve
