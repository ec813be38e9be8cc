// The legacy combined limits (docs/model.md §6): tpm, input + output tokens
// per minute in one bucket, and tpd, per day in a bucket of its own burst
// that refills continuously over 24 h. Admission, the 429 that names them,
// retry-after, the headers, the daily refill rule, saturation of simulated
// clients to each limit, and the scenario errors for bad values.
#include <catch2/catch.hpp>

#include "support/pool_config.hpp"
#include "support/scenario_errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "models/limit_pool.hpp"
#include "models/world.hpp"
#include "sim/run/binding_limit.hpp"
#include "sim/engine/scheduler.hpp"
#include "sim/scenario/loader.hpp"

namespace test_legacy_limits {

using namespace ratesim;
using models::AdmissionDecision;
using models::AttemptCost;
using models::Dimension;
using models::LimitPool;
using models::OutputAccounting;
using models::PoolConfig;
using engine::millis;
using engine::seconds;
using engine::Time;

namespace {

constexpr double kDay = 86400;  // seconds
constexpr Time hours(std::int64_t n) { return seconds(3600 * n); }

AttemptCost cost(double input, double max_tokens = 0, double output = 0) {
    AttemptCost c;
    c.input_tokens = input;
    c.max_tokens = max_tokens;
    c.output_tokens = output;
    return c;
}

PoolConfig legacy_pool(std::optional<double> tpm, std::optional<double> tpd,
                       OutputAccounting accounting = OutputAccounting::streamed) {
    PoolConfig p = testing::pool_config(std::nullopt, std::nullopt, std::nullopt, accounting);
    p.tpm = tpm;
    p.tpd = tpd;
    return p;
}

// The level of a pool's bucket, in tokens.
double level(LimitPool& pool, Dimension d, double capacity, Time now) {
    return pool.fill_fraction(d, now) * capacity;
}

// Counts 429s by the limit they name, and the tokens of the successes.
class LegacyObserver final : public models::Observer {
public:
    std::int64_t ok = 0, refused = 0, refused_tpm = 0, refused_tpd = 0, other = 0;
    double ok_tokens = 0;  // input + output of the answered successes

    void items_created(int, Time, std::int64_t) override {}
    void attempt_sent(int, std::uint32_t, Time) override {}
    void attempt_answered(const models::AttemptObservation& a) override {
        if (a.status == models::status::ok) {
            ++ok;
        } else if (a.status == models::status::rate_limited) {
            ++refused;
            refused_tpm += a.exceeded == Dimension::tokens_per_minute;
            refused_tpd += a.exceeded == Dimension::tokens_per_day;
        } else {
            ++other;
        }
    }
    void attempt_billed(const models::BilledObservation& b) override {
        ok_tokens += b.counted_input_tokens + b.output_tokens;
    }
    void item_finished(const models::ItemObservation&) override {}
    void sample(const models::WorldSample&) override {}
};

// Runs the scenario's first replication for `until` with the observer.
void run_world(const std::string& yaml, Time until, LegacyObserver& obs) {
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "legacy.yaml");
    models::WorldConfig w;
    w.api = s.api;
    w.groups = s.clients;
    w.seed = s.seed;
    w.replication = 0;
    w.sample_every = s.bin;
    engine::Scheduler scheduler;
    models::World world(w, scheduler, obs);
    world.start();
    scheduler.run_until(until, world);
}

// Naive workers, far more items than can finish, one pool of the given
// limits, constant latency: 100 ms round trip, output at 1000 tokens/s.
std::string saturated(const std::string& limits, int workers) {
    return fmt::format(R"(name: legacy-sat
seed: 5
duration: 1d
api:
  pools:
    p: {{models: [m], {}}}
  latency: {{round_trip: 100ms, time_to_first_token: 0s, output_tokens_per_second: 1000}}
clients:
  - name: b
    workers: {}
    workload: {{kind: batch, items: 1000000}}
    request: {{model: m, input_tokens: 900, max_tokens: 100, output_tokens: 100}}
    strategy: naive
output: {{bin: 1h}}
)",
                       limits, workers);
}

const char* const kScenario = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], tpm: 40k, tpd: 1M}
clients:
  - name: batch
    workers: 8
    workload: {kind: batch, items: 100}
    request: {model: claude-sonnet-4-5, max_tokens: 1024}
    strategy: full-jitter
)";

