// The simulator against theory (docs/model.md): saturation converges to the limit, Poisson
// arrivals into a token bucket are refused at the M/D/1/b blocking rate,
// open-loop overload grows the backlog at lambda - L, and Little's law holds.
//
// Every tolerance below is derived from a bound or a standard error, never
// tuned to the observed numbers; each check says how.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "models/world.hpp"
#include "sim/run/experiment.hpp"
#include "sim/engine/scheduler.hpp"
#include "sim/scenario/loader.hpp"

namespace test_analytic {

using namespace ratesim;

namespace {

// ---- the analytic M/D/1/b blocking probability ---------------------------

// Blocking probability of an M/D/1/b queue with offered load rho = lambda/r
// (theory.md "A token bucket is a finite queue"): the departure-epoch chain
// on 0..b-1 with P[i][j] = a_{j - max(i-1, 0)} for j < b-1 and the rest of
// each row's mass in the last column, pi = pi P, then
// P_block = 1 - 1/(pi_0 + rho).
double md1b_blocking(double rho, int b) {
    REQUIRE(b >= 1);
    REQUIRE(rho > 0);
    // a_k = e^{-rho} rho^k / k!, the probability of k arrivals in one service.
    std::vector<double> a(static_cast<std::size_t>(b) + 1);
    a[0] = std::exp(-rho);
    for (std::size_t k = 1; k < a.size(); ++k) a[k] = a[k - 1] * rho / static_cast<double>(k);
    Eigen::MatrixXd P = Eigen::MatrixXd::Zero(b, b);
    for (int i = 0; i < b; ++i) {
        const int base = std::max(i - 1, 0);
        double row = 0;
        for (int j = base; j < b - 1; ++j) {
            P(i, j) = a[static_cast<std::size_t>(j - base)];
            row += P(i, j);
        }
        P(i, b - 1) = std::max(0.0, 1.0 - row);
    }
    // pi (P - I) = 0 with sum(pi) = 1: transpose, and replace one (redundant)
    // balance equation with the normalisation.
    Eigen::MatrixXd A = P.transpose() - Eigen::MatrixXd::Identity(b, b);
    A.row(b - 1).setOnes();
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(b);
    rhs(b - 1) = 1.0;
    const Eigen::VectorXd pi = A.fullPivLu().solve(rhs);
    return 1.0 - 1.0 / (pi(0) + rho);
}

// ---- helpers --------------------------------------------------------------

// A pool `p` holding model `m`, limited by RPM only, with constant latency:
// a 429 takes `rtt`; a success rtt + 10 output tokens at 1000 tokens/s.
std::string rpm_only_api(double rpm, const std::string& burst, const std::string& rtt) {
    return fmt::format(R"(api:
  burst: {}
  pools:
    p: {{models: [m], rpm: {}}}
  latency: {{round_trip: {}, time_to_first_token: 0s, output_tokens_per_second: 1000}}
)",
                       burst, rpm, rtt);
}

models::WorldConfig world_config(const scenario::ScenarioConfig& s, int replication) {
    models::WorldConfig w;
    w.api = s.api;
    w.groups = s.clients;
    w.seed = s.seed;
    w.replication = static_cast<std::uint64_t>(replication);
    w.sample_every = s.bin;
    return w;
}

// Counts what the tests below need, in the order the world reports it.
class CountingObserver final : public models::Observer {
public:
    engine::Time count_from = 0;  // attempts sent before this are not counted (warm-up)

    std::int64_t created = 0, finished = 0, succeeded = 0;
    std::int64_t sent = 0, answered = 0;
    std::int64_t counted_ok = 0, counted_429 = 0, counted_other = 0;
    engine::Time longest_item = 0;  // created -> finished

    // Little's law sums (seconds).
    double attempt_seconds = 0;  // sum of attempt durations, answered attempts
    double item_seconds = 0;     // sum of item latencies, finished items
    double sum_sent = 0, sum_answered_sent = 0;        // send times: all / answered
    double sum_created = 0, sum_finished_created = 0;  // creation times: all / finished
    std::vector<double> sampled_in_flight, sampled_in_system;

