// The scenario loader on valid input: typed values, defaults, units, --set.
#include <catch2/catch.hpp>
#include <cmath>

#include "models/strategy/registry.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace test_loader {

using namespace ratesim;
using namespace ratesim::engine;
using namespace ratesim::scenario;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const char* const kFull = R"(name: shared-org
description: Eight workers share Sonnet limits.
seed: 7
duration: 2h
replications: 3
api:
  burst: 1s
  output_accounting: reserve-max-tokens
  pools:
    sonnet:
      models: [claude-sonnet-4-5, claude-sonnet-4]
      rpm: 50
      itpm: 30k
      otpm: 8k
    haiku:
      models: [claude-haiku-4-5]
      rpm: 1000
      output_accounting: streamed
      cache_reads_count: true
  latency:
    round_trip: 80ms
    time_to_first_token: {dist: lognormal, median: 500ms, p95: 2s}
    output_tokens_per_second: {dist: uniform, min: 40, max: 80}
  capacity:
    incidents: [{at: 30m, for: 3m, overload: 0.5}, {at: 10m, for: 1m, overload: 1}]
    random: {every: 6h, for: {dist: exponential, mean: 10m}, overload: 0.3}
    retry_after: 5s
    consumes_budget: true
    latency_factor: 2
clients:
  - name: batch
    workers: 8
    workload: {kind: batch, items: 2k}
    request:
      model: claude-sonnet-4-5
      input_tokens: {dist: lognormal, median: 1500, p95: 6000}
      cache_read_tokens: {dist: normal, mean: 200, sd: 50}
      max_tokens: 1024
      output_tokens: {dist: uniform, min: 100, max: 900}
    strategy: full-jitter
  - name: chat
    start: 5m
    workload: {kind: poisson, rate: 120/min}
    request: {model: claude-haiku-4-5, input_tokens: 2k}
    strategy:
      name: capped
      preset: exponential
      retry: {cap: 30s, max_retries: 5, retry_on: [429, 5xx, timeout]}
      max_in_flight: 4
    coordination: shared
    timeout: 30s
    deadline: 5m
output: {bin: 5s}
)";

const char* const kMinimal = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 50}
clients:
  - name: batch
    workers: 8
    workload: {kind: batch, items: 100}
    request: {model: claude-sonnet-4-5}
    strategy: full-jitter
)";

std::string error_of(const std::string& yaml, const std::vector<std::string>& sets = {}) {
    try {
        load_scenario_text(yaml, "test.yaml", sets);
    } catch (const ScenarioError& e) {
        return e.what();
    }
    FAIL("no ScenarioError was thrown");
    return "";
}

}  // namespace

