// Invariants that hold in every run, whatever the scenario or strategy:
// nothing is silently dropped, every attempt is accounted for, the buckets
// never admit more than they allow, never-admissible requests never succeed,
// and budgets cap what is in flight. Each scenario drives a World directly
// with a recording observer teed to the real MetricsSink, so the figures in
// RunMetrics are checked against an independent account of the same run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/world.hpp"
#include "sim/run/experiment.hpp"
#include "sim/run/metrics_sink.hpp"
#include "sim/engine/scheduler.hpp"
#include "sim/scenario/loader.hpp"

namespace test_invariants {

using namespace ratesim;

namespace {

// Records what the world reports and checks, as it goes, what must hold at
// every instant. Everything else is checked after the run.
class Recorder final : public models::Observer {
public:
    struct Answer {
        int group;
        std::uint32_t worker;
        engine::Time sent_at, answered_at;
        int status;
        bool never_admissible;
        bool stream_error;
    };

    explicit Recorder(const models::World& world) : world_(world) {
        const std::size_t groups = world.groups().size();
        open_by_group.assign(groups, 0);
        max_open_by_group.assign(groups, 0);
        succeeded_by_group.assign(groups, 0);
        std::size_t workers = 0;
        for (const auto& g : world.groups()) {
            first_worker.push_back(g.first_worker);
            workers += static_cast<std::size_t>(g.config.workers);
        }
        open_by_worker.assign(workers, 0);
    }

    std::int64_t created = 0, finished = 0, succeeded = 0, failed = 0;
    std::int64_t sent = 0, answered = 0;
    std::vector<Answer> answers;
    std::vector<std::int64_t> open_by_group, max_open_by_group;
    std::vector<std::uint32_t> first_worker;
    std::vector<int> open_by_worker;
    std::int64_t samples = 0;
    // Violations found as events came (empty when all is well).
    std::vector<std::string> problems;
    std::vector<std::int64_t> succeeded_by_group;

    void items_created(int, engine::Time, std::int64_t count) override {
        created += count;
        check_counts("items_created");
    }
    void attempt_sent(int group, std::uint32_t worker, engine::Time at) override {
        ++sent;
        auto& w = open_by_worker[first_worker[static_cast<std::size_t>(group)] + worker];
        if (++w > 1) problem(fmt::format("t={}: worker {}/{} has {} attempts in flight", at, group, worker, w));
        auto& g = open_by_group[static_cast<std::size_t>(group)];
        ++g;
        max_open_by_group[static_cast<std::size_t>(group)] =
            std::max(max_open_by_group[static_cast<std::size_t>(group)], g);
    }
    void attempt_answered(const models::AttemptObservation& a) override {
        ++answered;
        answers.push_back({a.group, a.worker, a.sent_at, a.answered_at, a.status, a.never_admissible,
                           a.stream_error});
        auto& w = open_by_worker[first_worker[static_cast<std::size_t>(a.group)] + a.worker];
        if (--w < 0) problem(fmt::format("t={}: worker {}/{} answered with nothing in flight", a.answered_at, a.group, a.worker));
        --open_by_group[static_cast<std::size_t>(a.group)];
    }
    void attempt_billed(const models::BilledObservation&) override {}
    void item_finished(const models::ItemObservation& item) override {
        ++finished;
        if (item.succeeded) {
            ++succeeded;
            ++succeeded_by_group[static_cast<std::size_t>(item.group)];
        } else {
            ++failed;
        }
        if (item.finished_at < item.created_at) problem("an item finished before it was created");
    }
    void sample(const models::WorldSample& s) override {
        ++samples;
        // The world's own in-flight counter agrees with the attempts reported.
        if (s.in_flight != sent - answered)
            problem(fmt::format("t={}: sample in_flight {} but {} sent - {} answered", s.at, s.in_flight, sent,
                                answered));
        if (s.queued < 0) problem("negative queue");
        for (std::size_t i = 0; i < s.bucket_fill.size(); ++i) {
            const double f = s.bucket_fill[i];
            if (std::isnan(f)) continue;
            const bool output = i % 3 == 2;  // streamed output may go below zero
            if (f > 1 + 1e-9 || (!output && f < -1e-9))
                problem(fmt::format("t={}: bucket {} fill {}", s.at, i, f));
        }
        check_counts("sample");
    }

