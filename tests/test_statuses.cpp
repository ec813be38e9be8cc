// Every status the API returns: the error rules' random 500, 504, 408 and
// 409 (per pool and per incident) with their x-should-retry and
// retry-after-ms headers, 413 for a request over max_request_tokens, and
// what the sdk kinds and the other retry kinds do with each. Statuses the
// server never produces (400, 401, 403, 404, 422) are put to the retry
// policies directly.
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

namespace test_statuses {

using namespace ratesim;
using engine::from_seconds;
using engine::millis;
using engine::seconds;
using engine::Time;
using models::ShouldRetry;

using ratesim::testing::first_run;

namespace {

models::ErrorRule rule(int status, double rate, ShouldRetry say = ShouldRetry::absent,
                       Time retry_after = engine::kNever) {
    models::ErrorRule r;
    r.status = status;
    r.rate = rate;
    r.should_retry = say;
    r.retry_after = retry_after;
    return r;
}

// One unlimited pool with these error rules.
models::ApiConfig api_with(std::vector<models::ErrorRule> errors) {
    models::ApiConfig api;
    api.pools.push_back(testing::pool_config(std::nullopt, std::nullopt, std::nullopt));
    api.pools.back().errors = std::move(errors);
    return api;
}

models::AttemptCost cost_of(double input_tokens) {
    models::AttemptCost cost;
    cost.input_tokens = input_tokens;
    cost.max_tokens = 100;
    cost.output_tokens = 100;
    return cost;
}

// Attempt of item `entity`, drawing from its own streams.
models::ServerAnswer answer_at(models::Server& server, Time now, std::uint64_t entity,
                               double input_tokens = 100, bool with_errors_stream = true) {
    auto latency = models::random_stream(1, 0, entity, models::Purpose::latency);
    auto overload = models::random_stream(1, 0, entity, models::Purpose::overload);
    auto midstream = models::random_stream(1, 0, entity, models::Purpose::midstream);
    auto errors = models::random_stream(1, 0, entity, models::Purpose::errors);
    return server.answer(0, cost_of(input_tokens), now, latency, overload, -1, &midstream,
                         with_errors_stream ? &errors : nullptr);
}

models::Server server_of(const models::ApiConfig& api) {
    return models::Server(api, models::random_stream(1, 0, 0, models::Purpose::incidents));
}

// Whether `n` draws with `count` hits fit a share p within 4 standard errors
// (a true p misses with probability 6e-5). Its power: a share off by 8
// standard errors fails it with probability 1 - 3e-5. At n = 20000: 0.2 is
// told from 0.177 or 0.223, 0.05 from 0.038 or 0.062; at n = 10000 (the
// incident's shares), 0.3 from 0.263 or 0.337.
bool within_binomial(std::int64_t count, double n, double p) {
    const double se = std::sqrt(p * (1 - p) / n);
    return std::abs(static_cast<double>(count) / n - p) < 4 * se;
}

models::Response answered(int status, ShouldRetry say = ShouldRetry::absent) {
    models::Response r = strategy_test::failure(status);
    r.should_retry = say;
    return r;
}

bool retries(models::RetryPolicy& policy, const models::Response& r, int retries_done = 0) {
    auto rng = models::random_stream(1, 0, 0, models::Purpose::jitter);
    return policy.after_failure(r, strategy_test::retry_number(retries_done), rng).retry;
}

double delay(models::RetryPolicy& policy, const models::Response& r) {
    auto rng = models::random_stream(1, 0, 0, models::Purpose::jitter);
    const auto d = policy.after_failure(r, strategy_test::retry_number(0), rng);
    REQUIRE(d.retry);
    return d.delay_s;
}

// The two sdk presets' retry parts: sdk-default (Python) and sdk-ts (TypeScript 1.15.0).
std::unique_ptr<models::RetryPolicy> sdk_python() { return strategy_test::make_retry("sdk"); }
std::unique_ptr<models::RetryPolicy> sdk_typescript() {
    return strategy_test::make_retry("sdk", {{"retry_after_cap", 2147483.647}});
}

std::string scenario_text(const std::string& pool_extra, std::int64_t items, const std::string& strategies) {
    return R"(name: statuses-test
seed: 3
duration: 10h
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 1M, itpm: 1000M, otpm: 1000M)" +
           pool_extra + R"(}
  latency: {round_trip: 100ms, time_to_first_token: 500ms, output_tokens_per_second: 100}
clients:
  - name: batch
    workers: 20
    workload: {kind: batch, items: )" +
           std::to_string(items) + R"(}
    request: {model: claude-sonnet-4-5, input_tokens: 1000, max_tokens: 200, output_tokens: 100}
compare:
  strategies: )" + strategies + "\n";
}

