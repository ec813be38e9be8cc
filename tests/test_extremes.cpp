// Extreme but valid inputs: the run still ends, time never overflows, and
// outputs stay bounded.
#include <catch2/catch.hpp>

#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"

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

sim::RunMetrics run(const std::vector<std::string>& sets) {
    const sim::ScenarioConfig s = sim::load_scenario_text(kBase, "extreme.yaml", sets);
    return sim::run_once(s, sim::variants_of(s).front(), 0, nullptr);
}

}  // namespace

TEST_CASE("a zero round trip with immediate retries still lets time move and the run end",
          "[extremes]") {
    const sim::RunMetrics m = run({"api.latency.round_trip=0"});
    CHECK(m.succeeded == 20);
    CHECK(m.pending == 0);
    // 60 RPM with a full bucket of 60: all 20 fit at once, no 429 needed.
    CHECK(m.r429 == 0);
}

TEST_CASE("a near-zero arrival rate schedules nothing instead of overflowing the clock",
          "[extremes]") {
    const sim::RunMetrics m =
        run({"clients.a.workload={kind: poisson, rate: 0.0000000000000000000001/s}", "clients.a.start=1s"});
    CHECK(m.items == 0);
    CHECK(m.attempts == 0);
    CHECK(m.simulated_s == Approx(600));
}

TEST_CASE("an answer too slow to represent is a timeout, not an overflow", "[extremes]") {
    const sim::RunMetrics m = run({"api.latency.output_tokens_per_second=0.0000000000001",
                                   "clients.a.timeout=5s", "clients.a.strategy={retry: none}"});
    CHECK(m.timeouts == 20);
    CHECK(m.failed == 20);
    CHECK(m.ok == 0);
}

TEST_CASE("a time series of more than 100000 bins per run is refused with the smallest bin allowed",
          "[extremes]") {
    CHECK_THROWS_WITH(sim::load_scenario_text(kBase, "extreme.yaml", {"output={bin: 1ms}"}),
                      Catch::Contains("600000 time-series bins") && Catch::Contains("at least 6ms"));
}
