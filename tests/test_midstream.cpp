// Mid-stream overload: an incident's `midstream` rule ends a share of the
// admitted streams it catches with overloaded_error after the 200. Which
// streams it catches (their break point in the window), how many break
// (binomial), what a broken one is billed (the tokens streamed before the
// break), and what each retry kind does with it.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "models/server.hpp"
#include "models/stream_purposes.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"
#include "support/first_run.hpp"
#include "support/pool_config.hpp"
#include "support/strategy_parts.hpp"

namespace test_midstream {

using namespace ratesim;
using engine::from_seconds;
using engine::seconds;
using engine::Time;

using ratesim::testing::first_run;

namespace {

// One unlimited pool, constant latency: round trip 0.1 s, first token
// 0.5 s, 100 tokens/s. An answer sent at t streams over [t+0.6, t+0.6+n/100].
models::ApiConfig constant_api(double fraction, double after, Time at, Time length) {
    models::ApiConfig api;
    api.pools.push_back(testing::pool_config(std::nullopt, std::nullopt, std::nullopt));
    api.latency.round_trip_s = models::Distribution::constant(0.1);
    api.latency.time_to_first_token_s = models::Distribution::constant(0.5);
    api.latency.output_tokens_per_second = models::Distribution::constant(100);
    models::IncidentConfig incident;
    incident.at = at;
    incident.length = length;
    incident.overload = 0;
    incident.midstream = {fraction, after};
    api.incidents.scheduled.push_back(incident);
    return api;
}

models::AttemptCost output_of(double tokens) {
    models::AttemptCost cost;
    cost.input_tokens = 100;
    cost.max_tokens = tokens;
    cost.output_tokens = tokens;
    return cost;
}

models::ServerAnswer answer_at(models::Server& server, Time now, double tokens, std::uint64_t entity = 0) {
    auto latency = models::random_stream(1, 0, entity, models::Purpose::latency);
    auto overload = models::random_stream(1, 0, entity, models::Purpose::overload);
    auto midstream = models::random_stream(1, 0, entity, models::Purpose::midstream);
    return server.answer(0, output_of(tokens), now, latency, overload, -1, &midstream);
}

// A batch of `items` on one roomy pool with constant latency, an incident
// over the whole run whose rule is `midstream`, the strategies to compare.
std::string whole_run_scenario(const std::string& midstream, std::int64_t items, const std::string& strategies) {
    return R"(name: midstream-test
seed: 5
duration: 10h
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 1M, itpm: 1000M, otpm: 1000M}
  latency: {round_trip: 100ms, time_to_first_token: 500ms, output_tokens_per_second: 100}
  capacity:
    incidents: [{at: 0s, for: 10h, overload: 0, midstream: )" +
           midstream + R"(}]
clients:
  - name: batch
    workers: 20
    workload: {kind: batch, items: )" +
           std::to_string(items) + R"(}
    request: {model: claude-sonnet-4-5, input_tokens: 1000, max_tokens: 2000, output_tokens: 1000}
compare:
  strategies: )" + strategies + "\n";
}

}  // namespace

TEST_CASE("A stream is caught when its break point falls inside the incident", "[midstream]") {
    // Incident [10 s, 20 s); 200 tokens stream over [t+0.6, t+2.6]; after 0.5
    // puts the break point at t+1.6: caught for t in [8.4 s, 18.4 s).
    models::Server server(constant_api(1, 0.5, seconds(10), seconds(10)),
                          models::random_stream(1, 0, 0, models::Purpose::incidents));
    auto caught = [&](double t) { return answer_at(server, from_seconds(t), 200).response.stream_error; };
    CHECK_FALSE(caught(8.3));
    CHECK(caught(8.4));
    CHECK(caught(18.3));
    CHECK_FALSE(caught(18.4));
    CHECK_FALSE(caught(30));
}

TEST_CASE("A broken stream ends at its break point with the tokens streamed before it", "[midstream]") {
    models::Server server(constant_api(1, 0.3, 0, seconds(3600)),
                          models::random_stream(1, 0, 0, models::Purpose::incidents));
    const models::ServerAnswer a = answer_at(server, seconds(1), 1000);
    REQUIRE(a.admitted);
    CHECK(a.response.status == models::status::ok);
    CHECK(a.response.stream_error);
    CHECK_FALSE(a.response.succeeded());
    CHECK(a.response.failure_status() == models::status::overloaded);
    // 1000 tokens over 10 s from t = 1.6 s: 30% of the way is 300 tokens, at 4.6 s.
    CHECK(a.output_tokens_before_break == 300);
    CHECK(a.generation_start == from_seconds(1.6));
    CHECK(a.response.received_at == from_seconds(4.6));
}

TEST_CASE("Without a midstream stream or rule no stream breaks", "[midstream]") {
    models::Server with_rule(constant_api(1, 0.5, 0, seconds(3600)),
                             models::random_stream(1, 0, 0, models::Purpose::incidents));
    auto latency = models::random_stream(1, 0, 0, models::Purpose::latency);
    auto overload = models::random_stream(1, 0, 0, models::Purpose::overload);
    CHECK_FALSE(with_rule.answer(0, output_of(100), seconds(1), latency, overload).response.stream_error);
    models::Server without(constant_api(0, 0.5, 0, seconds(3600)),
                           models::random_stream(1, 0, 0, models::Purpose::incidents));
    CHECK_FALSE(answer_at(without, seconds(1), 100).response.stream_error);
}