    void items_created(int, engine::Time at, std::int64_t count) override {
        created += count;
        sum_created += static_cast<double>(count) * engine::to_seconds(at);
    }
    void attempt_sent(int, std::uint32_t, engine::Time at) override {
        ++sent;
        sum_sent += engine::to_seconds(at);
    }
    void attempt_answered(const models::AttemptObservation& a) override {
        ++answered;
        attempt_seconds += engine::to_seconds(a.answered_at - a.sent_at);
        sum_answered_sent += engine::to_seconds(a.sent_at);
        if (a.sent_at < count_from) return;
        if (a.status == models::status::ok)
            ++counted_ok;
        else if (a.status == models::status::rate_limited)
            ++counted_429;
        else
            ++counted_other;
    }
    void attempt_billed(const models::BilledObservation&) override {}
    void item_finished(const models::ItemObservation& item) override {
        ++finished;
        if (item.succeeded) ++succeeded;
        longest_item = std::max(longest_item, item.finished_at - item.created_at);
        item_seconds += engine::to_seconds(item.finished_at - item.created_at);
        sum_finished_created += engine::to_seconds(item.created_at);
    }
    void sample(const models::WorldSample& s) override {
        sampled_in_flight.push_back(static_cast<double>(s.in_flight));
        sampled_in_system.push_back(static_cast<double>(created - finished));
    }
};

// Mean and its standard error by batch means (the samples of a time series
// are correlated; batches much longer than the correlation time are not).
struct MeanSe {
    double mean = 0, se = 0;
};
MeanSe batch_means(const std::vector<double>& x, int batches) {
    const std::size_t per = x.size() / static_cast<std::size_t>(batches);
    std::vector<double> means;
    for (int k = 0; k < batches; ++k) {
        double sum = 0;
        for (std::size_t i = 0; i < per; ++i) sum += x[static_cast<std::size_t>(k) * per + i];
        means.push_back(sum / static_cast<double>(per));
    }
    MeanSe r;
    for (double m : means) r.mean += m;
    r.mean /= batches;
    double ss = 0;
    for (double m : means) ss += (m - r.mean) * (m - r.mean);
    r.se = std::sqrt(ss / (batches - 1) / batches);
    return r;
}

}  // namespace

// ---------------------------------------------------------------------------

TEST_CASE("M/D/1/b blocking probability: sanity values", "[analytic]") {
    // b = 1: an M/D/1/1 loss system, P_block = rho / (1 + rho) exactly.
    for (double rho : {0.1, 0.5, 0.9, 1.0, 1.5, 4.0})
        CHECK(md1b_blocking(rho, 1) == Approx(rho / (1 + rho)).epsilon(1e-12));

    // b = 2 by hand: states {0, 1}, both rows (a0, 1 - a0), so pi_0 = a0 =
    // e^{-rho} and P_block = 1 - 1/(e^{-rho} + rho).
    for (double rho : {0.3, 1.0, 2.5})
        CHECK(md1b_blocking(rho, 2) == Approx(1 - 1 / (std::exp(-rho) + rho)).epsilon(1e-12));

    // lambda = 2, r = 1, b = 10: overload, half the offered load is refused.
    // Exactly 1 - 1/(2 + pi_0): a hair above 0.5, pi_0 being tiny in overload.
    CHECK(md1b_blocking(2.0, 10) == Approx(0.5).margin(1e-4));
    CHECK(md1b_blocking(2.0, 10) >= 0.5);

    // Deep overload tends to 1 - 1/rho (the server is never idle); light load
    // with a large bucket to nothing; more room never blocks more.
    CHECK(md1b_blocking(5.0, 30) == Approx(0.8).margin(1e-9));
    CHECK(md1b_blocking(0.2, 20) < 1e-15);
    for (double rho : {0.5, 0.9, 1.5})
        for (int b = 1; b < 12; ++b) CHECK(md1b_blocking(rho, b + 1) < md1b_blocking(rho, b));
}

TEST_CASE("Saturated naive workers converge to the RPM limit", "[analytic]") {
    // Four workers with far more items than can finish, immediate retry,
    // RPM the only limit, constant 100 ms answers (theory.md "Saturation").
    // Admissions by time t are capacity + r*t - level(t) - overflow(t), r =
    // L/60 per second. An attempt comes every ~25 ms, so the bucket never
    // overflows and its level stays below 1 + r*25ms; so over T minutes the
    // successes lie in [L*T, L*T + capacity], capacity = L * 60s / 60s = L.
    const double L = 60;
    const std::string yaml = "name: sat\nseed: 3\nduration: 2h\n" + rpm_only_api(L, "60s", "100ms") + R"(clients:
  - name: b
    workers: 4
    workload: {kind: batch, items: 1000000}
    request: {model: m, input_tokens: 100, max_tokens: 10, output_tokens: 10}
    strategy: naive
output: {bin: 10m}
)";
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "sat.yaml");
    const run::RunMetrics m = run::run_once(s, run::variants_of(s).front(), 0, nullptr);
    const double T = 120;  // minutes
    const double capacity = L;
    INFO(fmt::format("naive: ok {} in [{}, {}], goodput {:.3f}/min vs L {}, attempts {}", m.ok, L * T,
                     L * T + capacity, m.goodput_rpm, L, m.attempts));
    CHECK(m.simulated_s == Approx(T * 60));
    CHECK(static_cast<double>(m.ok) >= L * T);
    CHECK(static_cast<double>(m.ok) <= L * T + capacity);
    CHECK(std::fabs(m.goodput_rpm - L) <= 0.01 * L);
    CHECK(m.util_rpm == Approx(m.goodput_rpm / L));
    CHECK(m.r429 > 10 * m.ok);  // the retry storm is real: naive wastes most attempts
}