    // items = succeeded + failed + pending: checked at every sample, at
    // every arrival, and between the run's steps. (Not inside item_finished:
    // the world reports an item before it counts it as finished.)
    void check_counts(const char* where) {
        if (world_.items_created() != created)
            problem(fmt::format("{}: world created {} but {} reported", where, world_.items_created(), created));
        if (world_.pending_items() != created - finished)
            problem(fmt::format("{}: world pending {} but {} created - {} finished", where, world_.pending_items(),
                                created, finished));
    }
private:
    void problem(std::string p) {
        if (problems.size() < 20) problems.push_back(std::move(p));
    }
    const models::World& world_;
};

// Forwards every observation to the metrics sink and the recorder.
class Tee final : public models::Observer {
public:
    Tee(models::Observer& a, models::Observer& b) : a_(a), b_(b) {}
    void items_created(int g, engine::Time at, std::int64_t n) override {
        a_.items_created(g, at, n);
        b_.items_created(g, at, n);
    }
    void attempt_sent(int g, std::uint32_t w, engine::Time at) override {
        a_.attempt_sent(g, w, at);
        b_.attempt_sent(g, w, at);
    }
    void attempt_answered(const models::AttemptObservation& x) override {
        a_.attempt_answered(x);
        b_.attempt_answered(x);
    }
    void attempt_billed(const models::BilledObservation& x) override {
        a_.attempt_billed(x);
        b_.attempt_billed(x);
    }
    void item_finished(const models::ItemObservation& x) override {
        a_.item_finished(x);
        b_.item_finished(x);
    }
    void sample(const models::WorldSample& x) override {
        a_.sample(x);
        b_.sample(x);
    }

private:
    models::Observer& a_;
    models::Observer& b_;
};

// Lets the recorder be built after the world it reads (the world needs an
// observer at construction).
class Late final : public models::Observer {
public:
    models::Observer* target = nullptr;
    void items_created(int g, engine::Time at, std::int64_t n) override { target->items_created(g, at, n); }
    void attempt_sent(int g, std::uint32_t w, engine::Time at) override { target->attempt_sent(g, w, at); }
    void attempt_answered(const models::AttemptObservation& x) override { target->attempt_answered(x); }
    void attempt_billed(const models::BilledObservation& x) override { target->attempt_billed(x); }
    void item_finished(const models::ItemObservation& x) override { target->item_finished(x); }
    void sample(const models::WorldSample& x) override { target->sample(x); }
};

struct Run {
    run::RunMetrics metrics;
    std::vector<models::ClientGroupConfig> groups;  // as run (the variant's strategy applied)
    std::vector<int> pool_of_group;
    Recorder* recorder = nullptr;
    std::int64_t world_pending = 0, world_created = 0;
    std::int64_t total_workers = 0;
    bool ended_early = false;  // every batch finished before the duration
};

// Runs one variant of a scenario, stepping the clock a minute at a time so
// the per-instant checks also run between events.
template <class Check>
void run_variant(const scenario::ScenarioConfig& s, const run::Variant& variant, Check&& check) {
    models::WorldConfig wc;
    wc.api = s.api;
    wc.groups = s.clients;
    if (variant.strategy)
        for (auto& g : wc.groups) g.strategy = *variant.strategy;
    wc.seed = s.seed;
    wc.sample_every = s.bin;
    wc.arrivals_until = s.duration;

    run::MetricsSink sink(s, wc.groups, variant.name, 0, nullptr);
    Late late;
    engine::Scheduler scheduler;
    models::World world(wc, scheduler, late);
    Recorder recorder(world);
    Tee tee(sink, recorder);
    late.target = &tee;
    world.start();
    std::uint64_t events = 0;
    for (engine::Time t = engine::seconds(60); ; t += engine::seconds(60)) {
        const engine::Time until = std::min(t, s.time_cap());
        events += scheduler.run_until(until, world);
        recorder.check_counts("between steps");
        if (until == s.time_cap() || !world.keep_running()) break;
    }
    Run run;
    run.metrics = sink.finish(scheduler.now(), world.items_left(), events);
    run.groups = wc.groups;
    for (const auto& g : world.groups()) {
        run.pool_of_group.push_back(g.pool);
        run.total_workers += g.config.workers;
    }
    run.recorder = &recorder;
    run.world_pending = world.pending_items();
    run.world_created = world.items_created();
    run.ended_early = !world.keep_running();
    check(run);
}

// Every run: the accounting identities between the recorder, the world and
// RunMetrics.
void check_accounting(const Run& run) {
    const run::RunMetrics& m = run.metrics;
    const Recorder& r = *run.recorder;
    INFO(fmt::format("variant {}: items {} succeeded {} failed {} pending {}; attempts {} ok {} 429 {} 529 {} "
                     "5xx {} timeouts {} never_admissible {}",
                     m.variant, m.items, m.succeeded, m.failed, m.pending, m.attempts, m.ok, m.r429, m.r529,
                     m.r5xx, m.timeouts, m.never_admissible));
    for (const auto& p : r.problems) FAIL_CHECK(p);
    CHECK(r.problems.empty());

    // Items: nothing silently dropped.
    CHECK(m.items == m.succeeded + m.failed + m.pending);
    CHECK(m.items == run.world_created);
    CHECK(m.items == r.created);
    CHECK(m.pending == run.world_pending);
    CHECK(m.succeeded == r.succeeded);
    CHECK(m.failed == r.failed);

    // Attempts: each answered exactly once, or still in flight when the run
    // stopped (at most one per worker).
    const std::int64_t open = r.sent - r.answered;
    CHECK(m.attempts == r.sent);
    CHECK(open >= 0);
    CHECK(open <= run.total_workers);
    CHECK(m.attempts == m.ok + m.r429 + m.r529 + m.r5xx + m.timeouts + m.midstream_errors + open);
    if (run.ended_early) CHECK(open == 0);
    std::map<int, std::int64_t> by_status;
    std::int64_t never = 0, broken = 0;
    for (const auto& a : r.answers) {
        ++by_status[a.status];
        never += a.never_admissible ? 1 : 0;
        if (a.stream_error) {
            ++broken;
            CHECK(a.status == models::status::ok);  // an error after the 200
        }
    }
    CHECK(m.midstream_errors == broken);
    CHECK(m.ok == by_status[models::status::ok] - broken);
    CHECK(m.r429 == by_status[models::status::rate_limited]);
    CHECK(m.r529 == by_status[models::status::overloaded]);
    CHECK(m.timeouts == by_status[models::status::client_timeout]);
    CHECK(m.never_admissible == never);
    CHECK(m.never_admissible <= m.r429);
    // A success ends its item, and only a success does.
    CHECK(m.ok == m.succeeded);
    if (m.attempts > 0) {
        CHECK(m.rate_429 == Approx(static_cast<double>(m.r429) / static_cast<double>(m.attempts)));
        CHECK(m.rate_529 == Approx(static_cast<double>(m.r529) / static_cast<double>(m.attempts)));
        CHECK(m.rate_midstream == Approx(static_cast<double>(m.midstream_errors) / static_cast<double>(m.attempts)));
    }
    if (m.items > 0) CHECK(m.amplification == Approx(static_cast<double>(m.attempts) / static_cast<double>(m.items)));
}

// Per attempt: answers come after sends, timeouts exactly at the group's
// timeout, nothing later than it; 529s only while an incident is on.
void check_attempts(const Run& run, const std::vector<models::IncidentConfig>& incidents) {
    std::int64_t bad_order = 0, bad_timeout = 0, late_answer = 0, stray_529 = 0, stray_never = 0;
    for (const auto& a : run.recorder->answers) {
        const engine::Time timeout = run.groups[static_cast<std::size_t>(a.group)].timeout;
        if (a.answered_at < a.sent_at) ++bad_order;
        if (a.status == models::status::client_timeout && a.answered_at - a.sent_at != timeout) ++bad_timeout;
        if (a.status != models::status::client_timeout && a.answered_at - a.sent_at > timeout) ++late_answer;
        if (a.status == models::status::overloaded) {
            bool inside = false;
            for (const auto& i : incidents) inside |= a.sent_at >= i.at && a.sent_at < i.at + i.length;
            if (!inside) ++stray_529;
        }
        if (a.never_admissible && a.status != models::status::rate_limited) ++stray_never;
    }
    CHECK(bad_order == 0);
    CHECK(bad_timeout == 0);
    CHECK(late_answer == 0);
    CHECK(stray_529 == 0);
    CHECK(stray_never == 0);
}

// The largest number of admissions in any window [t_i, t_j] (both ends
// included) minus what the bucket allows there: capacity + rate*(t_j - t_i),
// in units of `cost` per admission. <= 0 means the bound holds everywhere.
// With g(k) = k*cost - rate*t_k the window's excess is g(j) - g(i) + cost -
// capacity, so one pass with the running minimum of g finds the worst.
double worst_window_excess(std::vector<engine::Time> admitted, double cost, double rate_per_s, double capacity) {
    std::sort(admitted.begin(), admitted.end());
    double worst = -capacity;
    double min_g = 0;
    for (std::size_t k = 0; k < admitted.size(); ++k) {
        const double g = static_cast<double>(k) * cost - rate_per_s * engine::to_seconds(admitted[k]);
        min_g = k == 0 ? g : std::min(min_g, g);
        worst = std::max(worst, g - min_g + cost - capacity);
    }
    return worst;
}

// The bucket bound for RPM and (for constant input sizes) ITPM: admitted
// attempts are the successes plus the client timeouts. A timeout can only
// hit an admitted attempt here because 429 and 529 answers take one round
// trip, which every scenario below keeps well under its timeouts.
void check_bucket_bounds(const Run& run, const scenario::ScenarioConfig& s) {
    const double burst_s = engine::to_seconds(s.api.burst);
    for (std::size_t p = 0; p < s.api.pools.size(); ++p) {
        const auto& pool = s.api.pools[p];
        std::vector<engine::Time> admitted;
        bool constant_input = true;
        double input = -1;
        for (std::size_t g = 0; g < run.groups.size(); ++g) {
            if (run.pool_of_group[g] != static_cast<int>(p)) continue;
            const auto& shape = run.groups[g].request;
            const bool constant = shape.input_tokens.kind() == models::Distribution::Kind::constant &&
                                  shape.cache_creation_tokens.kind() == models::Distribution::Kind::constant;
            const double in = shape.input_tokens.mean() + shape.cache_creation_tokens.mean();
            if (!constant || (input >= 0 && in != input)) constant_input = false;
            input = in;
        }
        for (const auto& a : run.recorder->answers)
            if (run.pool_of_group[static_cast<std::size_t>(a.group)] == static_cast<int>(p) &&
                (a.status == models::status::ok || a.status == models::status::client_timeout))
                admitted.push_back(a.sent_at);
        // Tolerance: floating-point refill over hours, far below one request.
        if (pool.rpm) {
            // A request bucket holds at least one request (else nothing could be admitted).
            const double capacity = std::max(1.0, *pool.rpm * burst_s / 60);
            const double excess = worst_window_excess(admitted, 1.0, *pool.rpm / 60, capacity);
            INFO(fmt::format("pool {} rpm {}: {} admitted, worst window excess {:.6f}", pool.name, *pool.rpm,
                             admitted.size(), excess));
            CHECK(excess <= 1e-6);
        }
        if (pool.itpm && constant_input && input > 0) {
            const double excess = worst_window_excess(admitted, input, *pool.itpm / 60, *pool.itpm * burst_s / 60);
            INFO(fmt::format("pool {} itpm {}: {} admitted x {} tokens, worst window excess {:.6f}", pool.name,
                             *pool.itpm, admitted.size(), input, excess));
            CHECK(excess <= 1e-6 * input);
        }
    }
}

std::vector<run::Variant> variants(const scenario::ScenarioConfig& s) { return run::variants_of(s); }

}  // namespace

TEST_CASE("Batch workers under limits, a 529 incident and short timeouts", "[invariants]") {
    // Tight buckets (10 s burst), timeouts that cut the long answers, an
    // incident that 529s half the attempts, six strategies.
    const std::string yaml = R"(name: inv-batch
seed: 21
duration: 40m
api:
  burst: 10s
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 50, itpm: 20k, otpm: 8k}
  latency:
    round_trip: 100ms
    time_to_first_token: {dist: lognormal, median: 600ms, p95: 2s}
    output_tokens_per_second: {dist: normal, mean: 60, sd: 10}
  capacity:
    incidents: [{at: 3m, for: 4m, overload: 0.5}]
clients:
  - name: batch
    workers: 16
    workload: {kind: batch, items: 600}
    timeout: 4s
    request:
      model: claude-sonnet-4-5
      input_tokens: 400
      max_tokens: 300
      output_tokens: {dist: uniform, min: 20, max: 250}
compare:
  strategies: [naive, exponential, full-jitter, retry-after, header-proactive, sdk-default]
output: {bin: 10s}
)";
    std::int64_t total_timeouts = 0, total_529 = 0;
    // Also with a 2 s burst: buckets of under two requests and 667 tokens.
    for (const char* burst : {"10s", "2s"}) {
        const scenario::ScenarioConfig s =
            scenario::load_scenario_text(yaml, "inv-batch.yaml", {std::string("api.burst=") + burst});
        for (const auto& v : variants(s)) {
            run_variant(s, v, [&](const Run& run) {
                INFO("burst " << burst);
                check_accounting(run);
                check_attempts(run, s.api.incidents.scheduled);
                check_bucket_bounds(run, s);
                total_timeouts += run.metrics.timeouts;
                total_529 += run.metrics.r529;
                // Unlimited retries and no deadline: no item ever fails.
                if (v.name == "naive" || v.name == "full-jitter") CHECK(run.metrics.failed == 0);
            });
        }
    }
    // The scenario does exercise what it is meant to.
    CHECK(total_timeouts > 0);
    CHECK(total_529 > 0);
}

