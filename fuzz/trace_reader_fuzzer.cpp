// libFuzzer target: the trace reader (workload kind: trace) on arbitrary CSV
// bytes. Every input must load or be refused with a ScenarioError naming
// the file and line; anything else is a finding. The bytes go to a file
// that a fixed scenario names, since a trace is always read from a file.
//
// Build and run: see fuzz/README.md (seed with scenarios/traces/*.csv).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ratesim;
    static const std::string file =
        (std::filesystem::temp_directory_path() / ("ratesim-trace-fuzz-" + std::to_string(getpid()) + ".csv"))
            .string();
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    const std::string scenario = R"(name: trace-fuzz
duration: 1h
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 1000}
clients:
  - name: replay
    workers: 10
    workload:
      kind: trace
      file: )" + file + R"(
      columns: {time: TIMESTAMP, input_tokens: ContextTokens, output_tokens: GeneratedTokens}
    request: {model: claude-sonnet-4-5, max_tokens: 100000}
)";
    try {
        const scenario::ScenarioConfig s = scenario::load_scenario_text(scenario, "fuzz.yaml");
        (void)scenario::scenario_to_json(s).dump();
    } catch (const scenario::ScenarioError&) {
    }
    return 0;
}