using testing::error_prefix_at;
using testing::load_error;

std::string with(const std::string& from, const std::string& to) {
    return testing::with_replaced(kScenario, from, to);
}

}  // namespace

// ---------------------------------------------------------------- the pool

TEST_CASE("a TPM bucket counts input at admission and streamed output as it is drawn", "[legacy]") {
    LimitPool pool(legacy_pool(60000, std::nullopt), seconds(60));  // 1000 tokens/s, holds 60000
    REQUIRE(pool.limits(Dimension::tokens_per_minute));
    REQUIRE_FALSE(pool.limits(Dimension::input_tokens));
    REQUIRE(pool.try_admit(cost(30000, 25000, 20000), 0).admitted);
    CHECK(level(pool, Dimension::tokens_per_minute, 60000, 0) == Approx(30000));  // output not yet drawn
    pool.begin_output(20000, 10, 0);  // 2000/s for 10 s against a refill of 1000/s
    CHECK(level(pool, Dimension::tokens_per_minute, 60000, seconds(5)) == Approx(30000 - 5000));
    pool.end_output(20000, 10, seconds(10));
    CHECK(level(pool, Dimension::tokens_per_minute, 60000, seconds(10)) == Approx(30000 - 10000));
    CHECK(level(pool, Dimension::tokens_per_minute, 60000, seconds(20)) == Approx(30000));
}

TEST_CASE("reserve-max-tokens charges TPM input + max_tokens and gives the unused part back", "[legacy]") {
    LimitPool pool(legacy_pool(60000, std::nullopt, OutputAccounting::reserve_max_tokens), seconds(60));
    REQUIRE(pool.try_admit(cost(10000, 40000, 15000), 0).admitted);
    CHECK(level(pool, Dimension::tokens_per_minute, 60000, 0) == Approx(10000));
    pool.settle_reservation(cost(10000, 40000, 15000), 0);
    CHECK(level(pool, Dimension::tokens_per_minute, 60000, 0) == Approx(35000));
    // input 10000 + max_tokens 30000 = 40000 > 35000: 5 s short at 1000/s.
    const AdmissionDecision d = pool.try_admit(cost(10000, 30000, 0), 0);
    CHECK_FALSE(d.admitted);
    CHECK(d.exceeded == Dimension::tokens_per_minute);
    CHECK(d.retry_after == seconds(5));
}

TEST_CASE("a TPM 429 names tokens_per_minute with retry-after ceil(deficit / rate), at least 1 s", "[legacy]") {
    LimitPool pool(legacy_pool(60000, std::nullopt), seconds(60));
    REQUIRE(pool.try_admit(cost(59000), 0).admitted);  // 1000 left
    const AdmissionDecision a = pool.try_admit(cost(3500), 0);  // deficit 2500: 2.5 s
    CHECK_FALSE(a.admitted);
    CHECK_FALSE(a.never_admissible);
    CHECK(a.exceeded == Dimension::tokens_per_minute);
    CHECK(a.retry_after == seconds(3));
    const AdmissionDecision b = pool.try_admit(cost(1200), 0);  // deficit 200: 0.2 s, at least 1
    CHECK(b.retry_after == seconds(1));
    CHECK(pool.try_admit(cost(3500), millis(2500)).admitted);
    // More than the bucket holds is never admissible; retry-after is the refill to full.
    const AdmissionDecision huge = pool.try_admit(cost(70000), millis(2500));
    CHECK(huge.never_admissible);
    CHECK(huge.exceeded == Dimension::tokens_per_minute);
    CHECK(huge.retry_after == seconds(60));  // empty after the last admission: 60 s to full
}

TEST_CASE("a TPD 429 names tokens_per_day and retry-after waits for the daily bucket", "[legacy]") {
    // 86400 tokens/day: 1 token/s; the default burst of a day holds 86400.
    LimitPool pool(legacy_pool(60000, 86400), seconds(60));
    REQUIRE(pool.try_admit(cost(50000), 0).admitted);
    REQUIRE(pool.try_admit(cost(36000), seconds(60)).admitted);  // the TPM bucket refilled
    // TPD holds 86400 - 86000 + 60 = 460; 1000 more lacks 540 tokens: 540 s,
    // while TPM has room.
    const AdmissionDecision d = pool.try_admit(cost(1000), seconds(60));
    CHECK_FALSE(d.admitted);
    CHECK(d.exceeded == Dimension::tokens_per_day);
    CHECK(d.retry_after == seconds(540));
    CHECK(pool.try_admit(cost(1000), seconds(600)).admitted);
}