TEST_CASE("Mid-stream overloads: broken streams are their own outcome and items still add up", "[invariants]") {
    // Two incidents that break streams mid-way (one also 529s), random ones
    // that do too, streamed and reserve-max-tokens pools, retrying and
    // non-retrying strategies, and timeouts that cut some broken streams.
    const std::string yaml = R"(name: inv-midstream
seed: 23
duration: 40m
api:
  burst: 10s
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 60, itpm: 40k, otpm: 12k}
    haiku: {models: [claude-haiku-4-5], rpm: 100, itpm: 50k, otpm: 20k, output_accounting: reserve-max-tokens}
  latency:
    round_trip: 100ms
    time_to_first_token: {dist: lognormal, median: 600ms, p95: 2s}
    output_tokens_per_second: {dist: normal, mean: 60, sd: 10}
  capacity:
    incidents:
      - {at: 2m, for: 5m, overload: 0.3, midstream: {fraction: 0.5, after: 0.4}}
      - {at: 12m, for: 3m, overload: 0, midstream: {fraction: 1}}
    random: {every: 10m, for: 1m, overload: 0.2, midstream: {fraction: 0.3, after: 0.8}}
clients:
  - name: batch
    workers: 12
    workload: {kind: batch, items: 500}
    timeout: 5s
    request:
      model: claude-sonnet-4-5
      input_tokens: 400
      max_tokens: 400
      output_tokens: {dist: uniform, min: 20, max: 350}
  - name: chat
    workers: 6
    workload: {kind: poisson, rate: 40/min}
    request: {model: claude-haiku-4-5, input_tokens: 300, max_tokens: 300, output_tokens: 200}
