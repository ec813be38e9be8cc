// Extreme but valid inputs: the run still ends, time never overflows, and
// outputs stay bounded.
#include <catch2/catch.hpp>

#include "sim/run/experiment.hpp"
#include "sim/run/run_estimate.hpp"
#include "sim/scenario/loader.hpp"

namespace test_extremes {

using namespace ratesim;

namespace {

const char* kBase = R"(name: extreme
duration: 10m
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 60}
  latency: {round_trip: 100ms, time_to_first_token: 200ms, output_tokens_per_second: 100}
clients:
  - name: a
    workers: 2
    workload: {kind: batch, items: 20}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 100, output_tokens: 10}
    strategy: naive
)";

run::RunMetrics run_scenario(const std::vector<std::string>& sets) {
    const scenario::ScenarioConfig s = scenario::load_scenario_text(kBase, "extreme.yaml", sets);
    return run::run_once(s, run::variants_of(s).front(), 0, nullptr);
}

}  // namespace

TEST_CASE("a zero round trip with immediate retries still lets time move and the run end",
          "[extremes]") {
    const run::RunMetrics m = run_scenario({"api.latency.round_trip=0"});
    CHECK(m.succeeded == 20);
    CHECK(m.pending == 0);
    // 60 RPM with a full bucket of 60: all 20 fit at once, no 429 needed.
    CHECK(m.r429 == 0);
}