TEST_CASE("with RPM and TPM both short a 429 names the longer wait", "[legacy]") {
    PoolConfig config = legacy_pool(3000, std::nullopt);  // 50 tokens/s
    config.rpm = 60;                                       // 1 request/s
    LimitPool pool(config, seconds(2));                    // holds 2 requests and 100 tokens
    REQUIRE(pool.try_admit(cost(50), 0).admitted);
    REQUIRE(pool.try_admit(cost(40), 0).admitted);  // no request left, 10 tokens
    // 50 tokens: 40 short, 0.8 s; a request 1 s: RPM is named.
    const AdmissionDecision requests = pool.check(cost(50), 0);
    CHECK(requests.exceeded == Dimension::requests);
    CHECK(requests.retry_after == seconds(1));
    // 90 tokens: 80 short, 1.6 s, longer than the request's 1 s: TPM is named.
    const AdmissionDecision tokens = pool.check(cost(90), 0);
    CHECK(tokens.exceeded == Dimension::tokens_per_minute);
    CHECK(tokens.retry_after == seconds(2));
}

TEST_CASE("the TPD bucket refills continuously over 24 h, not at a fixed time of day", "[legacy]") {
    // ratesim's daily rule: a bucket of capacity tpd x tpd_burst / 24 h,
    // refilling at tpd / 24 h per second. Drained at once, it holds an hour's
    // share after an hour (a window reset at midnight would hold nothing
    // until then) and is full again after 24 h.
    const double tpd = 2.4e6;  // 100000 per hour
    LimitPool pool(legacy_pool(std::nullopt, tpd), seconds(60));
    REQUIRE(pool.try_admit(cost(tpd), 0).admitted);
    CHECK(level(pool, Dimension::tokens_per_day, tpd, 0) == Approx(0).margin(1e-6));
    CHECK(level(pool, Dimension::tokens_per_day, tpd, hours(1)) == Approx(100000));
    CHECK(level(pool, Dimension::tokens_per_day, tpd, hours(12)) == Approx(tpd / 2));
    const auto h = pool.headers(hours(12));
    CHECK(h[Dimension::tokens_per_day].present);
    CHECK(h[Dimension::tokens_per_day].limit == tpd);  // per day, as the limit is stated
    CHECK(h[Dimension::tokens_per_day].remaining == tpd / 2);
    CHECK(h[Dimension::tokens_per_day].reset == Approx(hours(24)).epsilon(0).margin(1));
    CHECK(level(pool, Dimension::tokens_per_day, tpd, hours(30)) == Approx(tpd));  // full, no more

    // Its own burst: 6 h of the daily limit, starting full.
    PoolConfig shorter = legacy_pool(std::nullopt, tpd);
    shorter.tpd_burst = hours(6);
    LimitPool six(shorter, seconds(60));
    CHECK(six.fill_fraction(Dimension::tokens_per_day, 0) == Approx(1));
    REQUIRE(six.try_admit(cost(tpd / 4), 0).admitted);
    const AdmissionDecision d = six.try_admit(cost(1000), 0);
    CHECK(d.exceeded == Dimension::tokens_per_day);
    CHECK(d.retry_after == seconds(36));  // 1000 tokens at 100000/h
    CHECK(six.try_admit(cost(tpd / 4 + 1), 0).never_admissible);
}