compare:
  strategies: [naive, exponential, sdk-default, {name: circuit-breaker, preset: exponential, budget: circuit-breaker}, {name: no-retry, retry: none}]
output: {bin: 10s}
)";
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "inv-midstream.yaml", {});
    std::int64_t broken = 0;
    for (const auto& v : variants(s)) {
        run_variant(s, v, [&](const Run& run) {
            check_accounting(run);
            check_bucket_bounds(run, s);
            broken += run.metrics.midstream_errors;
            // A broken stream fails its item where it is not retried (the SDK
            // does not retry it), so there are at least as many failures.
            if (v.name == "no-retry" || v.name == "sdk-default")
                CHECK(run.metrics.failed >= run.metrics.midstream_errors);
        });
    }
    CHECK(broken > 0);  // the scenario does exercise what it is meant to
}

TEST_CASE("Poisson arrivals, several groups, reserve-max-tokens", "[invariants]") {
    const std::string yaml = R"(name: inv-poisson
seed: 22
duration: 30m
api:
  burst: 5s
  output_accounting: reserve-max-tokens
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 60, itpm: 30k, otpm: 10k}
    haiku: {models: [claude-haiku-4-5], rpm: 120, output_accounting: streamed, otpm: 20k}
  latency:
    round_trip: 50ms
    time_to_first_token: {dist: exponential, mean: 500ms}
    output_tokens_per_second: {dist: uniform, min: 40, max: 90}
  capacity:
    incidents: [{at: 10m, for: 2m, overload: 0.8}]
    latency_factor: 2
