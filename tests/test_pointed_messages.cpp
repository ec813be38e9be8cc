// Every message points at its cause: tags and impossible dates are errors,
// offending values are quoted short and escaped, a full disk is a write
// failure naming the file, and malformed result files or deep nesting get
// located, readable errors.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/program.hpp"
#include <filesystem>
#include <fstream>

#include "sim/output/latency_cdf_file.hpp"
#include "sim/output/result_file_error.hpp"
#include "sim/output/summary_files.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/quoted_excerpt.hpp"
#include "sim/scenario/trace_reader.hpp"

namespace test_pointed_messages {

using namespace ratesim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const char* const kScenario = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 50, itpm: 30k}
clients:
  - name: batch
    workers: 8
    workload: {kind: batch, items: 100}
    request: {model: claude-sonnet-4-5, max_tokens: 1024}
    strategy: full-jitter
)";

std::string error_of(const std::string& yaml) {
    try {
        scenario::load_scenario_text(yaml, "t.yaml");
    } catch (const scenario::InputError& e) {
        return e.what();
    }
    FAIL("no InputError was thrown");
    return "";
}

std::string trace_error(const std::string& csv_text) {
    const ratesim::testing::TempDir tmp;
    const auto trace = tmp / "trace.csv";
    std::ofstream(trace, std::ios::binary) << csv_text;
    return error_of(
        "name: t\napi:\n  pools:\n    free: {models: [claude-sonnet-4-5]}\n"
        "  latency: {round_trip: 100ms, time_to_first_token: 300ms, output_tokens_per_second: 50}\n"
        "clients:\n  - name: replay\n    workers: 10\n    coordination: shared\n"
        "    workload: {kind: trace, file: '" + trace.string() + "'}\n"
        "    request: {model: claude-sonnet-4-5, max_tokens: 100}\n    strategy: sdk-default\n");
}

}  // namespace

TEST_CASE("a YAML tag is an error at its line and column", "[messages]") {
    CHECK_THAT(error_of(std::string(kScenario) + "seed: !!str 7\n"),
               StartsWith("t.yaml:11:7: error:") && Contains("the tag '!!str' is not allowed"));
    CHECK_THAT(error_of(std::string(kScenario) + "seed: !foo 4\n"),
               StartsWith("t.yaml:11:7: error:") && Contains("the tag '!foo' is not allowed"));
    CHECK_THAT(error_of(std::string(kScenario) + "output: !!map {bin: 10s}\n"),
               StartsWith("t.yaml:11:9: error:") && Contains("'!!map'"));
    // Quoting is no tag.
    CHECK_NOTHROW(scenario::load_scenario_text(std::string(kScenario) + "seed: '7'\n", "t.yaml"));
}

TEST_CASE("an impossible date in a trace is no time", "[messages]") {
    CHECK_FALSE(scenario::parse_trace_time("2023-02-31 00:00:00"));
    CHECK_FALSE(scenario::parse_trace_time("2023-02-29 00:00:00"));
    CHECK_FALSE(scenario::parse_trace_time("2023-04-31T10:00:00"));
    CHECK(scenario::parse_trace_time("2024-02-29 00:00:00"));
    CHECK(scenario::parse_trace_time("2023-01-31 23:59:59.5"));
    CHECK_THAT(trace_error("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-02-28 00:00:00,1,1\n"
                           "2023-02-31 00:00:00,1,1\n"),
               Contains(":3: error: column 'TIMESTAMP': '2023-02-31 00:00:00' is not a time"));
}

TEST_CASE("an offending value is quoted short and escaped", "[messages]") {
    using scenario::quoted_excerpt;
    CHECK(quoted_excerpt(std::string("a\0b", 3)) == "'a\\0b'");
    CHECK(quoted_excerpt("\xEF\xBB\xBFTIMESTAMP") == "'\\ufeffTIMESTAMP'");
    CHECK(quoted_excerpt("tab\there\x01") == "'tab\\there\\x01'");
    CHECK(quoted_excerpt(std::string(1000, 'x')) == "'" + std::string(80, 'x') + "...' (1000 bytes)");
    CHECK(quoted_excerpt("\xff") == "'\\xFF'");
}