TEST_CASE("the headers carry TPM and TPD and the tokens header is the most restrictive of all", "[legacy]") {
    PoolConfig config = legacy_pool(100000, 1e6);
    config.itpm = 50000;
    LimitPool pool(config, seconds(60));
    REQUIRE(pool.try_admit(cost(20000), 0).admitted);
    const auto h = pool.headers(0);
    CHECK(h[Dimension::tokens_per_minute].limit == 100000);
    CHECK(h[Dimension::tokens_per_minute].remaining == 80000);
    CHECK(h[Dimension::tokens_per_minute].reset == Approx(seconds(12)).epsilon(0).margin(1));  // 20000 at 1666.7/s
    CHECK(h[Dimension::input_tokens].remaining == 30000);
    CHECK(h[Dimension::tokens_per_day].remaining == 980000);
    CHECK(h.tokens.limit == 50000);  // ITPM: 60% left, against TPM's 80% and TPD's 98%
    // 12 s later TPM is full again, ITPM holds 40000: 25000 more leaves
    // ITPM 15000 (30%) and TPM 75000 (75%).
    REQUIRE(pool.try_admit(cost(25000), seconds(12)).admitted);
    const auto later = pool.headers(seconds(12));
    CHECK(later[Dimension::input_tokens].remaining == 15000);
    CHECK(later[Dimension::tokens_per_minute].remaining == 75000);
    CHECK(later.tokens.limit == 50000);
    CHECK(later.tokens.remaining == 15000);
    // Without ITPM the legacy TPM is the most restrictive.
    LimitPool legacy(legacy_pool(100000, 1e6), seconds(60));
    REQUIRE(legacy.try_admit(cost(20000), 0).admitted);
    CHECK(legacy.headers(0).tokens.limit == 100000);
    PoolConfig only_tpd = legacy_pool(std::nullopt, 1e6);
    LimitPool daily(only_tpd, seconds(60));
    CHECK(daily.headers(0).tokens.limit == 1e6);  // the only token limit
}

TEST_CASE("the binding limit counts input + output against TPM, and TPD per 1440 minutes", "[legacy]") {
    // 1000 tokens a request: TPM 60k allows 60 a minute, TPD 1.44M one a minute.
    const run::MeanRequest request{900, 100};
    const auto daily = run::binding_limit({std::nullopt, std::nullopt, std::nullopt, 60000, 1.44e6}, request);
    REQUIRE(daily);
    CHECK(daily->dimension == run::LimitDimension::tpd);
    CHECK(daily->limit == 1.44e6);
    CHECK(daily->requests_per_minute == Approx(1));
    const auto minute = run::binding_limit({std::nullopt, std::nullopt, std::nullopt, 60000, 1.44e8}, request);
    REQUIRE(minute);
    CHECK(minute->dimension == run::LimitDimension::tpm);
    CHECK(minute->requests_per_minute == Approx(60));
    CHECK(run::binding_limit({30, std::nullopt, std::nullopt, 60000, 1.44e8}, request)->dimension ==
          run::LimitDimension::rpm);
    CHECK(std::string(run::limit_dimension_name(run::LimitDimension::tpd)) == "TPD");
}

// ---------------------------------------------------------------- saturation

// Slack of the saturation bounds below, in tokens, for 4 naive workers whose
// requests count 900 input + 100 output tokens, answered in 100 ms (a 429)
// or 200 ms (a success). The tokens charged by T are capacity + r T -
// level(T) - overflow. The level at T is below one request's input plus the
// refill of the 200 ms between a worker's attempts (below 900 + 200 r), or
// as low as the output still being drawn (4 x 100) under zero; what was
// admitted but not yet billed at T is at most 4 whole requests.
constexpr double kInFlight = 4 * 1000;
double level_slack(double refill_per_second) { return 900 + 0.2 * refill_per_second; }

TEST_CASE("saturated naive workers converge to the TPM limit in input + output tokens", "[legacy][analytic]") {
    // TPM L = 60000 (1000 tokens/s, a 60 s bucket holding L) the only limit.
    // The bucket never overflows: some worker attempts every 200 ms.
    const double L = 60000, T = 120;  // tokens/min, minutes
    LegacyObserver obs;
    run_world(saturated("tpm: 60k", 4), seconds(static_cast<std::int64_t>(T * 60)), obs);
    INFO(fmt::format("ok {} tokens {} vs L*T + L {}, refused {}", obs.ok, obs.ok_tokens, L * T + L, obs.refused));
    CHECK(obs.other == 0);
    CHECK(obs.ok_tokens == Approx(1000.0 * static_cast<double>(obs.ok)).margin(kInFlight));
    CHECK(obs.ok_tokens >= L * T + L - level_slack(L / 60) - kInFlight);
    CHECK(obs.ok_tokens <= L * T + L + 400);
    CHECK(std::fabs(obs.ok_tokens / T - L) <= 0.01 * L);  // (L + 400) / T is 0.9% of L
    CHECK(obs.refused > 0);
    CHECK(obs.refused_tpm == obs.refused);  // every 429 names TPM
}