clients:
  - name: chat
    workers: 6
    workload: {kind: poisson, rate: 1.5/s}
    timeout: 3s
    request: {model: claude-sonnet-4-5, input_tokens: 300, max_tokens: 200, output_tokens: {dist: uniform, min: 10, max: 200}}
  - name: bulk
    workers: 4
    start: 2m
    workload: {kind: batch, items: 300}
    timeout: 2s
    request: {model: claude-haiku-4-5, input_tokens: {dist: uniform, min: 100, max: 900}, max_tokens: 100, output_tokens: 80}
  - name: side
    workers: 3
    workload: {kind: poisson, rate: 20/min}
    deadline: 20s
    request: {model: claude-sonnet-4-5, input_tokens: 300, max_tokens: 200, output_tokens: 50}
compare:
  strategies: [naive, equal-jitter, decorrelated-jitter, sdk-default, header-proactive]
output: {bin: 5s}
)";
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "inv-poisson.yaml");
    for (const auto& v : variants(s)) {
        run_variant(s, v, [&](const Run& run) {
            check_accounting(run);
            check_attempts(run, s.api.incidents.scheduled);
            check_bucket_bounds(run, s);
            CHECK(run.metrics.pending >= 0);
            // A sample every 5 s: over the 30-minute arrival window, then the drain.
            CHECK(run.metrics.simulated_s >= 30 * 60);
            CHECK(run.recorder->samples == static_cast<int>(run.metrics.simulated_s / 5));
        });
    }
}

