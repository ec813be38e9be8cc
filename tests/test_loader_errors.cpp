// The scenario loader on bad input: one test per error class, each checking
// the position, the offending key or value and what is allowed.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <catch2/catch.hpp>

#include "support/program.hpp"
#include "support/scenario_errors.hpp"
#include <filesystem>
#include <fstream>

#include "sim/scenario/loader.hpp"

namespace test_loader_errors {

using namespace ratesim::engine;
using namespace ratesim::scenario;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const char* const kMinimalScenario = R"(name: t
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

using ratesim::testing::error_prefix_at;
using ratesim::testing::load_error;

// kMinimalScenario with the first `from` replaced by `to`.
std::string with(const std::string& from, const std::string& to, std::string yaml = kMinimalScenario) {
    return ratesim::testing::with_replaced(std::move(yaml), from, to);
}

void write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("a missing scenario file is reported with the system's reason", "[loader]") {
    const ratesim::testing::TempDir tmp;
    const auto path = tmp / "nope.yaml";
    try {
        load_scenario(path.string());
        FAIL("no error");
    } catch (const ScenarioError& e) {
        CHECK(std::string(e.what()) ==
              "cannot open scenario file '" + path.string() +
                  "': No such file or directory; allowed: a readable regular scenario file");
    }
}

TEST_CASE("a YAML syntax error is reported at its line and column", "[loader]") {
    const std::string yaml = "name: t\napi: {pools: [a\nclients: []\n";
    const std::string message = load_error(yaml);
    CHECK_THAT(message, StartsWith("test.yaml:3:"));
    CHECK_THAT(message, Contains("error: invalid YAML"));
}

TEST_CASE("an unknown key is reported with a did-you-mean and the allowed keys", "[loader]") {
    const std::string yaml = with("workers: 8", "wokers: 8");
    CHECK(load_error(yaml) ==
          error_prefix_at(yaml, "wokers") +
              "clients[0].wokers: unknown key 'wokers' (did you mean 'workers'?); allowed: name, "
              "workers, start, workload, request, strategy, coordination, timeout, deadline, workspace, "
              "batch_size, route");
    const std::string top = with("name: t", "nmae: t");
    CHECK_THAT(load_error(top),
               StartsWith(error_prefix_at(top, "nmae") + "nmae: unknown key 'nmae' (did you mean 'name'?)"));
}

TEST_CASE("a value of the wrong type says what was found and what is allowed", "[loader]") {
    const std::string yaml = with("workers: 8", "workers: {a: 1}");
    CHECK(load_error(yaml) ==
          error_prefix_at(yaml, "{a: 1}") +
              "clients[0].workers: expected a single value, found a map; allowed: an integer from "
              "1 to 1000000");
    const std::string list =
        with("request: {", "request: [", with("max_tokens: 1024}", "max_tokens: 1024]"));
    CHECK_THAT(load_error(list), Contains("clients[0].request: expected a map, found a list"));
}

TEST_CASE("a number-or-none parameter takes none or a number and names both forms when given neither",
          "[loader]") {
    const auto tokens = [](const std::string& value) {
        return with("    strategy: full-jitter\n",
                    "    strategy: {preset: full-jitter, pacing: {kind: sliding-window, tokens: " + value + "}}\n");
    };
    CHECK(std::isinf(load_scenario_text(tokens("none"), "test.yaml").clients[0].strategy.pacing.params.number("tokens")));
    CHECK(load_scenario_text(tokens("80k"), "test.yaml").clients[0].strategy.pacing.params.number("tokens") == 80000);
    const std::string yaml = tokens("plenty");
    CHECK(load_error(yaml) == error_prefix_at(yaml, "plenty") +
                                  "clients[0].strategy.pacing.tokens: 'plenty' is not a number >= 0; allowed: none, "
                                  "or a number >= 0 (k and M suffixes allowed, e.g. 0.5, 40k)");
}

TEST_CASE("a duration with a bad unit names the value and the allowed units", "[loader]") {
    const std::string yaml = with("name: t", "name: t\nduration: 5 minutes");
    CHECK(
        load_error(yaml) ==
        error_prefix_at(yaml, "5 minutes") +
            "duration: '5 minutes': write the unit right after the number, with no space; "
            "allowed: a number with a unit ms, s, m, h or d (e.g. 250ms, 30s, 1.5m, 2h, 1d), or 0");
    const std::string negative = with("name: t", "name: t\nduration: -3s");
    CHECK_THAT(load_error(negative),
               StartsWith(error_prefix_at(negative, "-3s") + "duration: '-3s' is negative; allowed:"));
    const std::string bare = with("name: t", "name: t\noutput: {bin: 5}");
    CHECK_THAT(load_error(bare),
               StartsWith(error_prefix_at(bare, "5}") + "output.bin: '5' has no unit; allowed:"));
}

TEST_CASE("zero or negative limits and workers are rejected", "[loader]") {
    const std::string zero = with("rpm: 50", "rpm: 0");
    CHECK(load_error(zero) ==
          error_prefix_at(zero, "0,") +
              "api.pools.sonnet.rpm: found 0; allowed: a count > 0 (e.g. 50, 450k, 2M)");
    const std::string negative = with("itpm: 30k", "itpm: -30k");
    CHECK_THAT(load_error(negative),
               StartsWith(error_prefix_at(negative, "-30k") + "api.pools.sonnet.itpm: '-30k' is negative"));
    const std::string workers = with("workers: 8", "workers: -2");
    CHECK(load_error(workers) ==
          error_prefix_at(workers, "-2") +
              "clients[0].workers: found -2; allowed: an integer from 1 to 1000000");
}

TEST_CASE("an empty client list is rejected", "[loader]") {
    const std::string yaml = "name: t\napi: {pools: {s: {models: [m]}}}\nclients: []\n";
    CHECK(load_error(yaml) ==
          error_prefix_at(yaml, "[]") +
              "clients: the list of client groups is empty; allowed: at least one group, e.g. "
              "[{name: batch, workers: 8, ...}]");
}

TEST_CASE("a request for a model in no pool lists the known models", "[loader]") {
    const std::string yaml = with("{model: claude-sonnet-4-5,", "{model: claude-sonet-4-5,");
    CHECK(load_error(yaml) ==
          error_prefix_at(yaml, "claude-sonet") +
              "clients[0].request.model: unknown model 'claude-sonet-4-5' (did you mean "
              "'claude-sonnet-4-5'?) (it is in no pool of api.pools); allowed: claude-sonnet-4-5");
}

TEST_CASE("output tokens that can exceed max_tokens are rejected", "[loader]") {
    const std::string yaml =
        with("max_tokens: 1024}",
             "max_tokens: 1024, output_tokens: {dist: uniform, min: 100, max: 2k}}");
    CHECK_THAT(
        load_error(yaml),
        StartsWith(error_prefix_at(yaml, "{dist: uniform") +
                   "clients[0].request.output_tokens: output_tokens can reach 2000 but "
                   "max_tokens can be as low as 1024; allowed: output_tokens whose largest"));
    // An unbounded distribution is capped by the server instead.
    CHECK_NOTHROW(load_scenario_text(
        with("max_tokens: 1024}",
             "max_tokens: 1024, output_tokens: {dist: lognormal, median: 300, p95: 2k}}"),
        "t"));
}

TEST_CASE("an unknown strategy preset lists the presets with a did-you-mean", "[loader]") {
    const std::string yaml = with("strategy: full-jitter", "strategy: ful-jitter");
    const std::string message = load_error(yaml);
    CHECK_THAT(message,
               StartsWith(error_prefix_at(yaml, "ful-jitter") +
                          "clients[0].strategy: unknown strategy preset 'ful-jitter' (did you mean "
                          "'full-jitter'?); allowed: naive, exponential, full-jitter"));
}

TEST_CASE("an unknown strategy kind lists the kinds of that part", "[loader]") {
    const std::string yaml =
        with("strategy: full-jitter", "strategy: {retry: {kind: exponentail}}");
    CHECK_THAT(
        load_error(yaml),
        StartsWith(error_prefix_at(yaml, "exponentail") +
                   "clients[0].strategy.retry.kind: unknown retry kind 'exponentail' (did "
                   "you mean 'exponential'?); allowed: none, immediate, fixed, exponential"));
}

TEST_CASE("an unknown strategy parameter lists the kind's parameters", "[loader]") {
    const std::string yaml =
        with("strategy: full-jitter", "strategy: {preset: full-jitter, retry: {bse: 1s}}");
    const std::string message = load_error(yaml);
    CHECK_THAT(message,
               StartsWith(error_prefix_at(yaml, "bse") +
                          "clients[0].strategy.retry.bse: unknown parameter 'bse' for "
                          "retry kind 'full-jitter' (did you mean 'base'?); allowed: kind, "
                          "base, cap"));
    const std::string bad_value =
        with("strategy: full-jitter", "strategy: {retry: {kind: fixed, delay: soon}}");
    CHECK_THAT(load_error(bad_value),
               Contains("clients[0].strategy.retry.delay: 'soon' is not a duration"));
}

TEST_CASE("duplicate group names are rejected at the second one", "[loader]") {
    std::string yaml = kMinimalScenario;
    yaml +=
        "  - name: batch\n    workload: {kind: batch, items: 1}\n    request: {model: "
        "claude-sonnet-4-5}\n"
        "    strategy: naive\n";
    CHECK(load_error(yaml) ==
          error_prefix_at(yaml, "batch\n    workload: {kind: batch, items: 1}") +
              "clients[1].name: duplicate group name 'batch' (clients[0] has it too); allowed: a "
              "unique name per group");
}

TEST_CASE("max_in_flight without shared coordination is rejected", "[loader]") {
    const std::string yaml =
        with("strategy: full-jitter", "strategy: {preset: full-jitter, max_in_flight: 4}");
    CHECK_THAT(load_error(yaml),
               StartsWith(error_prefix_at(yaml, "{preset") +
                          "clients[0].strategy: max_in_flight caps a group's attempts in flight; "
                          "it needs coordination: shared; allowed: coordination: shared"));
    CHECK_NOTHROW(
        load_scenario_text(with("workers: 8", "workers: 8\n    coordination: shared", yaml), "t"));
}

TEST_CASE("aimd and ramp without shared coordination are rejected like max_in_flight", "[loader]") {
    const std::string aimd = with("strategy: full-jitter", "strategy: aimd");
    CHECK_THAT(load_error(aimd),
               StartsWith(error_prefix_at(aimd, "aimd") +
                          "clients[0].strategy: budget kind 'aimd' caps a group's attempts in flight; "
                          "it needs coordination: shared"));
    const std::string ramp = with("strategy: full-jitter", "strategy: {preset: full-jitter, pacing: ramp}");
    CHECK_THAT(load_error(ramp), Contains("pacing kind 'ramp' caps a group's attempts in flight"));
    const std::string stacked =
        with("strategy: full-jitter", "strategy: {preset: aws-standard, max_in_flight: 3}");
    CHECK_THAT(load_error(stacked), Contains("clients[0].strategy: max_in_flight caps a group's attempts"));
    const std::string variant = with("strategy: full-jitter", "strategy: full-jitter\ncompare: {strategies: [aimd]}");
    CHECK_THAT(load_error(variant), Contains("budget kind 'aimd' caps a group's attempts in flight; it needs "
                                           "coordination: shared, and group 'batch' has coordination: none"));
    CHECK_NOTHROW(
        load_scenario_text(with("workers: 8", "workers: 8\n    coordination: shared", aimd), "t"));
}

TEST_CASE("empty documents, scalars and lists at the top level are rejected", "[loader]") {
    CHECK_THAT(
        load_error(""),
        StartsWith("test.yaml:1:1: error: the scenario must be a map, found an empty document"));
    CHECK_THAT(load_error("hello"),
               Contains("found the value 'hello'; allowed: a map with keys name"));
    CHECK_THAT(load_error("- 1\n- 2\n"), Contains("found a list"));
    CHECK_THAT(
        load_error("name: t\n---\nname: u\n"),
        StartsWith("test.yaml:2:1: error: invalid YAML: content after the end of the document"));
    // yaml-cpp 0.7's LoadAll never returns on these.
    CHECK_THAT(load_error(",name: t\n"),
               StartsWith("test.yaml:1:1: error: invalid YAML: content after the end"));
    CHECK_THAT(load_error("[a], b\n"),
               StartsWith("test.yaml:1:4: error: invalid YAML: content after the end"));
    CHECK_THAT(load_error("name: t\n"), Contains("test.yaml:1:1: error: missing required key 'api'"));
    CHECK_THAT(load_error(with("name: t", "name: ../x")), Contains("name: invalid name '../x'"));
    CHECK_THAT(load_error(with("name: t", "name: t\nname: u")),
               Contains("duplicate key 'name' (first given at line 1)"));
    CHECK_THAT(load_error(std::string(100000, '[')), Contains("test.yaml:"));
}

TEST_CASE("an empirical distribution reads its CSV column relative to the scenario file",
          "[loader]") {
    const ratesim::testing::TempDir tmp;
    const auto& dir = tmp.path();
    write(dir / "sizes.csv", "id,input\n1,100\n2, 250\r\n3,4000\n");
    write(
        dir / "s.yaml",
        with("max_tokens: 1024}",
             "max_tokens: 1024, input_tokens: {dist: empirical, file: sizes.csv, column: input}}"));
    const ScenarioConfig c = load_scenario((dir / "s.yaml").string());
    const auto& d = c.clients[0].request.input_tokens;
    CHECK(d.kind() == ratesim::models::Distribution::Kind::empirical);
    CHECK(d.min() == 100);
    CHECK(d.max() == 4000);
    CHECK(d.source() == (dir / "sizes.csv").string() + "#input");
}

TEST_CASE("a malformed or missing empirical CSV is reported with its file and line", "[loader]") {
    const ratesim::testing::TempDir tmp;
    const auto& dir = tmp.path();
    write(dir / "sizes.csv", "id,input\n1,100\n2,abc\n");
    const std::string yaml =
        with("max_tokens: 1024}",
             "max_tokens: 1024, input_tokens: {dist: empirical, file: sizes.csv, column: input}}");
    write(dir / "s.yaml", yaml);
    const std::string csv = (dir / "sizes.csv").string();
    try {
        load_scenario((dir / "s.yaml").string());
        FAIL("no error");
    } catch (const ScenarioError& e) {
        CHECK_THAT(
            e.what(),
            StartsWith(
                csv +
                ":3: error: column 'input': 'abc' is not a number >= 0; allowed: numbers >= 0"));
        CHECK_THAT(e.what(), Contains("clients[0].request.input_tokens"));
    }
    write(dir / "sizes.csv", "id,input\n1,100\n2\n");
    CHECK_THROWS_WITH(load_scenario((dir / "s.yaml").string()),
                      StartsWith(csv + ":3: error: the row has 1 fields"));
    write(dir / "sizes.csv", "id,inputs\n1,100\n");
    CHECK_THROWS_WITH(load_scenario((dir / "s.yaml").string()),
                      Contains("has no column 'input' (did you mean 'inputs'?)"));
    std::filesystem::remove(dir / "sizes.csv");
    const std::string missing = (dir / "s.yaml").string() + ":9:";
    CHECK_THROWS_WITH(
        load_scenario((dir / "s.yaml").string()),
        StartsWith(missing) && Contains("cannot open '" + csv + "': No such file or directory"));
}

TEST_CASE("no input makes the loader throw anything but a ScenarioError", "[loader]") {
    const std::string base =
        std::string(kMinimalScenario) +
        "compare:\n  strategies: [naive, {retry: {kind: sdk, retry_on: [429, 5xx]}}]\n"
        "output: {bin: 10s}\n";
    const std::string alphabet = ":{}[]-,#&*!|>'\"\n 0k.5s";
    std::uint64_t state = 12345;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33);
    };
    int rejected = 0;
    for (int i = 0; i < 1500; ++i) {
        std::string yaml = base;
        for (int edits = 1 + static_cast<int>(next() % 3); edits > 0; --edits) {
            const std::size_t pos = next() % yaml.size();
            switch (next() % 3) {
                case 0:
                    yaml.erase(pos, 1 + next() % 8);
                    break;
                case 1:
                    yaml.insert(pos, 1, alphabet[next() % alphabet.size()]);
                    break;
                default:
                    yaml[pos] = alphabet[next() % alphabet.size()];
            }
            if (yaml.empty()) yaml.push_back('x');
        }
        try {
            load_scenario_text(yaml, "fuzz.yaml", {"clients.0.workers=2"});
        } catch (const ScenarioError&) {
            ++rejected;
        } catch (const std::exception& e) {
            FAIL("non-ScenarioError for input:\n" << yaml << "\n" << e.what());
        }
    }
    CHECK(rejected > 0);
}

}  // namespace test_loader_errors