std::vector<run::VariantResult> run_text(const std::string& text) {
    return run::run_experiment(scenario::load_scenario_text(text, "statuses-test.yaml", {}),
                               run::ExperimentOptions{});
}

}  // namespace

TEST_CASE("The sdk kinds retry 408, 409, 429 and every status from 500 up", "[statuses]") {
    for (auto* make : {&sdk_python, &sdk_typescript}) {
        auto sdk = make();
        for (const int s : {408, 409, 429, 500, 502, 503, 504, 529, 599}) {
            INFO(s);
            CHECK(retries(*sdk, answered(s)));
        }
        CHECK(retries(*sdk, answered(models::status::client_timeout)));
    }
}

TEST_CASE("The sdk kinds do not retry 400, 401, 403, 404, 413 or 422", "[statuses]") {
    for (auto* make : {&sdk_python, &sdk_typescript}) {
        auto sdk = make();
        for (const int s : {400, 401, 403, 404, 413, 422}) {
            INFO(s);
            CHECK_FALSE(retries(*sdk, answered(s)));
        }
    }
}

TEST_CASE("x-should-retry overrides the status both ways in the sdk kinds", "[statuses]") {
    for (auto* make : {&sdk_python, &sdk_typescript}) {
        auto sdk = make();
        for (const int s : {400, 404, 413, 422}) {
            INFO(s);
            CHECK(retries(*sdk, answered(s, ShouldRetry::yes)));
        }
        for (const int s : {408, 409, 429, 500, 504, 529}) {
            INFO(s);
            CHECK_FALSE(retries(*sdk, answered(s, ShouldRetry::no)));
        }
        // It does not lift max_retries (2).
        CHECK_FALSE(retries(*sdk, answered(400, ShouldRetry::yes), 2));
    }
}

TEST_CASE("The sdk kinds wait retry-after-ms rather than retry-after", "[statuses]") {
    models::Response r = answered(500);
    r.retry_after_ms = millis(2500);
    r.retry_after = seconds(3);
    CHECK(delay(*sdk_python(), r) == Approx(2.5));
    CHECK(delay(*sdk_typescript(), r) == Approx(2.5));
    // Over the Python SDK's 60 s it backs off (0.5 s * (1 - 0.25 U) before
    // the first retry) and does not fall back to retry-after; the
    // TypeScript SDK's cap is 2^31 - 1 ms.
    r.retry_after_ms = seconds(120);
    const double backoff = delay(*sdk_python(), r);
    CHECK(backoff <= 0.5);
    CHECK(backoff >= 0.375);
    CHECK(delay(*sdk_typescript(), r) == Approx(120));
    // Without retry-after-ms, retry-after.
    r.retry_after_ms = engine::kNever;
    CHECK(delay(*sdk_python(), r) == Approx(3));
}

TEST_CASE("The other retry kinds go by retry_on and ignore x-should-retry", "[statuses]") {
    for (const char* kind : {"immediate", "fixed", "exponential", "full-jitter", "equal-jitter",
                             "decorrelated-jitter"}) {
        INFO(kind);
        auto policy = strategy_test::make_retry(kind);
        // The default retry_on [429, 5xx, timeout].
        CHECK(retries(*policy, answered(500, ShouldRetry::no)));
        CHECK(retries(*policy, answered(504)));
        CHECK_FALSE(retries(*policy, answered(408)));
        CHECK_FALSE(retries(*policy, answered(409, ShouldRetry::yes)));
        CHECK_FALSE(retries(*policy, answered(413)));
    }
    CHECK_FALSE(retries(*strategy_test::make_retry("none"), answered(500, ShouldRetry::yes)));
}