TEST_CASE("A never-admissible request is flagged and never succeeds", "[invariants]") {
    // ITPM capacity 10k (60 s burst): 20k input tokens can never fit. With
    // reserve-max-tokens, max_tokens above the OTPM capacity cannot either.
    const std::string yaml = R"(name: inv-never
seed: 23
duration: 10m
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 100, itpm: 10k}
    opus: {models: [claude-opus-4-1], rpm: 100, otpm: 1k, output_accounting: reserve-max-tokens}
  latency: {round_trip: 100ms, time_to_first_token: 200ms, output_tokens_per_second: 100}
clients:
  - name: small
    workers: 2
    workload: {kind: batch, items: 20}
    request: {model: claude-sonnet-4-5, input_tokens: 1k, max_tokens: 100, output_tokens: 50}
    strategy: naive
  - name: huge
    workers: 2
    workload: {kind: batch, items: 10}
    request: {model: claude-sonnet-4-5, input_tokens: 20k, max_tokens: 100, output_tokens: 50}
    strategy: {preset: naive, retry: {max_retries: 3}}
  - name: wide
    workers: 1
    workload: {kind: batch, items: 5}
    request: {model: claude-opus-4-1, input_tokens: 100, max_tokens: 2k, output_tokens: 50}
    strategy: {preset: exponential, retry: {max_retries: 2}}
output: {bin: 10s}
)";
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "inv-never.yaml");
    run_variant(s, variants(s).front(), [&](const Run& run) {
        check_accounting(run);
        check_attempts(run, {});
        const Recorder& r = *run.recorder;
        std::int64_t attempts[3] = {0, 0, 0}, never[3] = {0, 0, 0};
        for (const auto& a : r.answers) {
            ++attempts[a.group];
            never[a.group] += a.never_admissible ? 1 : 0;
            if (a.group > 0) CHECK(a.status == models::status::rate_limited);
        }
        CHECK(never[0] == 0);
        CHECK(r.succeeded_by_group[0] == 20);
        // Each hopeless item: 1 + max_retries attempts, all never_admissible, then it fails.
        CHECK(attempts[1] == 10 * 4);
        CHECK(never[1] == attempts[1]);
        CHECK(r.succeeded_by_group[1] == 0);
        CHECK(attempts[2] == 5 * 3);
        CHECK(never[2] == attempts[2]);
        CHECK(r.succeeded_by_group[2] == 0);
        CHECK(run.metrics.never_admissible == 10 * 4 + 5 * 3);
        CHECK(run.metrics.failed == 15);
        CHECK(run.metrics.pending == 0);
    });
}

