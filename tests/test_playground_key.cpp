// The scenario's `playground:` key (sim/scenario/playground_reader.hpp):
// each path is one --set accepts, each range is typed by the key it ends
// at, every error is located, and a scenario without the key has defaults.
#include <catch2/catch.hpp>

#include "support/scenario_errors.hpp"

#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace test_playground_key {

using namespace ratesim::scenario;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using ratesim::testing::error_prefix_at;
using ratesim::testing::load_error;

namespace {

const char* const kScenario = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 50, itpm: 30k}
  burst: 10s
clients:
  - name: batch
    workers: 8
    workload: {kind: batch, items: 100}
    request: {model: claude-sonnet-4-5, max_tokens: 1024}
    strategy: full-jitter
)";

std::string with_playground(const std::string& block) { return std::string(kScenario) + "playground: " + block + "\n"; }

}  // namespace

TEST_CASE("playground ranges are read by the key each path ends at, with the scenario's value",
          "[playground]") {
    const auto s = load_scenario_text(
        with_playground("{clients.batch.workers: 1..256, api.pools.sonnet.itpm: 10k..400k, api.burst: 1s..60s}"),
        "test.yaml");
    REQUIRE(s.playground.size() == 3);
    CHECK(s.playground[0].path == "clients.batch.workers");
    CHECK(s.playground[0].kind == Tunable::Kind::count);
    CHECK(s.playground[0].min == 1);
    CHECK(s.playground[0].max == 256);
    CHECK(s.playground[0].step == 1);
    CHECK(s.playground[0].value == 8);
    CHECK(s.playground[1].kind == Tunable::Kind::count);
    CHECK(s.playground[1].min == 10000);
    CHECK(s.playground[1].max == 400000);
    CHECK(s.playground[1].step == 100);  // a power of ten below a thousandth of the range, on LO and the value
    CHECK(s.playground[1].value == 30000);
    CHECK(s.playground[2].kind == Tunable::Kind::duration);
    CHECK(s.playground[2].min == 1);
    CHECK(s.playground[2].max == 60);
    CHECK(s.playground[2].value == 10);
}

TEST_CASE("a path the scenario names by index works as --set does, and a set moves the value",
          "[playground]") {
    const auto s = load_scenario_text(with_playground("{clients.0.workers: 1..64}"), "test.yaml",
                                      {"clients.batch.workers=40"});
    REQUIRE(s.playground.size() == 1);
    CHECK(s.playground[0].value == 40);
}

TEST_CASE("the playground key leaves the resolved scenario as it was", "[playground]") {
    const auto without = load_scenario_text(kScenario, "test.yaml");
    const auto with = load_scenario_text(with_playground("{clients.batch.workers: 1..64}"), "test.yaml");
    CHECK(scenario_to_json(with).dump() == scenario_to_json(without).dump());
}

TEST_CASE("a scenario without playground gets workers, each pool's rpm and the burst", "[playground]") {
    const auto s = load_scenario_text(
        ratesim::testing::with_replaced(kScenario, "workers: 8", "workers: 300"), "test.yaml");
    REQUIRE(s.playground.size() == 3);
    CHECK(s.playground[0].path == "clients.batch.workers");
    CHECK(s.playground[0].min == 1);
    CHECK(s.playground[0].max == 600);  // max(256, 2 x 300)
    CHECK(s.playground[0].value == 300);
    CHECK(s.playground[1].path == "api.pools.sonnet.rpm");
    CHECK(s.playground[1].min == 5);  // max(1, 50 / 10)
    CHECK(s.playground[1].max == 500);
    CHECK(s.playground[2].path == "api.burst");
    CHECK(s.playground[2].kind == Tunable::Kind::duration);
    CHECK(s.playground[2].min == 1);
    CHECK(s.playground[2].max == 60);
    const auto small = load_scenario_text(kScenario, "test.yaml");
    CHECK(small.playground[0].max == 256);
    const auto no_rpm = load_scenario_text(
        ratesim::testing::with_replaced(kScenario, "rpm: 50, ", ""), "test.yaml");
    REQUIRE(no_rpm.playground.size() == 2);  // a pool without rpm has no rpm slider
    CHECK(no_rpm.playground[1].path == "api.burst");
}