TEST_CASE("A pool's error rules answer their shares of attempts within binomial error", "[statuses]") {
    auto server = server_of(api_with({rule(500, 0.2), rule(504, 0.1), rule(408, 0.05), rule(409, 0.05)}));
    constexpr int kN = 20000;
    std::int64_t count500 = 0, count504 = 0, count408 = 0, count409 = 0, ok = 0;
    for (int i = 0; i < kN; ++i) {
        const auto a = answer_at(server, from_seconds(i * 0.01), static_cast<std::uint64_t>(i));
        switch (a.response.status) {
            case 500: ++count500; break;
            case 504: ++count504; break;
            case 408: ++count408; break;
            case 409: ++count409; break;
            case 200: ++ok; CHECK(a.admitted); break;
            default: FAIL("unexpected status " << a.response.status);
        }
        if (a.response.status != 200) CHECK_FALSE(a.admitted);
    }
    CHECK(within_binomial(count500, kN, 0.2));
    CHECK(within_binomial(count504, kN, 0.1));
    CHECK(within_binomial(count408, kN, 0.05));
    CHECK(within_binomial(count409, kN, 0.05));
    CHECK(within_binomial(ok, kN, 0.6));
}

TEST_CASE("An incident's error rules add to the pool's only while it lasts", "[statuses]") {
    models::ApiConfig api = api_with({rule(500, 0.1)});
    models::IncidentConfig incident;
    incident.at = seconds(1000);
    incident.length = seconds(1000);
    incident.errors = {rule(504, 0.3)};
    api.incidents.scheduled.push_back(incident);
    auto server = server_of(api);
    constexpr int kN = 10000;  // 0.1 s apart: [0, 1000) before, [1000, 2000) during
    std::int64_t before500 = 0, before504 = 0, during500 = 0, during504 = 0;
    for (int i = 0; i < 2 * kN; ++i) {
        const int s = answer_at(server, from_seconds(i * 0.1), static_cast<std::uint64_t>(i)).response.status;
        const bool during = i >= kN;
        if (s == 500) ++(during ? during500 : before500);
        if (s == 504) ++(during ? during504 : before504);
    }
    CHECK(before504 == 0);
    CHECK(within_binomial(before500, kN, 0.1));
    CHECK(within_binomial(during500, kN, 0.1));
    CHECK(within_binomial(during504, kN, 0.3));
}

TEST_CASE("An error rule's headers reach the response: x-should-retry, retry-after-ms and retry-after",
          "[statuses]") {
    auto server = server_of(api_with({rule(409, 1, ShouldRetry::no, millis(2500))}));
    const auto a = answer_at(server, seconds(1), 0);
    CHECK(a.response.status == 409);
    CHECK(a.response.should_retry == ShouldRetry::no);
    CHECK(a.response.retry_after_ms == millis(2500));
    CHECK(a.response.retry_after == seconds(3));  // whole seconds, rounded up
    CHECK(a.response.received_at == seconds(1) + millis(100));  // after the round trip
    auto plain = server_of(api_with({rule(500, 1)}));
    const auto b = answer_at(plain, seconds(1), 0);
    CHECK(b.response.status == 500);
    CHECK(b.response.should_retry == ShouldRetry::absent);
    CHECK_FALSE(b.response.has_retry_after());
    CHECK(b.response.retry_after_ms == engine::kNever);
}

TEST_CASE("A 529 carries api.capacity.should_retry, and x-should-retry false stops the SDK's retries of it",
          "[statuses]") {
    models::ApiConfig api = api_with({});
    models::IncidentConfig incident;
    incident.at = 0;
    incident.length = seconds(3600);
    incident.overload = 1;
    api.incidents.scheduled.push_back(incident);
    api.incidents.should_retry = ShouldRetry::no;
    auto server = server_of(api);
    const auto a = answer_at(server, seconds(1), 0);
    CHECK(a.response.status == models::status::overloaded);
    CHECK(a.response.should_retry == ShouldRetry::no);
    const auto results = run_text(scenario_text("}\n  capacity: {incidents: [{at: 0s, for: 10h, overload: 1}], "
                                                "should_retry: false", 20, "[sdk-default]"));
    const run::RunMetrics& sdk = first_run(results, "sdk-default");
    CHECK(sdk.attempts == 20);
    CHECK(sdk.r529 == 20);
    CHECK(sdk.failed == 20);
}