TEST_CASE("Saturated full-jitter workers converge to the RPM limit too", "[analytic]") {
    // Same setup with full-jitter (base 1s, cap 60s) and 8 workers. Every
    // success starts the worker's next item at once, so whenever some worker
    // finds a token the bucket is drained back below 1 token. Admissions by
    // time t are capacity + r*t - level(t) - overflow(t), where overflow is
    // refill lost to a full bucket: it needs a whole minute without an
    // attempt from any of the 8 workers, each of whose delays is at most the
    // 60 s cap. Unlike the naive case, the level at the end is not small: it
    // holds whatever refilled since the last attempt, up to one capacity. So
    // without overflow ok >= r*(T - answer latency) > L*T - 1; the lower
    // bound checked, L*T - capacity, leaves one more capacity for overflow
    // (any real leak, e.g. workers that stop sending, loses far more). The
    // upper bound L*T + capacity holds a priori, and goodput is within 1% of
    // L since capacity / (L*T) = 0.8%.
    const double L = 60;
    const std::string yaml = "name: sat-jitter\nseed: 3\nduration: 2h\n" + rpm_only_api(L, "60s", "100ms") +
                             R"(clients:
  - name: b
    workers: 8
    workload: {kind: batch, items: 1000000}
    request: {model: m, input_tokens: 100, max_tokens: 10, output_tokens: 10}
    strategy: full-jitter
output: {bin: 10m}
)";
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "sat-jitter.yaml");
    const run::RunMetrics m = run::run_once(s, run::variants_of(s).front(), 0, nullptr);
    const double T = 120;
    const double capacity = L;
    INFO(fmt::format("full-jitter: ok {} in [{}, {}], goodput {:.3f}/min vs L {}, attempts {}", m.ok,
                     L * T - capacity, L * T + capacity, m.goodput_rpm, L, m.attempts));
    CHECK(static_cast<double>(m.ok) >= L * T - capacity);
    CHECK(static_cast<double>(m.ok) <= L * T + capacity);
    CHECK(std::fabs(m.goodput_rpm - L) <= 0.01 * L);
}