TEST_CASE("a complete scenario resolves to typed values with units converted", "[loader]") {
    const ScenarioConfig c = load_scenario_text(kFull, "full.yaml");
    CHECK(c.file == "full.yaml");
    CHECK(c.name == "shared-org");
    CHECK(c.description == "Eight workers share Sonnet limits.");
    CHECK(c.seed == 7);
    CHECK(c.duration == seconds(7200));
    CHECK(c.replications == 3);
    CHECK(c.bin == seconds(5));
    CHECK(c.variants.empty());

    const auto& api = c.api;
    CHECK(api.burst == seconds(1));
    CHECK(api.output_accounting == models::OutputAccounting::reserve_max_tokens);
    REQUIRE(api.pools.size() == 2);
    CHECK(api.pools[0].name == "sonnet");
    CHECK(api.pools[0].models == std::vector<std::string>{"claude-sonnet-4-5", "claude-sonnet-4"});
    CHECK(*api.pools[0].rpm == 50);
    CHECK(*api.pools[0].itpm == 30000);
    CHECK(*api.pools[0].otpm == 8000);
    CHECK(api.pools[0].output_accounting ==
          models::OutputAccounting::reserve_max_tokens);  // inherited
    CHECK_FALSE(api.pools[0].cache_reads_count);
    CHECK(api.pools[1].output_accounting == models::OutputAccounting::streamed);  // overridden
    CHECK_FALSE(api.pools[1].itpm.has_value());
    CHECK(api.pools[1].cache_reads_count);

    CHECK(api.latency.round_trip_s.kind() == models::Distribution::Kind::constant);
    CHECK(api.latency.round_trip_s.mean() == Approx(0.08));
    CHECK(api.latency.time_to_first_token_s.kind() == models::Distribution::Kind::lognormal);
    CHECK(std::exp(api.latency.time_to_first_token_s.parameters()[0].second) ==
          Approx(0.5));  // median in s
    CHECK(api.latency.output_tokens_per_second.max() == 80);

    REQUIRE(api.incidents.scheduled.size() == 2);
    CHECK(api.incidents.scheduled[0].at == seconds(600));  // sorted by start
    CHECK(api.incidents.scheduled[0].length == seconds(60));
    CHECK(api.incidents.scheduled[0].overload == 1);
    CHECK(api.incidents.scheduled[1].at == seconds(1800));
    CHECK(api.incidents.random.mean_gap == seconds(6 * 3600));
    CHECK(api.incidents.random.length_s.mean() == Approx(600));
    CHECK(api.incidents.random.overload == Approx(0.3));
    CHECK(api.incidents.retry_after == seconds(5));
    CHECK(api.incidents.consumes_budget);
    CHECK(api.incidents.latency_factor == 2);

    REQUIRE(c.clients.size() == 2);
    const auto& batch = c.clients[0];
    CHECK(batch.name == "batch");
    CHECK(batch.workers == 8);
    CHECK(batch.start == 0);
    CHECK(batch.workload.kind == models::WorkloadConfig::Kind::fixed_items);
    CHECK(batch.workload.items == 2000);
    CHECK(batch.request.model == "claude-sonnet-4-5");
    CHECK(batch.request.input_tokens.kind() == models::Distribution::Kind::lognormal);
    CHECK(batch.request.cache_read_tokens.kind() == models::Distribution::Kind::normal);
    CHECK(batch.request.max_tokens.max() == 1024);
    CHECK(batch.request.output_tokens.min() == 100);
    CHECK(batch.request.output_tokens.max() == 900);
    CHECK(batch.strategy.name == "full-jitter");
    CHECK(batch.strategy.strategy_preset == "full-jitter");
    CHECK(batch.strategy.retry.kind == "full-jitter");
    CHECK(batch.coordination == models::Coordination::none);
    CHECK(batch.timeout == seconds(600));
    CHECK(batch.deadline == kNever);

    const auto& chat = c.clients[1];
    CHECK(chat.workers == 1);
    CHECK(chat.start == seconds(300));
    CHECK(chat.workload.kind == models::WorkloadConfig::Kind::poisson);
    CHECK(chat.workload.rate.is_constant());
    CHECK(chat.workload.rate.base() == Approx(2.0));
    CHECK(chat.request.input_tokens.mean() == 2000);
    CHECK(chat.request.max_tokens.mean() == 1024);  // defaults
    CHECK(chat.request.output_tokens.mean() == 500);
    CHECK(chat.coordination == models::Coordination::shared);
    CHECK(chat.timeout == seconds(30));
    CHECK(chat.deadline == seconds(300));
    const auto& s = chat.strategy;
    CHECK(s.name == "capped");
    CHECK(s.strategy_preset == "exponential");
    CHECK(s.retry.kind == "exponential");
    CHECK(s.retry.params.number("cap") == 30);
    CHECK(s.retry.params.number("base") == 1);  // the kind's default
    CHECK(s.retry.params.number("max_retries") == 5);
    const auto& statuses = s.retry.params.statuses("retry_on");
    CHECK(statuses.contains(429));
    CHECK(statuses.contains(503));
    CHECK(statuses.contains(models::StatusSet::kTimeout));
    CHECK_FALSE(statuses.contains(404));
    CHECK(s.pacing.kind == "none");
    CHECK(s.budget.kind == "max-in-flight");
    CHECK(s.budget.params.number("limit") == 4);
}