TEST_CASE("Without an errors stream no error rule applies", "[statuses]") {
    auto server = server_of(api_with({rule(500, 1)}));
    CHECK(answer_at(server, seconds(1), 0, 100, false).response.status == 200);
    CHECK(answer_at(server, seconds(2), 0, 100, true).response.status == 500);
}

TEST_CASE("A request over max_request_tokens gets 413 and is never admitted", "[statuses]") {
    models::ApiConfig api = api_with({});
    api.pools.back().max_request_tokens = 1000;
    api.pools.back().rpm = 60;
    auto server = server_of(api);
    const auto big = answer_at(server, seconds(1), 0, 1001);
    CHECK(big.response.status == models::status::request_too_large);
    CHECK_FALSE(big.admitted);
    // Nothing was charged: the pool's one request of room in its first second is still there.
    const auto fits = answer_at(server, seconds(1), 1, 1000);
    CHECK(fits.response.status == models::status::ok);
    CHECK(fits.admitted);
}

TEST_CASE("End to end: the SDK fails oversized requests at once, exponential with a 4xx retry_on forever",
          "[statuses]") {
    const auto results = run_text(scenario_text(", max_request_tokens: 999", 30,
                                                "[sdk-default, {name: e, retry: {kind: exponential, "
                                                "max_retries: 3, retry_on: [4xx]}}]"));
    const run::RunMetrics& sdk = first_run(results, "sdk-default");
    CHECK(sdk.attempts == 30);
    CHECK(sdk.r4xx == 30);
    CHECK(sdk.failed == 30);
    CHECK(sdk.ok == 0);
    CHECK(sdk.cost_usd == 0);
    const run::RunMetrics& e = first_run(results, "e");
    CHECK(e.attempts == 120);  // 1 + 3 retries, all 413
    CHECK(e.r4xx == 120);
    CHECK(e.failed == 30);
}

TEST_CASE("End to end: x-should-retry false stops the SDK's retries of a 500, and 409s are retried",
          "[statuses]") {
    const auto stop = run_text(scenario_text(", errors: [{status: 500, rate: 1, should_retry: false}]", 40,
                                             "[sdk-default]"));
    const run::RunMetrics& s = first_run(stop, "sdk-default");
    CHECK(s.attempts == 40);
    CHECK(s.r5xx == 40);
    CHECK(s.failed == 40);
    const auto retry = run_text(scenario_text(", errors: [{status: 409, rate: 1}]", 40, "[sdk-default]"));
    const run::RunMetrics& r = first_run(retry, "sdk-default");
    CHECK(r.attempts == 120);  // the SDK's 2 retries
    CHECK(r.r4xx == 120);
    CHECK(r.failed == 40);
    CHECK(r.attempts == r.ok + r.r429 + r.r529 + r.r5xx + r.r4xx + r.timeouts + r.midstream_errors);
}

TEST_CASE("End to end: a share of 500s, retried by the SDK, costs the expected attempts", "[statuses]") {
    // p = 0.2 per attempt, at most 3 attempts: an item fails with p^3 and
    // takes 1 + p + p^2 attempts on average.
    constexpr std::int64_t kItems = 4000;
    const auto results = run_text(scenario_text(", errors: [{status: 500, rate: 0.2}]", kItems, "[sdk-default]"));
    const run::RunMetrics& m = first_run(results, "sdk-default");
    const double p = 0.2;
    CHECK(within_binomial(m.failed, kItems, p * p * p));
    CHECK(within_binomial(m.r5xx, static_cast<double>(m.attempts), p));
    CHECK(m.items == m.succeeded + m.failed + m.pending);
    CHECK(m.attempts == m.ok + m.r5xx);
}

TEST_CASE("An error rule's status must be one the server answers at random", "[statuses]") {
    CHECK_THROWS_WITH(scenario::load_scenario_text(scenario_text(", errors: [{status: 502, rate: 0.1}]", 1,
                                                                 "[sdk-default]"),
                                                   "statuses-test.yaml", {}),
                      Catch::Contains("one of 408, 409, 500, 504"));
    CHECK_THROWS_WITH(scenario::load_scenario_text(
                          scenario_text(", errors: [{status: 500, rate: 0.7}, {status: 504, rate: 0.5}]", 1,
                                        "[sdk-default]"),
                          "statuses-test.yaml", {}),
                      Catch::Contains("at most 1"));
}

}  // namespace test_statuses