TEST_CASE("a playground path that names nothing is a located error listing what exists", "[playground]") {
    const std::string yaml = with_playground("{clients.nobody.workers: 1..64}");
    const std::string error = load_error(yaml);
    const std::string at = error_prefix_at(yaml, "1..64");  // "test.yaml:L:C: error: "
    CHECK_THAT(error, StartsWith(at.substr(0, at.find(" error: ")) + " playground clients.nobody.workers: error: "));
    CHECK_THAT(error, Contains("no element 'nobody'"));
    CHECK_THAT(error, Contains("allowed: a name (batch) or an index 0..0"));
    const std::string key = with_playground("{api.brust: 1s..60s}");
    CHECK_THAT(load_error(key), StartsWith(error_prefix_at(key, "1s..60s")));
    CHECK_THAT(load_error(key), Contains("api has no key 'brust' (did you mean 'burst'?)"));
    CHECK_THAT(load_error(key), Contains("allowed: preset, pools, burst"));
}

TEST_CASE("a playground path must end at a count, number or duration key", "[playground]") {
    const std::string yaml = with_playground("{clients.batch.strategy: 1..2}");
    CHECK_THAT(load_error(yaml), StartsWith(error_prefix_at(yaml, "1..2")));
    CHECK_THAT(load_error(yaml), Contains("which a slider cannot set"));
    CHECK_THAT(load_error(yaml), Contains("allowed: a path ending at a count, integer, number or duration key"));
}

TEST_CASE("a playground range must be LO..HI with LO below HI, in the key's units and limits", "[playground]") {
    const struct {
        const char* range;
        const char* problem;
        const char* allowed;
    } cases[] = {
        {"64..1", "the range '64..1' is empty: LO must be below HI", "a range LO..HI with LO < HI, both whole numbers"},
        {"8..8", "the range '8..8' is empty", "LO < HI"},
        {"many", "'many' is not a range LO..HI", "whole numbers"},
        {"1..2.5", "'2.5' in the range is not a whole number", "whole numbers"},
        {"0..64", "the range '0..64' goes beyond what workers allows", "each >= 1 and <= 1000000"},
        {"1..2000000", "goes beyond what workers allows", "<= 1000000"},
        {"10..64", "the scenario's clients.batch.workers is 8, outside the range '10..64'",
         "a range that holds the scenario's value"},
    };
    for (const auto& c : cases) {
        const std::string yaml = with_playground(std::string("{clients.batch.workers: '") + c.range + "'}");
        const std::string error = load_error(yaml);
        INFO(c.range << ": " << error);
        CHECK_THAT(error, StartsWith(error_prefix_at(yaml, std::string("'") + c.range)));
        CHECK_THAT(error, Contains("playground.clients.batch.workers: "));
        CHECK_THAT(error, Contains(c.problem));
        CHECK_THAT(error, Contains("; allowed: "));
        CHECK_THAT(error.substr(error.find("; allowed: ")), Contains(c.allowed));
    }
    const std::string burst = with_playground("{api.burst: 1..60s}");
    CHECK_THAT(load_error(burst), StartsWith(error_prefix_at(burst, "1..60s")));
    CHECK_THAT(load_error(burst), Contains("'1' in the range"));
    CHECK_THAT(load_error(burst), Contains("both durations (e.g. 1s..60s)"));
    const std::string zero = with_playground("{api.burst: 0s..60s}");
    CHECK_THAT(load_error(zero), Contains("goes beyond what burst allows"));
    CHECK_THAT(load_error(zero), Contains("each > 0s"));
}

TEST_CASE("playground must be a non-empty map, each path once", "[playground]") {
    const std::string list = with_playground("[clients.batch.workers]");
    CHECK_THAT(load_error(list), StartsWith(error_prefix_at(list, "[clients")));
    CHECK_THAT(load_error(list), Contains("a map of --set paths to ranges LO..HI"));
    const std::string empty = with_playground("{}");
    CHECK_THAT(load_error(empty), Contains("the map is empty"));
    const std::string twice = with_playground("{clients.batch.workers: 1..64, clients.0.workers: 1..32}");
    CHECK_THAT(load_error(twice), StartsWith(error_prefix_at(twice, "1..32")));
    CHECK_THAT(load_error(twice), Contains("names clients[0].workers, as 'clients.batch.workers' does"));
    const std::string unlimited = with_playground("{api.pools.sonnet.otpm: 1k..10k}");
    CHECK_THAT(load_error(unlimited), Contains("has no value in this scenario (unlimited or unset)"));
}

}  // namespace test_playground_key