TEST_CASE("Poisson arrivals into a bucket are refused at the M/D/1/b rate", "[analytic]") {
    // RPM 60: r = 1 token/s; burst b seconds: capacity b tokens. Poisson
    // arrivals at lambda = rho * r, never retried, 50 workers for answers of
    // at most 2 ms, so an arrival is sent the instant it comes (checked
    // below). The first 100 s (100 service times) are warm-up: the bucket
    // starts full rather than in its stationary state.
    //
    // Tolerance: R = 20 independent replications (each its own streams); the
    // refusal ratio's standard error is the between-replication one, which
    // includes the time correlation of refusals (positive for b > 1: they
    // come in runs); as a floor against an estimate small by chance (it is 0
    // when nothing is refused), the binomial SE sqrt(p(1-p)/n) at the
    // theoretical p. 4.5 SE: a two-sided miss probability below 5e-4 per
    // case even with Student's t at 19 degrees of freedom. Each case runs
    // about 0.2-0.65 M arrivals; SEs come out near 1e-3 or below.
    struct Case {
        double rho;
        int b;
    };
    const Case cases[] = {{0.5, 1}, {0.5, 3}, {0.5, 10}, {0.9, 1}, {0.9, 3},
                          {0.9, 10}, {1.5, 1}, {1.5, 3}, {1.5, 10}};
    const int R = 20;
    const engine::Time warmup = engine::seconds(100);
    const int hours = 6;
    const engine::Time T = engine::seconds(hours * 3600);
    std::uint64_t seed = 11;  // each case its own streams: the nine checks are independent
    for (const Case& c : cases) {
        const std::string yaml =
            fmt::format("name: md1b\nseed: {}\nduration: {}h\n", seed++, hours) +
            rpm_only_api(60, fmt::format("{}s", c.b), "1ms") +
            fmt::format(R"(clients:
  - name: p
    workers: 50
    workload: {{kind: poisson, rate: {}/s}}
    request: {{model: m, input_tokens: 1, max_tokens: 10, output_tokens: 1}}
    strategy: {{retry: none}}
output: {{bin: 1h}}
)",
                        c.rho);
        const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "md1b.yaml");
        REQUIRE(s.api.burst == engine::seconds(c.b));
        std::vector<double> ratio;
        double refused = 0, attempts = 0;
        engine::Time longest_item = 0;
        for (int rep = 0; rep < R; ++rep) {
            CountingObserver obs;
            obs.count_from = warmup;
            engine::Scheduler scheduler;
            models::World world(world_config(s, rep), scheduler, obs);
            world.start();
            scheduler.run_until(T, world);
            REQUIRE(obs.counted_other == 0);
            const double n = static_cast<double>(obs.counted_ok + obs.counted_429);
            ratio.push_back(static_cast<double>(obs.counted_429) / n);
            refused += static_cast<double>(obs.counted_429);
            attempts += n;
            longest_item = std::max(longest_item, obs.longest_item);
        }
        // Nothing waited for a worker: each item took one answer, <= 2 ms.
        CHECK(longest_item <= engine::millis(2));

        const double theory = md1b_blocking(c.rho, c.b);
        const double p = refused / attempts;
        double mean = 0;
        for (double x : ratio) mean += x;
        mean /= R;
        double ss = 0;
        for (double x : ratio) ss += (x - mean) * (x - mean);
        const double se_rep = std::sqrt(ss / (R - 1) / R);
        const double se_binomial = std::sqrt(theory * (1 - theory) / attempts);
        const double se = std::max(se_rep, se_binomial);
        INFO(fmt::format("rho {} b {}: simulated {:.5f} (pooled {:.5f}, {} attempts), theory {:.5f}, "
                         "SE {:.2e} (replications {:.2e}, binomial {:.2e})",
                         c.rho, c.b, mean, p, attempts, theory, se, se_rep, se_binomial));
        CHECK(std::fabs(mean - theory) <= 4.5 * se);
    }
}

TEST_CASE("Open-loop overload: the backlog grows at lambda - L whatever the strategy", "[analytic]") {
    // Poisson arrivals at lambda = 2/s into an RPM 60 pool (L = 1/s), every
    // item retried until it succeeds. Pending items at T1 = 30 min and
    // T2 = 90 min of one run.
    //
    // Successes: admitted(t) = capacity + r*t - level(t) (no overflow: the
    // 10 workers are never idle once the backlog builds, so an attempt comes
    // at least every few seconds and the bucket never fills). Between T1 and
    // T2 the level changes by at most one capacity, so successes in the
    // window are r*dt within +-capacity (+1 for an answer in flight at each
    // end of the window, per worker).
    // Pending growth = arrivals in the window - successes in the window; the
    // arrivals are Poisson(lambda*dt), SD sqrt(lambda*dt) = 85: the slope is
    // checked within 4 SD plus the success bound.
    const double lambda = 2.0, r = 1.0, capacity = 60;
    const int workers = 10;
    const engine::Time T1 = engine::seconds(30 * 60), T2 = engine::seconds(90 * 60);
    const double dt = engine::to_seconds(T2 - T1);
    double growth_by_strategy[2] = {0, 0};
    int k = 0;
    for (const char* strategy : {"naive", "full-jitter"}) {
        const std::string yaml = "name: overload\nseed: 5\nduration: 2h\n" + rpm_only_api(60, "60s", "100ms") +
                                 fmt::format(R"(clients:
  - name: p
    workers: {}
    workload: {{kind: poisson, rate: {}/s}}
    request: {{model: m, input_tokens: 100, max_tokens: 10, output_tokens: 10}}
    strategy: {}
output: {{bin: 1h}}
)",
                                             workers, lambda, strategy);
        const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "overload.yaml");
        CountingObserver obs;
        engine::Scheduler scheduler;
        models::World world(world_config(s, 0), scheduler, obs);
        world.start();
        scheduler.run_until(T1, world);
        const std::int64_t pending1 = world.pending_items(), created1 = obs.created, ok1 = obs.succeeded;
        scheduler.run_until(T2, world);
        const std::int64_t pending2 = world.pending_items(), created2 = obs.created, ok2 = obs.succeeded;

        const double successes = static_cast<double>(ok2 - ok1);
        const double arrivals = static_cast<double>(created2 - created1);
        const double growth = static_cast<double>(pending2 - pending1);
        const double slope = growth / dt;
        const double success_bound = capacity + 2 * workers;
        INFO(fmt::format("{}: pending {} -> {}, slope {:.4f}/s vs lambda - L = {}, successes {} (r*dt {}), "
                         "arrivals {}",
                         strategy, pending1, pending2, slope, lambda - r, successes, r * dt, arrivals));
        CHECK(growth == arrivals - successes);  // items = succeeded + failed(0) + pending
        CHECK(std::fabs(successes - r * dt) <= success_bound);
        CHECK(std::fabs(growth - (lambda - r) * dt) <= 4 * std::sqrt(lambda * dt) + success_bound);
        CHECK(pending1 > 0);
        growth_by_strategy[k++] = growth;
    }
    // Common random numbers: both strategies see the same arrivals, so their
    // backlogs differ only by their successes, each r*dt within the bound.
    CHECK(std::fabs(growth_by_strategy[0] - growth_by_strategy[1]) <= 2 * (capacity + 2 * workers));
}

