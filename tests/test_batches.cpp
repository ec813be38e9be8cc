// Message Batches: the batch limits (creation RPM, processing queue), the
// turnaround and expiry, and the 50% price.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"

namespace test_batches {

using namespace ratesim;

namespace {

// 30 Sonnet items of 1000 input + 100 output tokens: $0.0045 each in real time.
const char* const kBatchScenario = R"(name: t
duration: 30h
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 50}
  latency: {round_trip: 100ms, time_to_first_token: 100ms, output_tokens_per_second: 1000}
  batches: {turnaround: 10m, queue: 1000}
clients:
  - name: jobs
    batch_size: 10
    workload: {kind: batch, items: 30}
    request: {model: claude-sonnet-4-5, input_tokens: 1000, max_tokens: 100, output_tokens: 100}
    strategy: retry-after
)";

run::RunMetrics run_scenario(std::vector<std::string> sets) {
    const auto s = scenario::load_scenario_text(kBatchScenario, "t.yaml", sets);
    return run::run_once(s, run::variants_of(s).front(), 0, nullptr);
}

}  // namespace

TEST_CASE("batches cost half the real-time price and finish after their turnaround", "[batches]") {
    const auto batch = run_scenario({});
    CHECK(batch.succeeded == 30);
    CHECK(batch.cost_usd == Approx(30 * 0.0045 * 0.5));
    CHECK(batch.makespan_s == Approx(600));  // three batches at once, 10 minutes each
    CHECK(batch.r429 == 0);
    const auto realtime = run_scenario({"clients.jobs.batch_size=0"});
    CHECK(realtime.succeeded == 30);
    CHECK(realtime.cost_usd == Approx(30 * 0.0045));
}

TEST_CASE("the processing-queue limit holds batches back until earlier ones finish", "[batches]") {
    // Room for one batch of 10 at a time: they run one after another. The
    // client asks again a minute after each refusal (queue full).
    const auto m = run_scenario({"api.batches.queue=10"});
    CHECK(m.succeeded == 30);
    CHECK(m.makespan_s == Approx(1800));
    CHECK(m.r429 == 2 * 10);  // each waiting batch asked once a minute for 10 minutes
}

TEST_CASE("the batch creation rate limit spaces the batches out", "[batches]") {
    // 1 batch per minute: created at 0, 60 s and 120 s.
    const auto m = run_scenario({"api.batches.rpm=1"});
    CHECK(m.succeeded == 30);
    CHECK(m.makespan_s == Approx(720));
    CHECK(m.r429 == 2);  // the second batch once, the third once more
}

TEST_CASE("a batch past its expiry fails unbilled", "[batches]") {
    const auto m = run_scenario({"api.batches.turnaround=25h"});
    CHECK(m.succeeded == 0);
    CHECK(m.failed == 30);
    CHECK(m.cost_usd == 0);
    CHECK(m.makespan_s == Approx(24 * 3600));
}

TEST_CASE("batches count toward the spend cap and wait for the next month once it is reached",
          "[batches]") {
    // One batch at a time (queue 10), each of 10 requests at $0.0225: the
    // second brings the month to $0.045, past the $0.03 cap, so the third
    // is created only when the month ends at 2 hours.
    const auto m = run_scenario({"api.spend_cap=0.03", "api.spend_month={spent: 0, ends_in: 2h}",
                        "api.batches.queue=10"});
    CHECK(m.succeeded == 30);
    // The third batch is refused once for the spend limit and then waits for
    // the month's end, not asking again each minute; before that the second
    // and third were each refused 10 times for the full queue.
    CHECK(m.r429_spend_limit == 1);
    CHECK(m.r429 == 2 * 10 + 1);
    CHECK(m.makespan_s == Approx(7200 + 600));
}

TEST_CASE("a batch group on another model than the first counts no broken stream and wastes nothing",
          "[batches]") {
    // The organization's first model is Haiku (a real-time group); the
    // batches go to Sonnet, the second model of the run. A batch's answers
    // are plain successes: no mid-stream error, no wasted spend.
    const char* const two_models = R"(name: t
duration: 30h
api:
  pools:
    haiku: {models: [claude-haiku-4-5], rpm: 50}
    sonnet: {models: [claude-sonnet-4-5], rpm: 50}
  latency: {round_trip: 100ms, time_to_first_token: 100ms, output_tokens_per_second: 1000}
  batches: {turnaround: 10m, queue: 1000}
clients:
  - name: chat
    workload: {kind: batch, items: 5}
    request: {model: claude-haiku-4-5, input_tokens: 1000, max_tokens: 100, output_tokens: 100}
    strategy: retry-after
  - name: jobs
    batch_size: 10
    workload: {kind: batch, items: 30}
    request: {model: claude-sonnet-4-5, input_tokens: 1000, max_tokens: 100, output_tokens: 100}
    strategy: retry-after
)";
    const auto s = scenario::load_scenario_text(two_models, "t.yaml");
    const run::RunMetrics m = run::run_once(s, run::variants_of(s).front(), 0, nullptr);
    CHECK(m.succeeded == 35);
    CHECK(m.midstream_errors == 0);
    CHECK(m.wasted_usd == 0);
    REQUIRE(m.groups.size() == 2);
    CHECK(m.groups[1].succeeded == 30);
    CHECK(m.groups[1].cost_usd == Approx(30 * 0.0045 * 0.5));
}

}  // namespace test_batches
