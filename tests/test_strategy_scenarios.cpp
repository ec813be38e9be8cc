// Strategies at work in whole runs: the retry storm's robust result (plain
// exponential backoff keeps the herd synchronized), retry budgets failing
// items in a run, and strategies composed in scenario files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"

namespace test_strategy_scenarios {

using namespace ratesim;

namespace {

const std::string kSource = RATESIM_SOURCE_DIR;

struct Means {
    double attempts = 0, makespan_s = 0, succeeded = 0, failed = 0;
};

std::map<std::string, Means> means_by_variant(const scenario::ScenarioConfig& s) {
    std::map<std::string, Means> out;
    for (const auto& v : run::run_experiment(s, run::ExperimentOptions{})) {
        Means m;
        for (const auto& r : v.runs) {
            m.attempts += static_cast<double>(r.attempts);
            m.makespan_s += std::isnan(r.makespan_s) ? r.simulated_s : r.makespan_s;
            m.succeeded += static_cast<double>(r.succeeded);
            m.failed += static_cast<double>(r.failed);
        }
        const double n = static_cast<double>(v.runs.size());
        m.attempts /= n;
        m.makespan_s /= n;
        m.succeeded /= n;
        m.failed /= n;
        out[v.variant.name] = m;
    }
    return out;
}

}  // namespace

TEST_CASE("a shared sliding-window cap matched to the pool's rate meets the retry storm without a single 429",
          "[strategy][scenario]") {
    // scenarios/retry-storm.yaml's 100 RPM pool with a 1 s burst, 200 items: one send per 600 ms
    // for the whole group is exactly the pool's rate, so every attempt is admitted.
    const scenario::ScenarioConfig s = scenario::load_scenario(
        kSource + "/scenarios/retry-storm.yaml",
        {"clients.storm.workers=50", "clients.storm.workload.items=200", "clients.storm.coordination=shared",
         "compare={strategies: [{preset: full-jitter, name: windowed, "
         "pacing: {kind: sliding-window, requests: 1, window: 600ms}}]}"});
    const auto m = means_by_variant(s);
    REQUIRE(m.size() == 1);
    CHECK(m.at("windowed").succeeded == 200);
    CHECK(m.at("windowed").attempts == 200);  // no 429, so no retry
    // The first send at 0, the 200th at 199 * 0.6 s, then its answer: 50 ms round trip,
    // 300 ms to the first token, 100 tokens at 100 per second.
    CHECK(m.at("windowed").makespan_s == Approx(199 * 0.6 + 0.05 + 0.3 + 1.0).margin(1e-6));
}

TEST_CASE("in the retry storm plain exponential backoff takes several times longer and does the most work",
          "[strategy][scenario]") {
    // scenarios/retry-storm.yaml, smaller: 50 workers, 300 items, 3 replications.
    const scenario::ScenarioConfig s = scenario::load_scenario(
        kSource + "/scenarios/retry-storm.yaml",
        {"clients.storm.workers=50", "clients.storm.workload.items=300", "duration=4h", "replications=3",
         "compare={strategies: [exponential, full-jitter, equal-jitter, decorrelated-jitter]}"});
    const auto m = means_by_variant(s);
    REQUIRE(m.size() == 4);
    const Means& plain = m.at("exponential");
    for (const char* jittered : {"full-jitter", "equal-jitter", "decorrelated-jitter"}) {
        const Means& j = m.at(jittered);
        INFO(fmt::format("{}: {:.0f} attempts, {:.0f} s; exponential: {:.0f} attempts, {:.0f} s", jittered,
                         j.attempts, j.makespan_s, plain.attempts, plain.makespan_s));
        CHECK(j.succeeded == 300);
        CHECK(plain.makespan_s > 3 * j.makespan_s);
        CHECK(plain.attempts > 1.1 * j.attempts);
    }
    CHECK(plain.succeeded == 300);  // it does finish, only late
}

TEST_CASE("retry budgets fail items in a run once the budget is spent", "[strategy][scenario]") {
    // 40 workers, 10 requests per minute, a 1 s burst: most attempts get 429.
    // Unlimited full-jitter retries finish everything; the budgets give up.
    const std::string yaml = R"(name: budgets
seed: 5
duration: 2h
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 10}
  burst: 1s
  latency: {round_trip: 50ms, time_to_first_token: 100ms, output_tokens_per_second: 1000}
clients:
  - name: a
    workers: 40
    coordination: shared
    workload: {kind: batch, items: 200}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 100, output_tokens: 10}