TEST_CASE("a minimal scenario gets every documented default", "[loader]") {
    const ScenarioConfig c = load_scenario_text(kMinimal, "min.yaml");
    CHECK(c.description.empty());
    CHECK(c.seed == 1);
    CHECK(c.duration == seconds(3600));
    CHECK(c.replications == 1);
    CHECK(c.bin == seconds(10));
    CHECK(c.api.burst == seconds(60));
    CHECK(c.api.output_accounting == models::OutputAccounting::streamed);
    CHECK_FALSE(c.api.pools[0].itpm.has_value());
    CHECK(c.api.latency.round_trip_s.mean() == Approx(0.1));
    CHECK(c.api.incidents.scheduled.empty());
    CHECK(c.api.incidents.random.mean_gap == 0);
    CHECK(c.api.incidents.retry_after == kNever);
    CHECK(c.clients[0].request.input_tokens.mean() == 1000);
    CHECK(c.clients[0].request.cache_read_tokens.mean() == 0);
}

TEST_CASE("compare strategies become labelled variants and groups may omit their own", "[loader]") {
    std::string yaml = kMinimal;
    yaml.replace(yaml.find("    strategy: full-jitter\n"), 26, "");
    yaml += R"(compare:
  strategies:
    - naive
    - {preset: full-jitter, name: fj-fast, retry: {base: 100ms}}
    - {retry: fixed}
    - {retry: {kind: exponential, max_retries: unlimited}, pacing: header-proactive}
)";
    const ScenarioConfig c = load_scenario_text(yaml, "cmp.yaml");
    REQUIRE(c.variants.size() == 4);
    CHECK(c.variants[0].name == "naive");
    CHECK(c.variants[0].retry.kind == "immediate");
    CHECK(c.variants[1].name == "fj-fast");
    CHECK(c.variants[1].retry.kind == "full-jitter");
    CHECK(c.variants[1].retry.params.number("base") == Approx(0.1));
    CHECK(c.variants[2].name == "custom-3");
    CHECK(c.variants[2].strategy_preset.empty());
    CHECK(c.variants[2].retry.kind == "fixed");
    CHECK(c.variants[2].budget.kind == "none");
    CHECK(std::isinf(c.variants[3].retry.params.number("max_retries")));
    CHECK(c.variants[3].pacing.kind == "header-proactive");
    CHECK(c.clients[0].strategy.name.empty());
}

TEST_CASE("a --set override replaces values by group name, index and pool key", "[loader]") {
    const ScenarioConfig c = load_scenario_text(
        kFull, "full.yaml",
        {"clients.batch.workers=16", "clients.1.timeout=45s", "api.pools.sonnet.rpm=100",
         "duration=30m", "clients.chat.workload={kind: batch, items: 10}"});
    CHECK(c.clients[0].workers == 16);
    CHECK(c.clients[1].timeout == seconds(45));
    CHECK(*c.api.pools[0].rpm == 100);
    CHECK(c.duration == seconds(1800));
    CHECK(c.clients[1].workload.kind == models::WorkloadConfig::Kind::fixed_items);
    CHECK(c.clients[1].workload.items == 10);
}

TEST_CASE("a --set override creates a missing final key and parses its value as YAML", "[loader]") {
    std::string yaml = kMinimal;
    const ScenarioConfig c = load_scenario_text(
        yaml, "min.yaml",
        {"clients.batch.deadline=1m", "compare={strategies: [naive, exponential]}",
         "description=from the command line"});
    CHECK(c.clients[0].deadline == seconds(60));
    REQUIRE(c.variants.size() == 2);
    CHECK(c.variants[1].name == "exponential");
    CHECK(c.description == "from the command line");
}

