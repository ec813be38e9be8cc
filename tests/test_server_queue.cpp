// The server queue (api.queue, models/server_queue.hpp): a FIFO queue in
// front of `concurrency` servers. Checked against M/M/c theory (the
// probability of waiting is Erlang C, the mean wait C/(c mu - lambda)),
// for its queue timeout's status, and for the metastable failure of
// scenarios/metastable.yaml: with plain retries goodput stays collapsed
// after a short incident, with a retry budget or a circuit breaker it
// recovers. Every tolerance and threshold is derived below, not tuned.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "models/server.hpp"
#include "models/stream_purposes.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"
#include "support/pool_config.hpp"
#include "support/program.hpp"

namespace test_server_queue {

using namespace ratesim;
using engine::from_seconds;
using engine::seconds;
using engine::Time;

namespace {

constexpr double kRoundTrip = 0.1;

// One unlimited pool; the service time is the time to first token (no
// output tokens are asked for), drawn from `service`.
models::ApiConfig queue_api(std::int64_t servers, models::Distribution service, Time timeout = engine::kNever,
                            int timeout_status = models::status::overloaded) {
    models::ApiConfig api;
    api.pools.push_back(testing::pool_config(std::nullopt, std::nullopt, std::nullopt));
    api.latency.round_trip_s = models::Distribution::constant(kRoundTrip);
    api.latency.time_to_first_token_s = std::move(service);
    api.latency.output_tokens_per_second = models::Distribution::constant(100);
    api.queue.concurrency = servers;
    api.queue.timeout = timeout;
    api.queue.timeout_status = timeout_status;
    return api;
}

models::AttemptCost no_output() {
    models::AttemptCost cost;
    cost.input_tokens = 100;
    cost.max_tokens = 0;
    cost.output_tokens = 0;
    return cost;
}

models::ServerAnswer answer_at(models::Server& server, Time now, std::uint64_t entity) {
    auto latency = models::random_stream(7, 0, entity, models::Purpose::latency);
    auto overload = models::random_stream(7, 0, entity, models::Purpose::overload);
    return server.answer(0, no_output(), now, latency, overload);
}

// Erlang C: the probability that an arrival to an M/M/c queue with offered
// load a = lambda/mu < c waits (Kleinrock, Queueing Systems I, (3.42)).
double erlang_c(int c, double a) {
    double term = 1, sum = 0;  // term = a^k / k!
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double last = term * c / (c - a);
    return last / (sum + last);
}

struct Estimate {
    double mean = 0, standard_error = 0;
};

// The mean of `batches` batch means and its standard error from their spread.
Estimate batch_means(const std::vector<double>& batches) {
    const double n = static_cast<double>(batches.size());
    double mean = 0;
    for (const double b : batches) mean += b / n;
    double ss = 0;
    for (const double b : batches) ss += (b - mean) * (b - mean);
    return {mean, std::sqrt(ss / (n - 1) / n)};
}

}  // namespace

TEST_CASE("An M/M/c server queue waits with the Erlang C probability and the M/M/c mean wait",
          "[server_queue][analytic]") {
    // c = 5 servers, mu = 1/s, lambda = 4/s: rho = 0.8, C(5, 4) = 0.554,
    // mean wait C/(c mu - lambda) = 0.554 s. Rate limits never bind.
    const int c = 5;
    const double mu = 1, lambda = 4;
    models::Server server(queue_api(c, models::Distribution::exponential(1 / mu)),
                          models::random_stream(7, 0, 0, models::Purpose::incidents));
    // Waits are correlated from one arrival to the next, so the standard
    // error comes from batch means: 50 batches of 4000 arrivals (1000 s
    // each, far beyond the queue's relaxation time of about
    // 1 / (c mu (1 - sqrt(rho))^2) = 18 s), after 10000 arrivals of warm-up.
    const int warmup = 10000, batches = 50, per_batch = 4000;
    auto arrivals = models::random_stream(7, 0, 0, models::Purpose::arrivals);
    double t = 0;
    std::uint64_t entity = 1;
    for (int i = 0; i < warmup; ++i) {
        t += arrivals.exponential(1 / lambda);
        answer_at(server, from_seconds(t), entity++);
    }
    std::vector<double> waited, wait_s;
    for (int b = 0; b < batches; ++b) {
        double n_waited = 0, total_wait = 0;
        for (int i = 0; i < per_batch; ++i) {
            t += arrivals.exponential(1 / lambda);
            const models::ServerAnswer a = answer_at(server, from_seconds(t), entity++);
            REQUIRE(a.admitted);
            n_waited += a.queue_wait > 0;
            total_wait += engine::to_seconds(a.queue_wait);
        }
        waited.push_back(n_waited / per_batch);
        wait_s.push_back(total_wait / per_batch);
    }
    const double expected_c = erlang_c(c, lambda / mu);
    const double expected_wait = expected_c / (c * mu - lambda);
    const Estimate p = batch_means(waited), w = batch_means(wait_s);
    INFO("P(wait) " << p.mean << " +- " << p.standard_error << ", Erlang C " << expected_c);
    INFO("mean wait " << w.mean << " +- " << w.standard_error << " s, theory " << expected_wait << " s");
    // The estimates are precise enough for the check to mean something...
    CHECK(p.standard_error < 0.02 * expected_c);
    CHECK(w.standard_error < 0.05 * expected_wait);
    // ...and within 4 standard errors of the theory.
    CHECK(std::abs(p.mean - expected_c) < 4 * p.standard_error);
    CHECK(std::abs(w.mean - expected_wait) < 4 * w.standard_error);
}

TEST_CASE("An attempt that finds every server busy starts when the first one is free",
          "[server_queue]") {
    // One server, a 3 s service: sent at 0 it is busy over [0, 3]; an
    // attempt sent at 1 s waits 2 s, its first token comes after the round
    // trip, its wait and its own 3 s.
    models::Server server(queue_api(1, models::Distribution::constant(3), seconds(5)),
                          models::random_stream(7, 0, 0, models::Purpose::incidents));
    const models::ServerAnswer first = answer_at(server, 0, 1);
    CHECK(first.queue_wait == 0);
    CHECK(first.response.received_at == from_seconds(kRoundTrip + 3));
    const models::ServerAnswer second = answer_at(server, seconds(1), 2);
    REQUIRE(second.admitted);
    CHECK(second.queue_wait == seconds(2));
    CHECK(second.generation_start == from_seconds(1 + kRoundTrip + 2 + 3));
    CHECK(server.queue_length(from_seconds(1.5)) == 1);
    CHECK(server.queue_length(from_seconds(3.0)) == 0);
}

TEST_CASE("A queued attempt that would wait past the server's queue timeout gets its status and no server",
          "[server_queue]") {
    const int status = GENERATE(models::status::overloaded, models::status::gateway_timeout);
    // One server busy for 100 s; a 5 s queue timeout.
    models::Server server(queue_api(1, models::Distribution::constant(100), seconds(5), status),
                          models::random_stream(7, 0, 0, models::Purpose::incidents));
    REQUIRE(answer_at(server, 0, 1).admitted);
    const models::ServerAnswer late = answer_at(server, seconds(1), 2);
    CHECK_FALSE(late.admitted);
    CHECK(late.response.status == status);
    CHECK(late.response.received_at == from_seconds(1 + kRoundTrip + 5));
    // It took no server: the next attempt after the first is done starts at once.
    const models::ServerAnswer after = answer_at(server, seconds(100), 3);
    REQUIRE(after.admitted);
    CHECK(after.queue_wait == 0);
}

TEST_CASE("A queue timeout in a scenario answers its configured status to the client", "[server_queue]") {
    // Two workers send at once to one server with a 10 s service and a 2 s
    // queue timeout; the second's first attempt gets the status after 2 s
    // (its client waits up to 60 s) and is not retried.
    const std::string status = GENERATE(std::string("529"), std::string("504"));
    const scenario::ScenarioConfig s = scenario::load_scenario_text(R"(name: t
duration: 1h
api:
  pools: {p: {models: [m]}}
  latency: {round_trip: 100ms, time_to_first_token: 10s, output_tokens_per_second: 100}
  queue: {concurrency: 1, timeout: 2s, timeout_status: )" + status + R"(}
clients:
  - name: c
    workers: 2
    timeout: 60s
    workload: {kind: batch, items: 2}
    request: {model: m, input_tokens: 10, max_tokens: 10, output_tokens: 0}
    strategy: {retry: {kind: none}}
)",
                                                                   "t.yaml");
    const run::RunMetrics m = run::run_once(s, run::variants_of(s).front(), 0, nullptr);
    CHECK(m.succeeded == 1);
    CHECK(m.failed == 1);
    CHECK((status == "529" ? m.r529 : m.r5xx) == 1);
    CHECK((status == "529" ? m.r5xx : m.r529) == 0);
}