compare:
  strategies:
    - {name: unlimited, retry: {kind: full-jitter, base: 100ms, cap: 5s}}
    - {name: grpc, retry: {kind: full-jitter, base: 100ms, cap: 5s}, budget: grpc-throttle}
    - {name: quota, retry: {kind: full-jitter, base: 100ms, cap: 5s}, budget: {kind: aws-quota, capacity: 50}}
    - {name: finagle, retry: {kind: full-jitter, base: 100ms, cap: 5s}, budget: {kind: retry-budget, min_retries_per_sec: 1, percent_can_retry: 0.1}}
output: {bin: 1m}
)";
    const auto m = means_by_variant(scenario::load_scenario_text(yaml, "budgets.yaml"));
    CHECK(m.at("unlimited").succeeded == 200);
    CHECK(m.at("unlimited").failed == 0);
    // The bucket holds one request (60 / 10 = 6 s, longer than the 1 s
    // burst): the first attempt takes it and the 40 workers get 429s through
    // the 200 items within a second or so. Each budget lets its own number of
    // retries through and then fails every item on its first 429:
    //   grpc-throttle: 10 tokens, one lost per 429, retries while above 5: 4;
    //   aws-quota: capacity 50 at 5 per retry: 10;
    //   retry-budget: 1 retry/s over its 10 s window, plus 10% of 200 requests: 30.
    const std::map<std::string, double> retries = {{"grpc", 4}, {"quota", 10}, {"finagle", 30}};
    for (const auto& [budgeted, allowed] : retries) {
        INFO(budgeted);
        CHECK(m.at(budgeted).succeeded == 1);
        CHECK(m.at(budgeted).failed == 199);
        CHECK(m.at(budgeted).attempts == 200 + allowed);
        CHECK(m.at(budgeted).attempts < m.at("unlimited").attempts);
    }
}

TEST_CASE("any retry composes with any pacing and any budget in a scenario file", "[strategy][scenario]") {
    const std::string yaml = R"(name: compose
seed: 2
duration: 1h
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 50, itpm: 80k, otpm: 30k}
clients:
  - name: a
    workers: 8
    coordination: shared
    workload: {kind: batch, items: 40}
    request: {model: claude-sonnet-4-5, input_tokens: 1000, max_tokens: 500, output_tokens: 200}
    strategy:
      retry: {kind: full-jitter, base: 500ms, cap: 30s, retry_after: at-least}
      pacing: {kind: header-proactive, threshold: 0.2}
      max_in_flight: 5
compare:
  strategies:
    - {retry: {kind: decorrelated-jitter, retry_after_jitter: 0.1}, pacing: {kind: token-bucket, fraction: 0.75}, budget: aimd}
    - {retry: sdk, pacing: aws-adaptive, budget: {kind: aws-quota, retry_cost: 2}}
    - {preset: sre-throttle, pacing: {window: 1m}, budget: retry-budget}
    - {preset: grpc, pacing: {kind: ramp, start: 2, full: 8, duration: 30s}}
    - client-token-bucket
    - {preset: aws-standard, max_in_flight: 3}
output: {bin: 1m}
)";
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "compose.yaml");
    REQUIRE(s.variants.size() == 6);
    CHECK(s.clients[0].strategy.budget.kind == "max-in-flight");
    CHECK(s.clients[0].strategy.pacing.params.number("threshold") == 0.2);
    CHECK(s.variants[0].pacing.params.number("fraction") == 0.75);
    CHECK(s.variants[1].budget.params.number("retry_cost") == 2);
    CHECK(s.variants[2].pacing.kind == "sre-throttle");
    CHECK(s.variants[2].pacing.params.number("window") == 60);
    CHECK(s.variants[2].budget.kind == "retry-budget");
    CHECK(s.variants[3].pacing.kind == "ramp");
    CHECK(s.variants[3].budget.kind == "grpc-throttle");
    CHECK(s.variants[5].max_in_flight == 3);  // beside the preset's budget, not instead of it
    CHECK(s.variants[5].budget.kind == "aws-quota");
    for (const auto& [name, means] : means_by_variant(s)) {
        INFO(name);
        CHECK(means.succeeded == 40);  // every composition finishes the batch within the hour
        CHECK(means.failed == 0);
    }
}

}  // namespace test_strategy_scenarios