TEST_CASE("max_in_flight with shared coordination caps the group's attempts in flight", "[invariants]") {
    const std::string yaml = R"(name: inv-mif
seed: 24
duration: 30m
api:
  burst: 10s
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 40}
  latency:
    round_trip: 100ms
    time_to_first_token: {dist: lognormal, median: 800ms, p95: 3s}
    output_tokens_per_second: 50
clients:
  - name: a
    workers: 20
    coordination: shared
    timeout: 2s
    workload: {kind: batch, items: 300}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 100, output_tokens: 40}
  - name: b
    workers: 8
    coordination: shared
    workload: {kind: poisson, rate: 30/min}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 100, output_tokens: 40}
compare:
  strategies:
    - {preset: naive, max_in_flight: 3}
    - {preset: full-jitter, max_in_flight: 2, name: jitter-2}
output: {bin: 10s}
)";
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "inv-mif.yaml");
    for (const auto& v : variants(s)) {
        run_variant(s, v, [&](const Run& run) {
            check_accounting(run);
            check_attempts(run, {});
            check_bucket_bounds(run, s);
            const double limit = v.strategy->budget.params.number("limit");
            const Recorder& r = *run.recorder;
            INFO(fmt::format("{}: limit {}, max in flight {} and {}", v.name, limit, r.max_open_by_group[0],
                             r.max_open_by_group[1]));
            CHECK(static_cast<double>(r.max_open_by_group[0]) <= limit);
            CHECK(static_cast<double>(r.max_open_by_group[1]) <= limit);
            CHECK(static_cast<double>(r.max_open_by_group[0]) == limit);  // the cap is reached, so it bites
        });
    }
}

TEST_CASE("max_in_flight waiters are not stranded when a woken worker gives up", "[invariants]") {
    // One slot, three workers, three items, each answer 2 s, item deadline
    // 1 s. Worker 0 sends at t=0; workers 1 and 2 wait for the slot. At t=2
    // worker 0's answer frees the slot and wakes worker 1, whose item is past
    // its deadline: it fails without sending, and the slot is free again. A
    // semaphore would now let worker 2 in (whose item then fails its deadline
    // too, or is sent). Either way every item is finished: the run must end
    // long before its hour with nothing pending.
    const std::string yaml = R"(name: inv-stranded
seed: 25
duration: 1h
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 100}
  latency: {round_trip: 100ms, time_to_first_token: 1900ms, output_tokens_per_second: 1000}
clients:
  - name: a
    workers: 3
    coordination: shared
    deadline: 1s
    workload: {kind: batch, items: 3}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 10, output_tokens: 1}
    strategy: {preset: naive, max_in_flight: 1}
output: {bin: 10s}
)";
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "inv-stranded.yaml");
    run_variant(s, variants(s).front(), [&](const Run& run) {
        check_accounting(run);
        CHECK(run.metrics.succeeded == 1);
        CHECK(run.metrics.failed == 2);
        CHECK(run.metrics.pending == 0);
        CHECK(run.ended_early);
    });
}

TEST_CASE("The sliding-window bound check itself", "[invariants]") {
    // Capacity 2, one token per second: two at t=0 and one at t=1 fit; a
    // third within the first second does not.
    const double r = 1.0, cap = 2.0;
    CHECK(worst_window_excess({0, 0, engine::seconds(1)}, 1, r, cap) <= 0);
    CHECK(worst_window_excess({0, 0, engine::millis(999)}, 1, r, cap) > 0);
    CHECK(worst_window_excess({0, engine::seconds(5), engine::seconds(5), engine::seconds(6)}, 1, r, cap) <= 0);
    CHECK(worst_window_excess({engine::seconds(5), engine::seconds(5), engine::seconds(5)}, 1, r, cap) == Approx(1));
    CHECK(worst_window_excess({}, 1, r, cap) <= 0);
}

}  // namespace test_invariants
