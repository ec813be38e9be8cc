// The playground's WebAssembly entry point: `ratesim_run(request)`, called
// from the page's worker with Module.ccall (docs/playground.md).
#include <emscripten/emscripten.h>

#include <string>

#include "sim/playground/playground_run.hpp"

extern "C" EMSCRIPTEN_KEEPALIVE const char* ratesim_run(const char* request_json) {
    static std::string response;  // lives until the next call; ccall copies it out first
    response = ratesim::playground::run_request(request_json);
    return response.c_str();
}