TEST_CASE("A queue timeout status other than 529 or 504 is a located scenario error", "[server_queue]") {
    const std::string status = GENERATE(std::string("500"), std::string("510"));
    try {
        scenario::load_scenario_text(R"(name: t
duration: 1h
api:
  pools: {p: {models: [m]}}
  queue: {concurrency: 1, timeout_status: )" + status + R"(}
clients:
  - name: c
    workload: {kind: batch, items: 2}
    request: {model: m}
)",
                                     "t.yaml");
        FAIL("no ScenarioError was thrown");
    } catch (const scenario::ScenarioError& e) {
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith("t.yaml:5:43: error: api.queue.timeout_status"));
        CHECK_THAT(e.what(), Catch::Matchers::Contains("529 or 504"));
    }
}

TEST_CASE("After a short incident plain retries keep goodput collapsed, a retry budget or a circuit breaker lets it recover",
          "[server_queue][metastable]") {
    // scenarios/metastable.yaml: c = 100 servers, service S = 1 s to the
    // first token + U(200, 400) tokens at 60/s, so E[S] = 6 s and at most
    // 7.7 s; lambda = 10 items/s: capacity c/E[S] = 16.7/s, load 0.6.
    // Clients time out after T = 30 s; the server answers 529 to an attempt
    // that would wait over Q = 60 s. The incident (30 to 32 min) triples S.
    //
    // Healthy, every item succeeds: goodput lambda = 600/min.
    //
    // Plain retries (up to 3): once the wait W exceeds T - S, every attempt
    // times out and is retried, but the server still serves it: up to
    // (1 + 3) lambda = 40 attempts/s offer 240 s of work a second to 100
    // servers. W stays pinned near Q, every served attempt is wasted, and
    // goodput stays near 0 after the trigger is gone: below half the
    // healthy rate in every minute from 33 min to the end of arrivals (60 min).
    //
    // A retry budget (10% of requests + 1/s) caps attempts at
    // 1.1 lambda + 1 = 12/s: 72 s of work a second, so W falls at
    // 1 - 0.72 = 0.28 s a second from at most Q = 60 s to T - max S = 22.3 s,
    // in (60 - 22.3) / 0.28 = 135 s. A circuit breaker is open while more
    // than half the attempts fail, so retries all but stop (load 0.6, W
    // falls at 0.4 s a second: 94 s). Allowing twice the longer drain,
    // K = 5 min: every minute from 37 min to 60 min holds at least 80% of
    // the healthy goodput (a minute's 600 successes are Poisson-like, sd
    // about 25: 80% is 5 sd below).
    const scenario::ScenarioConfig s = scenario::load_scenario(testing::kSource + "/scenarios/metastable.yaml");
    const double healthy_rpm = 600;
    auto goodput = [&](const std::string& name) {
        for (const run::Variant& v : run::variants_of(s))
            if (v.name == name) {
                run::RunSeries series;
                run::run_once(s, v, 0, &series);
                std::vector<std::pair<double, double>> per_minute;  // (bin end in minutes, goodput)
                for (const auto& bin : series.bins)
                    if (const auto* counts = std::get_if<run::BinCounts>(&bin); counts && counts->group < 0)
                        per_minute.emplace_back(engine::to_seconds(counts->end) / 60, counts->goodput_rpm());
                return per_minute;
            }
        FAIL("no variant " << name);
        return std::vector<std::pair<double, double>>{};
    };
    auto check_minutes = [&](const std::vector<std::pair<double, double>>& bins, double from, double to,
                             bool above, double threshold) {
        int checked = 0;
        for (const auto& [end, rpm] : bins) {
            if (end <= from || end > to) continue;
            INFO("minute ending " << end << ": goodput " << rpm << "/min, threshold " << threshold);
            CHECK((above ? rpm >= threshold : rpm < threshold));
            ++checked;
        }
        CHECK(checked >= static_cast<int>(to - from) - 1);
    };
    SECTION("plain retries") {
        const auto bins = goodput("plain-retries");
        check_minutes(bins, 1, 30, true, 0.8 * healthy_rpm);
        check_minutes(bins, 33, 60, false, 0.5 * healthy_rpm);
    }
    for (const char* recovering : {"retry-budget", "circuit-breaker"}) {
        DYNAMIC_SECTION(recovering) {
            const auto bins = goodput(recovering);
            check_minutes(bins, 1, 30, true, 0.8 * healthy_rpm);
            check_minutes(bins, 37, 60, true, 0.8 * healthy_rpm);
        }
    }
}

}  // namespace test_server_queue