TEST_CASE("a --set override on a missing group is an error that lists the groups", "[loader]") {
    const std::string message = error_of(kFull, {"clients.batsh.workers=3"});
    CHECK_THAT(message, StartsWith("--set clients.batsh.workers=3: error: "));
    CHECK_THAT(message, Contains("clients has no element 'batsh' (did you mean 'batch'?)"));
    CHECK_THAT(message, Contains("allowed: a name (batch, chat) or an index 0..1"));
}

TEST_CASE("a --set override through a missing intermediate key lists the keys that exist", "[loader]") {
    const std::string message = error_of(kMinimal, {"api.capacity.retry_after=5s"});
    CHECK_THAT(message,
               StartsWith("--set api.capacity.retry_after=5s: error: api has no key 'capacity'"));
    CHECK_THAT(message, Contains("allowed: pools"));
}

TEST_CASE("a bad value given by --set is reported against the --set, not the file", "[loader]") {
    const std::string message = error_of(kMinimal, {"clients.batch.workers=0"});
    CHECK(message ==
          "--set clients.batch.workers=0: error: clients[0].workers: found 0; allowed: an integer "
          "from 1 to 1000000");
    const std::string unknown = error_of(kMinimal, {"api.burts=1s"});
    CHECK_THAT(
        unknown,
        StartsWith(
            "--set api.burts=1s: error: api.burts: unknown key 'burts' (did you mean 'burst'?)"));
}

TEST_CASE("malformed --set strings are errors", "[loader]") {
    CHECK_THAT(error_of(kMinimal, {"clients.batch.workers"}),
               StartsWith("--set clients.batch.workers: error: expected PATH=VALUE"));
    CHECK_THAT(error_of(kMinimal, {"=3"}), Contains("the path before '=' is empty"));
    CHECK_THAT(error_of(kMinimal, {"clients..workers=3"}), Contains("empty path segment"));
    CHECK_THAT(error_of(kMinimal, {"seed={a: [1"}), Contains("the value is not valid YAML"));
    CHECK_THAT(error_of(kMinimal, {"seed=[1], 2"}),
               Contains("the value is not valid YAML: content after the end"));
    CHECK_THAT(error_of(kMinimal, {"name.x=3"}),
               Contains("name is the value 't', not a map or a list"));
}

TEST_CASE("the resolved scenario serialises to JSON with YAML key names and units", "[loader]") {
    const nlohmann::json j = scenario_to_json(load_scenario_text(kFull, "full.yaml"));
    CHECK(j["name"] == "shared-org");
    CHECK(j["duration"] == "7200s");
    CHECK(j["output"]["bin"] == "5s");
    CHECK(j["api"]["burst"] == "1s");
    CHECK(j["api"]["output_accounting"] == "reserve-max-tokens");
    CHECK(j["api"]["pools"]["sonnet"]["itpm"] == 30000);
    CHECK(j["api"]["pools"]["haiku"]["itpm"].is_null());
    CHECK(j["api"]["latency"]["round_trip"] ==
          nlohmann::json{{"dist", "constant"}, {"value", "80ms"}});
    CHECK(j["api"]["latency"]["output_tokens_per_second"]["max"] == 80);
    CHECK(j["api"]["capacity"]["incidents"][0]["at"] == "600s");
    CHECK(j["api"]["capacity"]["random"]["for"]["mean"] == "600s");
    CHECK(j["api"]["capacity"]["retry_after"] == "5s");
    const auto& chat = j["clients"][1];
    CHECK(chat["workload"]["rate"] == "2/s");
    CHECK(chat["deadline"] == "300s");
    CHECK(chat["request"]["max_tokens"]["value"] == 1024);
    CHECK(chat["strategy"]["name"] == "capped");
    CHECK(chat["strategy"]["retry"]["kind"] == "exponential");
    CHECK(chat["strategy"]["retry"]["cap"] == "30s");
    CHECK(chat["strategy"]["retry"]["retry_on"] == "429, 500-599, timeout");
    CHECK(chat["strategy"]["budget"]["limit"] == 4);
    CHECK(j["clients"][0]["deadline"] == "none");
    CHECK(j["compare"]["strategies"].empty());
}

}  // namespace test_loader