TEST_CASE("saturated naive workers hit the daily cap and then converge to TPD / 24 h", "[legacy][analytic]") {
    // TPD D = 4.32M (50 tokens/s), burst a day: the bucket starts with D, so
    // a day charges capacity + refill = 2D at most. TPM 300k (5000 tokens/s)
    // lets the first D in within 15 minutes (300k + 5000 t = D at t = 804 s);
    // from then on the daily bucket binds and admits its refill. So the day's
    // tokens lie within [2D - slack - in flight, 2D + 400], and those after
    // the first hour come at D / 24 h, within the same slack at both ends.
    const double D = 4.32e6, r = D / kDay;
    LegacyObserver first_hour;
    run_world(saturated("tpm: 300k, tpd: 4.32M", 4), seconds(3600), first_hour);
    LegacyObserver day;
    run_world(saturated("tpm: 300k, tpd: 4.32M", 4), seconds(86400), day);
    INFO(fmt::format("first hour {} tokens, day {} tokens, 2D {}", first_hour.ok_tokens, day.ok_tokens, 2 * D));
    CHECK(day.other == 0);
    CHECK(first_hour.ok_tokens >= D);  // the daily cap was reached in the first hour
    CHECK(day.ok_tokens <= 2 * D + 400);
    CHECK(day.ok_tokens >= 2 * D - level_slack(r) - kInFlight);
    const double after_first_hour = day.ok_tokens - first_hour.ok_tokens;
    CHECK(after_first_hour == Approx(r * 23 * 3600).margin(2 * (level_slack(r) + kInFlight)));
    // Before the cap TPM refused some; after it every 429 names TPD, and the
    // first 15 minutes' refusals are few beside 23 hours' of them.
    CHECK(first_hour.refused_tpm > 0);
    CHECK(day.refused_tpm + day.refused_tpd == day.refused);
    CHECK(static_cast<double>(day.refused_tpd) > 0.99 * static_cast<double>(day.refused));
}

// ---------------------------------------------------------------- scenario

TEST_CASE("a scenario reads tpm, tpd and tpd_burst onto the pool", "[legacy][loader]") {
    const auto s = scenario::load_scenario_text(with("tpd: 1M", "tpd: 1M, tpd_burst: 6h"), "test.yaml");
    const auto& pool = s.api.pools.front();
    CHECK(pool.tpm == 40000);
    CHECK(pool.tpd == 1e6);
    CHECK(pool.tpd_burst == hours(6));
    CHECK_FALSE(pool.itpm);
    const auto plain = scenario::load_scenario_text(kScenario, "test.yaml");
    CHECK(plain.api.pools.front().tpd_burst == hours(24));  // the default: a day
}

TEST_CASE("a bad tpm, tpd or tpd_burst is an error naming file, line, column and what is allowed", "[legacy][loader]") {
    const std::string zero = with("tpm: 40k", "tpm: 0");
    CHECK(load_error(zero) ==
          error_prefix_at(zero, "0,") + "api.pools.sonnet.tpm: found 0; allowed: a count > 0 (e.g. 50, 450k, 2M)");
    const std::string negative = with("tpd: 1M", "tpd: -1M");
    CHECK_THAT(load_error(negative),
               Catch::Matchers::StartsWith(error_prefix_at(negative, "-1M") + "api.pools.sonnet.tpd: '-1M' is negative"));
    const std::string burst = with("tpd: 1M", "tpd: 1M, tpd_burst: 0s");
    CHECK_THAT(load_error(burst), Catch::Matchers::StartsWith(error_prefix_at(burst, "0s") + "api.pools.sonnet.tpd_burst:"));
    const std::string word = with("tpm: 40k", "tpm: lots");
    CHECK_THAT(load_error(word), Catch::Matchers::StartsWith(error_prefix_at(word, "lots") + "api.pools.sonnet.tpm:"));
}

}  // namespace test_legacy_limits