TEST_CASE("a zero round trip retried at once polls at most once per millisecond per worker",
          "[extremes]") {
    // 60 items against 1 RPM: the bucket holds 1 request, so the two workers
    // poll it for most of the 10 minutes. Answers take at least 1 ms.
    const run::RunMetrics m = run_scenario({"api.latency.round_trip=0", "api.pools.sonnet.rpm=1",
                                   "clients.a.workload={kind: batch, items: 60}"});
    CHECK(m.r429 > 100'000);  // it did poll, hard...
    CHECK(m.attempts <= 2 * 1000 * 600 + 2);  // ...but never faster than the floor allows
    CHECK(m.simulated_s == Approx(600));
}

TEST_CASE("a near-zero arrival rate schedules nothing instead of overflowing the clock",
          "[extremes]") {
    const run::RunMetrics m =
        run_scenario({"clients.a.workload={kind: poisson, rate: 0.0000000000000000000001/s}", "clients.a.start=1s"});
    CHECK(m.items == 0);
    CHECK(m.attempts == 0);
    CHECK(m.simulated_s == Approx(600));
}

TEST_CASE("an answer too slow to represent is a timeout, not an overflow", "[extremes]") {
    const run::RunMetrics m = run_scenario({"api.latency.output_tokens_per_second=0.0000000000001",
                                   "clients.a.timeout=5s", "clients.a.strategy={retry: none}"});
    CHECK(m.timeouts == 20);
    CHECK(m.failed == 20);
    CHECK(m.ok == 0);
}

TEST_CASE("a time series of more than 100000 bins per run is refused with the smallest bin allowed",
          "[extremes]") {
    CHECK_THROWS_WITH(scenario::load_scenario_text(kBase, "extreme.yaml", {"output={bin: 1ms}"}),
                      Catch::Contains("600000 time-series bins") && Catch::Contains("at least 6ms"));
}

// ---- the extremes of issue 6: each a clear error or a correct result ------

TEST_CASE("a limit of one request per minute admits one a minute and the run still ends", "[extremes]") {
    const run::RunMetrics m = run_scenario({"api.pools.sonnet.rpm=1"});
    // The bucket holds one request (the 60 s burst) and refills one per
    // minute: t = 0, 60, ..., 600 s, each admitted within a round trip.
    CHECK(m.ok >= 10);
    CHECK(m.ok <= 11);
    CHECK(m.r429 > 1000);  // naive retry polls every 100 ms
    CHECK(m.succeeded + m.pending == 20);
    CHECK(m.simulated_s == Approx(600));
}

TEST_CASE("limits of 10^12 admit every request at once", "[extremes]") {
    const run::RunMetrics m = run_scenario({"api.pools.sonnet.rpm=1000000000000",
                                   "api.pools.sonnet.itpm=1000000000000",
                                   "api.pools.sonnet.otpm=1000000000000"});
    CHECK(m.r429 == 0);
    CHECK(m.succeeded == 20);
    CHECK(m.attempts == 20);
}

TEST_CASE("a limit in exponent notation is refused with the forms allowed", "[extremes]") {
    CHECK_THROWS_WITH(scenario::load_scenario_text(kBase, "extreme.yaml", {"api.pools.sonnet.rpm=1e12"}),
                      Catch::Contains("api.pools.sonnet.rpm") && Catch::Contains("allowed: a number"));
}

TEST_CASE("an input limit below one request is hopeless: every answer says never admissible and the run ends",
          "[extremes]") {
    const run::RunMetrics m = run_scenario({"api.pools.sonnet.itpm=1"});
    CHECK(m.ok == 0);
    CHECK(m.never_admissible == m.r429);
    CHECK(m.r429 > 1000);
    CHECK(m.pending == 20);
    CHECK(m.simulated_s == Approx(600));
}

TEST_CASE("a duration of 1 ms ends with the first attempts still in flight", "[extremes]") {
    const run::RunMetrics m = run_scenario({"duration=1ms"});
    CHECK(m.attempts == 2);  // one per worker, sent at 0; answers come at 100 ms
    CHECK(m.ok == 0);
    CHECK(m.pending == 20);
    CHECK(m.simulated_s == Approx(0.001));
}

TEST_CASE("a duration of 365 days needs a coarser bin, and with one the batch runs to its end",
          "[extremes]") {
    CHECK_THROWS_WITH(scenario::load_scenario_text(kBase, "extreme.yaml", {"duration=365d"}),
                      Catch::Contains("3153600 time-series bins") && Catch::Contains("a bin of at least"));
    const run::RunMetrics m = run_scenario({"duration=365d", "output={bin: 1d}"});
    CHECK(m.succeeded == 20);
    CHECK(m.simulated_s < 3600);  // the run stops when the batch is done, not after a year
}

TEST_CASE("zero items is refused with what is allowed", "[extremes]") {
    CHECK_THROWS_WITH(scenario::load_scenario_text(kBase, "extreme.yaml", {"clients.a.workload.items=0"}),
                      Catch::Contains("clients[0].workload.items") && Catch::Contains("an integer >= 1"));
}

TEST_CASE("10^6 workers are accepted and one more is refused", "[extremes]") {
    CHECK_NOTHROW(scenario::load_scenario_text(kBase, "extreme.yaml", {"clients.a.workers=1000000"}));
    CHECK_THROWS_WITH(scenario::load_scenario_text(kBase, "extreme.yaml", {"clients.a.workers=1000001"}),
                      Catch::Contains("an integer from 1 to 1000000"));
}

TEST_CASE("many more workers than items give each item to one worker and leave the rest idle",
          "[extremes]") {
    // 10^6 workers take seconds and half a gigabyte (docs/performance.md);
    // 20,000 exercise the same code in a test's time.
    const run::RunMetrics m = run_scenario({"clients.a.workers=20000"});
    CHECK(m.succeeded == 20);
    CHECK(m.attempts == 20);
    CHECK(m.r429 == 0);
}

TEST_CASE("max_tokens of 1 gives one-token answers, and output above it is refused", "[extremes]") {
    const run::RunMetrics m = run_scenario({"clients.a.request.max_tokens=1", "clients.a.request.output_tokens=1"});
    CHECK(m.succeeded == 20);
    CHECK(m.goodput_otpm * m.simulated_s / 60 == Approx(20));  // 20 answers of one token
    CHECK_THROWS_WITH(scenario::load_scenario_text(kBase, "extreme.yaml", {"clients.a.request.max_tokens=1"}),
                      Catch::Contains("max_tokens can be as low as 1"));
}

TEST_CASE("a burst of 1 ms still holds one request, so requests go one at a time", "[extremes]") {
    const run::RunMetrics m = run_scenario({"api.burst=1ms"});
    CHECK(m.succeeded == 20);
    CHECK(m.r429 > 0);
    CHECK(m.makespan_s > 19);  // 60 RPM: one request a second
}

TEST_CASE("a burst of 1 ms makes a token bucket smaller than one request: never admissible, not a hang",
          "[extremes]") {
    // 80k ITPM over 1 ms holds 1.3 tokens; each request has 100.
    const run::RunMetrics m = run_scenario({"api.burst=1ms", "api.pools.sonnet.itpm=80k"});
    CHECK(m.ok == 0);
    // Two workers poll it with a 100 ms round trip for 600 s: 6000 answers
    // each, every one a never-admissible 429, and one attempt each still out.
    CHECK(m.never_admissible == 2 * 6000);
    CHECK(m.r429 == m.never_admissible);
    CHECK(m.attempts == m.r429 + 2);
    CHECK(m.simulated_s == Approx(600));
}

TEST_CASE("a modest scenario gets no warning about its cost", "[extremes]") {
    CHECK(run::run_warnings(scenario::load_scenario_text(kBase, "extreme.yaml")).empty());
}

TEST_CASE("a year of open-loop traffic says up front that it takes long and may fill memory",
          "[extremes]") {
    const scenario::ScenarioConfig s = scenario::load_scenario_text(
        kBase, "extreme.yaml",
        {"duration=365d", "output={bin: 1d}", "replications=5",
         "clients.a.workload={kind: poisson, rate: 20000/min}"});
    const run::RunEstimate e = run::estimate_run(s);
    CHECK(e.arrivals_per_run == Approx(20000.0 / 60 * 365 * 86400));
    CHECK(e.runs == 5);
    const auto warnings = run::run_warnings(s);
    REQUIRE(warnings.size() == 2);
    CHECK_THAT(warnings[0], Catch::Contains("more than") && Catch::Contains("minutes"));
    CHECK_THAT(warnings[1], Catch::Contains("GiB of memory"));
}

}  // namespace test_extremes
