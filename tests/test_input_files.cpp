// Bounded reads: only regular files (or standard input) are read as
// scenarios, traces and empirical CSVs, each under a size limit that an
// environment variable raises (sim/scenario/input_file.hpp).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/program.hpp"
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sim/scenario/input_error.hpp"
#include "sim/scenario/loader.hpp"

namespace test_input_files {

using namespace ratesim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::string trace_scenario(const std::string& trace) {
    return "name: t\napi:\n  pools:\n    free: {models: [claude-sonnet-4-5]}\n"
           "  latency: {round_trip: 100ms, time_to_first_token: 300ms, output_tokens_per_second: 50}\n"
           "clients:\n  - name: replay\n    workers: 10\n    coordination: shared\n"
           "    workload: {kind: trace, file: '" + trace + "'}\n"
           "    request: {model: claude-sonnet-4-5, max_tokens: 100}\n    strategy: sdk-default\n";
}

std::string empirical_scenario(const std::string& csv) {
    return "name: t\napi:\n  pools:\n    sonnet: {models: [claude-sonnet-4-5], rpm: 50, itpm: 30k}\n"
           "clients:\n  - name: batch\n    workers: 8\n    workload: {kind: batch, items: 100}\n"
           "    request: {model: claude-sonnet-4-5, max_tokens: 1024, input_tokens: "
           "{dist: empirical, file: '" + csv + "', column: input}}\n    strategy: full-jitter\n";
}

std::string error_of(const std::string& yaml) {
    try {
        scenario::load_scenario_text(yaml, "t.yaml");
    } catch (const scenario::InputError& e) {
        return e.what();
    }
    FAIL("no InputError was thrown");
    return "";
}

struct ScopedEnv {
    const char* name;
    ScopedEnv(const char* n, const char* value) : name(n) { ::setenv(n, value, 1); }
    ~ScopedEnv() { ::unsetenv(name); }
};

}  // namespace

TEST_CASE("a FIFO as the scenario, trace or empirical file is refused without blocking",
          "[input-files]") {
    const ratesim::testing::TempDir tmp;
    const auto fifo = tmp.path() / "no-writer.fifo";
    std::filesystem::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(scenario::load_scenario(fifo.string()),
                      Contains("'" + fifo.string() + "': it is a FIFO (named pipe), not a regular file"));
    CHECK_THAT(error_of(trace_scenario(fifo.string())),
               StartsWith("t.yaml:10:") && Contains("it is a FIFO (named pipe)"));
    CHECK_THAT(error_of(empirical_scenario(fifo.string())), Contains("it is a FIFO (named pipe)"));
    std::filesystem::remove(fifo);
}

TEST_CASE("a device or a directory is refused by its kind before it is read", "[input-files]") {
    const ratesim::testing::TempDir tmp;
    CHECK_THROWS_WITH(scenario::load_scenario("/dev/zero"),
                      Contains("'/dev/zero': it is a character device, not a regular file"));
    CHECK_THAT(error_of(trace_scenario("/dev/null")),
               StartsWith("t.yaml:10:") && Contains("'/dev/null': it is a character device"));
    CHECK_THAT(error_of(empirical_scenario("/dev/zero")), Contains("'/dev/zero': it is a character device"));
    CHECK_THAT(error_of(trace_scenario(tmp.path().string())), Contains("it is a directory"));
}

TEST_CASE("a file past its kind's size limit is a located error that names the variable to raise it",
          "[input-files]") {
    const ratesim::testing::TempDir tmp;
    const auto trace = tmp.path() / "big.csv";
    std::ofstream(trace) << "TIMESTAMP,ContextTokens,GeneratedTokens\n0,10,10\n1,10,10\n";
    {
        ScopedEnv limit("RATESIM_MAX_TRACE_BYTES", "20");
        CHECK_THAT(error_of(trace_scenario(trace.string())),
                   StartsWith("t.yaml:10:") && Contains("past the limit of 20 bytes") &&
                       Contains("RATESIM_MAX_TRACE_BYTES"));
    }
    CHECK_NOTHROW(scenario::load_scenario_text(trace_scenario(trace.string()), "t.yaml"));
    const auto csv = tmp.path() / "sizes.csv";
    std::ofstream(csv) << "input\n100\n200\n";
    {
        ScopedEnv limit("RATESIM_MAX_EMPIRICAL_BYTES", "5");
        CHECK_THAT(error_of(empirical_scenario(csv.string())), Contains("RATESIM_MAX_EMPIRICAL_BYTES"));
    }
    const auto yaml = tmp.path() / "s.yaml";
    std::ofstream(yaml) << empirical_scenario(csv.string());
    {
        ScopedEnv limit("RATESIM_MAX_SCENARIO_BYTES", "100");
        CHECK_THROWS_WITH(scenario::load_scenario(yaml.string()),
                          Contains("past the limit of 100 bytes") && Contains("RATESIM_MAX_SCENARIO_BYTES"));
    }
    {
        ScopedEnv limit("RATESIM_MAX_SCENARIO_BYTES", "lots");
        CHECK_THROWS_WITH(scenario::load_scenario(yaml.string()),
                          StartsWith("RATESIM_MAX_SCENARIO_BYTES=lots: error: not a size in bytes"));
    }
    CHECK_NOTHROW(scenario::load_scenario(yaml.string()));
}

}  // namespace test_input_files