TEST_CASE("Little's law holds for attempts and for items", "[analytic]") {
    // A stable open system: Poisson arrivals at 0.8/s into an RPM 60 pool
    // with a 5 s burst (so some 429s and backoffs), random answer times,
    // full-jitter retries; the world samples itself
    // every second for 6 h.
    //   attempts: mean in flight = attempt throughput x mean attempt duration;
    //   items:    mean in system = completion rate x mean item latency.
    // The right-hand sides come from the observed attempts and items; over a
    // finite window Little's law is exact once the attempts (items) still
    // open at the end are credited with their age at T (the "edge", computed
    // exactly below from the send and creation times). The left-hand sides
    // come from the world's own periodic samples (in_flight, and created -
    // finished at the sample instants), so the check ties the world's
    // counters to the observations. The sampled mean's standard error comes
    // from 30 batch means (12 min batches, far longer than any item's
    // latency); tolerance 4 SE.
    const std::string yaml = R"(name: little
seed: 9
duration: 6h
api:
  burst: 5s
  pools:
    p: {models: [m], rpm: 60}
  latency:
    round_trip: {dist: uniform, min: 50ms, max: 150ms}
    time_to_first_token: {dist: lognormal, median: 600ms, p95: 2s}
    output_tokens_per_second: {dist: uniform, min: 40, max: 80}
clients:
  - name: p
    workers: 50
    workload: {kind: poisson, rate: 0.8/s}
    request: {model: m, input_tokens: 100, max_tokens: 400, output_tokens: {dist: uniform, min: 50, max: 300}}
    strategy: full-jitter
output: {bin: 1s}
)";
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "little.yaml");
    CountingObserver obs;
    engine::Scheduler scheduler;
    models::World world(world_config(s, 0), scheduler, obs);
    world.start();
    scheduler.run_until(s.duration, world);
    const double T = engine::to_seconds(s.duration);
    REQUIRE(obs.sampled_in_flight.size() == static_cast<std::size_t>(T));

    const MeanSe in_flight = batch_means(obs.sampled_in_flight, 30);
    const double answered = static_cast<double>(obs.answered);
    const double open_attempts = static_cast<double>(obs.sent - obs.answered);
    const double attempts_edge = (open_attempts * T - (obs.sum_sent - obs.sum_answered_sent)) / T;
    const double attempts_rhs = answered / T * (obs.attempt_seconds / answered);
    INFO(fmt::format("attempts: mean in flight {:.4f} (SE {:.4f}) vs throughput x duration {:.4f} + edge {:.5f}",
                     in_flight.mean, in_flight.se, attempts_rhs, attempts_edge));
    CHECK(std::fabs(in_flight.mean - (attempts_rhs + attempts_edge)) <= 4 * in_flight.se);

    const MeanSe in_system = batch_means(obs.sampled_in_system, 30);
    const double finished = static_cast<double>(obs.finished);
    const double open_items = static_cast<double>(obs.created - obs.finished);
    const double items_edge = (open_items * T - (obs.sum_created - obs.sum_finished_created)) / T;
    const double items_rhs = finished / T * (obs.item_seconds / finished);
    INFO(fmt::format("items: mean in system {:.4f} (SE {:.4f}) vs completion rate x latency {:.4f} + edge {:.5f}",
                     in_system.mean, in_system.se, items_rhs, items_edge));
    CHECK(std::fabs(in_system.mean - (items_rhs + items_edge)) <= 4 * in_system.se);
    CHECK(in_flight.mean > 0.3);  // not vacuous
    CHECK(in_system.mean > in_flight.mean);  // items also wait in backoff
}

}  // namespace test_analytic