TEST_CASE("a trace with a byte order mark is read like one without", "[messages]") {
    const ratesim::testing::TempDir tmp;
    const auto trace = tmp.path() / "bom.csv";
    std::ofstream(trace, std::ios::binary)
        << "\xEF\xBB\xBFTIMESTAMP,ContextTokens,GeneratedTokens\n0,10,10\n1,10,10\n";
    const auto config = scenario::load_scenario_text(
        "name: t\napi:\n  pools:\n    free: {models: [claude-sonnet-4-5]}\n"
        "  latency: {round_trip: 100ms, time_to_first_token: 300ms, output_tokens_per_second: 50}\n"
        "clients:\n  - name: replay\n    workers: 10\n    coordination: shared\n"
        "    workload: {kind: trace, file: '" + trace.string() + "'}\n"
        "    request: {model: claude-sonnet-4-5, max_tokens: 100}\n    strategy: sdk-default\n",
        "t.yaml");
    CHECK(config.clients.at(0).workload.items == 2);
}

TEST_CASE("a NUL or a 20 MB field in a trace is quoted escaped and short", "[messages]") {
    const std::string nul = trace_error(std::string("TIMESTAMP,ContextTokens,GeneratedTokens\n0,1\0x,1\n", 48));
    CHECK_THAT(nul, Contains("'1\\0x' is not a token count; allowed: whole numbers >= 0"));
    CHECK(nul.find('\0') == std::string::npos);
    const std::string huge =
        trace_error("TIMESTAMP,ContextTokens,GeneratedTokens\n0," + std::string(20'000'000, '7') + "x,1\n");
    CHECK_THAT(huge, Contains("...' (20000001 bytes) is not a token count"));
    CHECK(huge.size() < 1000);
}

TEST_CASE("a full disk while writing latency_cdf.csv is a write failure naming the file", "[messages]") {
    REQUIRE(std::filesystem::exists("/dev/full"));  // Linux always has it: no silent skip
    try {
        output::write_latency_cdf_csv("/dev/full", {});
        FAIL("no error");
    } catch (const scenario::InputError&) {
        FAIL("a write failure was reported as bad input");
    } catch (const std::runtime_error& e) {
        CHECK_THAT(e.what(), StartsWith("cannot write /dev/full") && Contains("No space left on device"));
    }
}

TEST_CASE("a summary.json of the wrong shape is a readable result-file error", "[messages]") {
    const ratesim::testing::TempDir tmp;
    const auto dir = tmp.path() / "result";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "summary.json") << R"({"scenario": 5, "variants": [1]})";
    try {
        output::read_summary_json(dir);
        FAIL("no error");
    } catch (const output::ResultFileError& e) {
        CHECK_THAT(e.what(), StartsWith((dir / "summary.json").string() + ": error:"));
        CHECK_THAT(e.what(), !Contains("json.exception"));
    }
    std::ofstream(dir / "summary.json") << "{\"scenario\": {,";
    try {
        output::read_summary_json(dir);
        FAIL("no error");
    } catch (const output::ResultFileError& e) {
        CHECK_THAT(e.what(), StartsWith((dir / "summary.json").string() + ": error: not valid JSON at byte"));
        CHECK_THAT(e.what(), !Contains("json.exception"));
    }
}

TEST_CASE("100000 levels of nesting are a clear located error", "[messages]") {
    const std::string lists = std::string(kScenario) + "seed: " + std::string(100'000, '[') +
                              std::string(100'000, ']') + "\n";
    CHECK_THAT(error_of(lists), StartsWith("t.yaml:11:") && Contains("levels of nesting") &&
                                    !Contains("bad file"));
    std::string maps = std::string(kScenario) + "seed: ";
    for (int i = 0; i < 100'000; ++i) maps += "{a: ";
    maps += std::string(100'000, '}') + "\n";
    CHECK_THAT(error_of(maps), StartsWith("t.yaml:11:") && Contains("levels of nesting"));
}

}  // namespace test_pointed_messages