TEST_CASE("The share of caught streams that break matches the fraction within binomial error", "[midstream]") {
    const scenario::ScenarioConfig s = scenario::load_scenario_text(
        whole_run_scenario("{fraction: 0.3, after: 0.5}", 4000, "[{name: none, retry: none}]"), "midstream-test.yaml", {});
    const auto results = run::run_experiment(s, run::ExperimentOptions{});
    const run::RunMetrics& m = first_run(results, "none");
    // Every stream is caught (the incident covers the run); no retries.
    REQUIRE(m.attempts == 4000);
    // 4000 draws, a limit of 4 standard errors (0.029): a true fraction of
    // 0.3 misses it with probability 6e-5; a rule breaking 0.34 or 0.26 of
    // the streams (5.5 standard errors away) fails it with probability 0.93.
    const double n = 4000, p = 0.3;
    const double se = std::sqrt(p * (1 - p) / n);
    INFO("midstream_errors " << m.midstream_errors << ", expected " << p * n << " +- " << se * n);
    CHECK(std::abs(static_cast<double>(m.midstream_errors) / n - p) < 4 * se);
    CHECK(m.rate_midstream == Approx(static_cast<double>(m.midstream_errors) / n));
    CHECK(m.ok + m.midstream_errors == m.attempts);
    CHECK(m.r529 == 0);
    CHECK(m.failed == m.midstream_errors);
    CHECK(m.items == m.succeeded + m.failed + m.pending);
}

TEST_CASE("A broken stream is billed for the output tokens it streamed, and that spend is wasted", "[midstream]") {
    const scenario::ScenarioConfig s = scenario::load_scenario_text(
        whole_run_scenario("{fraction: 1, after: 0.3}", 10, "[{name: none, retry: none}]"), "midstream-test.yaml", {});
    const std::vector<run::VariantResult> results = run::run_experiment(s, run::ExperimentOptions{});
    const run::RunMetrics& m = first_run(results, "none");
    REQUIRE(m.midstream_errors == 10);
    // Sonnet 4.5 at $3 / $15 per million: 1000 input + 300 of the 1000 output tokens each.
    const double each = 1000 * 3e-6 + 300 * 15e-6;
    CHECK(m.cost_usd == Approx(10 * each));
    CHECK(m.wasted_usd == Approx(10 * each));
    CHECK(m.goodput_otpm == 0);
}

TEST_CASE("The sdk kinds fail an item whose stream broke, and exponential retries it like a 529", "[midstream]") {
    const scenario::ScenarioConfig s = scenario::load_scenario_text(
        whole_run_scenario("{fraction: 1}", 50, "[sdk-default, sdk-ts, exponential]"), "midstream-test.yaml", {});
    const auto results = run::run_experiment(s, run::ExperimentOptions{});
    for (const char* sdk : {"sdk-default", "sdk-ts"}) {
        const run::RunMetrics& m = first_run(results, sdk);
        INFO(sdk);
        CHECK(m.attempts == 50);  // the SDK does not retry an error event in the stream
        CHECK(m.midstream_errors == 50);
        CHECK(m.failed == 50);
    }
    const run::RunMetrics& e = first_run(results, "exponential");
    CHECK(e.attempts > 50);  // retried, as a 529 is
    CHECK(e.midstream_errors == e.attempts);
    CHECK(e.items == e.succeeded + e.failed + e.pending);
}

TEST_CASE("With half the streams broken, exponential finishes more items than the SDK", "[midstream]") {
    const scenario::ScenarioConfig s = scenario::load_scenario_text(
        whole_run_scenario("{fraction: 0.5}", 400, "[sdk-default, exponential]"), "midstream-test.yaml", {});
    const auto results = run::run_experiment(s, run::ExperimentOptions{});
    const run::RunMetrics& sdk = first_run(results, "sdk-default");
    const run::RunMetrics& e = first_run(results, "exponential");
    CHECK(sdk.failed == sdk.midstream_errors);
    CHECK(e.succeeded > sdk.succeeded);
    for (const auto* m : {&sdk, &e}) CHECK(m->items == m->succeeded + m->failed + m->pending);
}

TEST_CASE("Each retry kind's answer to a broken stream: sdk never, backoff by whether retry_on holds 529",
          "[midstream]") {
    models::Response broken;
    broken.status = models::status::ok;
    broken.stream_error = true;
    auto rng = models::random_stream(1, 0, 0, models::Purpose::jitter);
    // The sdk kind retries a 529 (its retry_on holds 5xx) but never a broken stream.
    auto sdk = strategy_test::make_retry("sdk");
    CHECK(sdk->after_failure(strategy_test::failure(529), strategy_test::retry_number(0), rng).retry);
    CHECK_FALSE(sdk->after_failure(broken, strategy_test::retry_number(0), rng).retry);
    CHECK_FALSE(strategy_test::make_retry("none")->after_failure(broken, strategy_test::retry_number(0), rng).retry);
    for (const char* kind : {"immediate", "fixed", "exponential", "full-jitter", "equal-jitter",
                             "decorrelated-jitter"}) {
        INFO(kind);
        CHECK(strategy_test::make_retry(kind)->after_failure(broken, strategy_test::retry_number(0), rng).retry);
        models::StatusSet only_429;
        only_429.add(429);
        auto narrow = strategy_test::make_retry(kind, {{"retry_on", only_429}});
        CHECK_FALSE(narrow->after_failure(broken, strategy_test::retry_number(0), rng).retry);
    }
}

}  // namespace test_midstream
