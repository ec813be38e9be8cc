// Organization-level rules beyond the pools' buckets: workspaces with lower
// limits, the monthly spend cap, the acceleration limit, and what a run costs.
#include <catch2/catch.hpp>

#include "support/pool_config.hpp"

#include <cmath>

#include "models/billing.hpp"
#include "models/model_catalog.hpp"
#include "models/server.hpp"
#include "models/stream_purposes.hpp"
#include "models/world.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"

namespace test_org_limits {

using namespace ratesim;
using models::AttemptCost;
using models::Dimension;
using engine::seconds;
namespace status = models::status;

namespace {

models::ApiConfig api_with(std::optional<double> org_rpm) {
    models::ApiConfig api;
    api.pools = {testing::pool_config(org_rpm, std::nullopt, std::nullopt)};
    api.latency.round_trip_s = models::Distribution::constant(0.1);
    api.latency.time_to_first_token_s = models::Distribution::constant(0.5);
    api.latency.output_tokens_per_second = models::Distribution::constant(50);
    return api;
}

models::WorkspaceConfig workspace(const std::string& name, double rpm) {
    models::WorkspaceConfig ws;
    ws.name = name;
    models::PoolConfig narrowed = testing::pool_config(rpm, std::nullopt, std::nullopt);
    ws.pools = {narrowed};
    return ws;
}

struct Streams {
    engine::RandomStream latency = models::random_stream(1, 0, 0, models::Purpose::latency);
    engine::RandomStream overload = models::random_stream(1, 0, 0, models::Purpose::overload);
};

models::Server make_server(const models::ApiConfig& api) {
    return models::Server(api, models::random_stream(1, 0, 0, models::Purpose::incidents));
}

AttemptCost one_request(double usd = 0) {
    AttemptCost c;
    c.input_tokens = 100;
    c.max_tokens = 100;
    c.output_tokens = 10;
    c.usd = usd;
    return c;
}

}  // namespace

TEST_CASE("a workspace's own lower limit binds before the organization's", "[workspace]") {
    models::ApiConfig api = api_with(100);
    api.workspaces = {workspace("batch-jobs", 10)};
    models::Server server = make_server(api);
    const int ws = server.workspace_pool_index("batch-jobs", 0);
    REQUIRE(ws >= 0);
    CHECK(server.workspace_pool_index("", 0) == -1);
    Streams s;
    for (int i = 0; i < 10; ++i) REQUIRE(server.answer(0, one_request(), 0, s.latency, s.overload, ws).admitted);
    const auto refused = server.answer(0, one_request(), 0, s.latency, s.overload, ws);
    CHECK(refused.response.status == status::rate_limited);
    CHECK(refused.response.exceeded == Dimension::requests);
    CHECK(refused.response.retry_after == seconds(6));  // one request of 10/min: 6 s
    // Headers show the workspace's bucket, the tighter one.
    CHECK(refused.response.headers[Dimension::requests].limit == 10);
    CHECK(refused.response.headers[Dimension::requests].remaining == 0);
    // The organization still has 90 for requests outside the workspace.
    const auto outside = server.answer(0, one_request(), 0, s.latency, s.overload);
    CHECK(outside.admitted);
    CHECK(outside.response.headers[Dimension::requests].limit == 100);
    CHECK(outside.response.headers[Dimension::requests].remaining == 89);
}

TEST_CASE("the organization's limit binds a workspace that has room of its own", "[workspace]") {
    models::ApiConfig api = api_with(10);
    api.workspaces = {workspace("interactive", 8)};
    models::Server server = make_server(api);
    const int ws = server.workspace_pool_index("interactive", 0);
    Streams s;
    for (int i = 0; i < 6; ++i) REQUIRE(server.answer(0, one_request(), 0, s.latency, s.overload).admitted);
    for (int i = 0; i < 4; ++i) REQUIRE(server.answer(0, one_request(), 0, s.latency, s.overload, ws).admitted);
    // The workspace has 4 of its 8 left, the organization 0 of 10.
    const auto refused = server.answer(0, one_request(), 0, s.latency, s.overload, ws);
    CHECK(refused.response.status == status::rate_limited);
    CHECK(refused.response.headers[Dimension::requests].limit == 10);
    CHECK(refused.response.headers[Dimension::requests].remaining == 0);
    CHECK(refused.response.retry_after == seconds(6));
}

TEST_CASE("a workspace limit above the organization's is refused by the loader", "[workspace]") {
    const std::string yaml = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 50}
  workspaces:
    jobs: {pools: {sonnet: {rpm: 80}}}
clients:
  - {name: a, workspace: jobs, workload: {kind: batch, items: 1}, request: {model: claude-sonnet-4-5}, strategy: naive}
)";
    CHECK_THROWS_WITH(scenario::load_scenario_text(yaml, "t.yaml"),
                      Catch::Contains("t.yaml:6:34: error: api.workspaces.jobs.pools.sonnet.rpm: 80 is "
                                      "above the organization's rpm of 50"));
    std::string unknown = yaml;
    unknown.replace(unknown.find("rpm: 80"), 7, "rpm: 20");
    unknown.replace(unknown.find("workspace: jobs"), 15, "workspace: job");
    CHECK_THROWS_WITH(scenario::load_scenario_text(unknown, "t.yaml"),
                      Catch::Contains("unknown workspace 'job' (did you mean 'jobs'?)"));
}

TEST_CASE("the spend cap answers 429 without retry-after until the month ends", "[spend]") {
    models::ApiConfig api = api_with(std::nullopt);
    api.spend_cap_usd = 1.0;
    api.spent_usd = 0.5;
    api.month_ends_at = seconds(600);
    models::Server server = make_server(api);
    Streams s;
    const auto first = server.answer(0, one_request(0.6), 0, s.latency, s.overload);
    REQUIRE(first.admitted);
    // Billed when complete: 0.5 + 0.6 passes the cap.
    server.complete(0, one_request(0.6), first.generation_start, first.response.received_at);
    CHECK(server.spent_this_month(seconds(1)) == Approx(1.1));
    const auto capped = server.answer(0, one_request(0.6), seconds(2), s.latency, s.overload);
    CHECK(capped.response.status == status::rate_limited);
    CHECK(capped.response.spend_limit);
    CHECK_FALSE(capped.response.has_retry_after());
    CHECK(server.answer(0, one_request(0.6), seconds(599), s.latency, s.overload).response.spend_limit);
    const auto next_month = server.answer(0, one_request(0.6), seconds(600), s.latency, s.overload);
    CHECK(next_month.admitted);
    CHECK(server.spent_this_month(seconds(600)) == 0);
}

TEST_CASE("a run under a spend cap stops succeeding at the cap and resumes at the month boundary",
          "[spend]") {
    // Each request: 1000 input + 100 output Sonnet tokens = $0.0045; the cap
    // of $0.01 is passed by the third. The month ends at 10 minutes.
    const std::string yaml = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5]}
  spend_cap: 0.01
  spend_month: {spent: 0, ends_in: 10m}
  latency: {round_trip: 100ms, time_to_first_token: 100ms, output_tokens_per_second: 1000}
clients:
  - name: a
    workload: {kind: batch, items: 5}
    request: {model: claude-sonnet-4-5, input_tokens: 1000, max_tokens: 100, output_tokens: 100}
    strategy: {retry: {kind: exponential, base: 1s, cap: 30s}}
)";
    const auto s = scenario::load_scenario_text(yaml, "t.yaml");
    struct Recorder final : models::Observer {
        std::vector<engine::Time> ok, spend_429;
        void items_created(int, engine::Time, std::int64_t) override {}
        void attempt_sent(int, std::uint32_t, engine::Time) override {}
        void attempt_answered(const models::AttemptObservation& a) override {
            if (a.status == status::ok) ok.push_back(a.answered_at);
            if (a.spend_limit) spend_429.push_back(a.answered_at);
        }
        void attempt_billed(const models::BilledObservation&) override {}
        void item_finished(const models::ItemObservation&) override {}
        void sample(const models::WorldSample&) override {}
    } recorder;
    models::WorldConfig config;
    config.api = s.api;
    config.groups = s.clients;
    engine::Scheduler scheduler;
    models::World world(config, scheduler, recorder);
    world.start();
    scheduler.run_until(seconds(3600), world);
    REQUIRE(recorder.ok.size() == 5);
    CHECK(recorder.ok[2] < seconds(2));  // three before the cap
    CHECK(recorder.ok[3] >= seconds(600));  // the rest only in the next month
    REQUIRE_FALSE(recorder.spend_429.empty());
    CHECK(recorder.spend_429.back() < seconds(600));
    CHECK(world.pending_items() == 0);
}

TEST_CASE("the acceleration limit caps each window at growth times the one before", "[acceleration]") {
    models::ApiConfig api = api_with(std::nullopt);
    api.acceleration.enabled = true;
    api.acceleration.window = seconds(60);
    api.acceleration.growth = 2;
    api.acceleration.floor = 3;
    models::Server server = make_server(api);
    Streams s;
    auto admitted_in = [&](engine::Time at, int tries) {
        int n = 0;
        for (int i = 0; i < tries; ++i) n += server.answer(0, one_request(), at, s.latency, s.overload).admitted;
        return n;
    };
    CHECK(admitted_in(0, 10) == 3);  // the floor
    const auto refused = server.answer(0, one_request(), seconds(45), s.latency, s.overload);
    CHECK(refused.response.status == status::rate_limited);
    CHECK(refused.response.retry_after == seconds(15));  // the window's rest
    CHECK(admitted_in(seconds(60), 10) == 6);   // 2 x 3
    CHECK(admitted_in(seconds(120), 20) == 12);  // 2 x 6
    CHECK(admitted_in(seconds(300), 20) == 3);   // an idle window resets to the floor
    models::ApiConfig off = api_with(std::nullopt);
    models::Server unlimited = make_server(off);
    int n = 0;
    for (int i = 0; i < 100; ++i) n += unlimited.answer(0, one_request(), 0, s.latency, s.overload).admitted;
    CHECK(n == 100);  // off by default
}

TEST_CASE("the acceleration limit's retry-after is the window's rest rounded up to whole seconds",
          "[acceleration]") {
    models::ApiConfig api = api_with(std::nullopt);
    api.acceleration.enabled = true;
    api.acceleration.window = seconds(60);
    api.acceleration.floor = 1;
    models::Server server = make_server(api);
    Streams s;
    REQUIRE(server.answer(0, one_request(), 0, s.latency, s.overload).admitted);
    // 14.75 s of the window are left: the header says 15, never 14.
    const auto refused = server.answer(0, one_request(), engine::millis(45250), s.latency, s.overload);
    REQUIRE(refused.response.status == status::rate_limited);
    CHECK(refused.response.retry_after == seconds(15));
    // 1 us left: still a whole second.
    const auto last = server.answer(0, one_request(), seconds(60) - 1, s.latency, s.overload);
    CHECK(last.response.retry_after == seconds(1));
}

TEST_CASE("the spend month is 30 days: the cap resets at each 30-day boundary after the first",
          "[spend]") {
    models::ApiConfig api = api_with(std::nullopt);
    api.spend_cap_usd = 1.0;
    api.spent_usd = 0;
    api.month_ends_at = seconds(600);
    models::Server server = make_server(api);
    constexpr engine::Time kDay = seconds(86400);
    CHECK(server.month_ends(seconds(599)) == seconds(600));
    CHECK(server.month_ends(seconds(600)) == seconds(600) + 30 * kDay);
    server.bill(1.5, seconds(700));  // capped in the second month
    CHECK(server.spend_capped(seconds(600) + 30 * kDay - 1));
    CHECK(server.spent_this_month(seconds(600) + 30 * kDay - 1) == 1.5);
    // The third month begins 30 days after the second, not 31.
    CHECK_FALSE(server.spend_capped(seconds(600) + 30 * kDay));
    CHECK(server.month_ends(seconds(600) + 30 * kDay) == seconds(600) + 60 * kDay);
    CHECK(server.month_ends(seconds(600) + 95 * kDay) == seconds(600) + 120 * kDay);
}

TEST_CASE("a group's workspace: binds its clients to the workspace's lower limit in a whole run",
          "[workspace]") {
    // 20 workers send 20 items at once, none retried: the organization's
    // 60 RPM bucket (60 s burst: 60 requests at once) admits all 20, the
    // workspace's 6 RPM bucket 6, and refills one only after 10 s.
    const std::string yaml = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 60}
  workspaces:
    jobs: {pools: {sonnet: {rpm: 6}}}
  latency: {round_trip: 100ms, time_to_first_token: 100ms, output_tokens_per_second: 1000}
clients:
  - name: a
    workspace: jobs
    workers: 20
    workload: {kind: batch, items: 20}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 10, output_tokens: 10}
    strategy: {retry: none}
)";
    const auto in_jobs = scenario::load_scenario_text(yaml, "t.yaml");
    const auto m = run::run_once(in_jobs, run::variants_of(in_jobs).front(), 0, nullptr);
    CHECK(m.succeeded == 6);
    CHECK(m.failed == 20 - 6);
    CHECK(m.r429 == 20 - 6);
    std::string outside = yaml;
    outside.replace(outside.find("    workspace: jobs\n"), 20, "");
    const auto in_default = scenario::load_scenario_text(outside, "t.yaml");
    const auto d = run::run_once(in_default, run::variants_of(in_default).front(), 0, nullptr);
    CHECK(d.succeeded == 20);
    CHECK(d.r429 == 0);
}

TEST_CASE("cost is priced per token class, and timed-out attempts count as wasted", "[cost]") {
    // Sonnet: $3 input, $0.30 cache read, $3.75 cache write, $15 output per
    // million. One request: 1000*3 + 2000*0.3 + 500*3.75 + 200*15 = 8475 u$.
    const auto sonnet = *models::prices_for("claude-sonnet-4-5");
    CHECK(models::cost_usd(sonnet, 1000, 2000, 500, 200) == Approx(0.008475));
    CHECK(sonnet.cache_write_1h == 6.0);  // 2x input
    const auto haiku = *models::prices_for("claude-haiku-4-5");
    CHECK(models::cost_usd(haiku, 1e6, 0, 0, 1e6) == Approx(6.0));
    CHECK_FALSE(models::prices_for("gpt-4o"));

    const std::string yaml = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5]}
  latency: {round_trip: 100ms, time_to_first_token: 100ms, output_tokens_per_second: 50}
clients:
  - name: a
    workers: 2
    workload: {kind: batch, items: 10}
    request: {model: claude-sonnet-4-5, input_tokens: 1000, cache_read_tokens: 2000,
              cache_creation_tokens: 500, max_tokens: 200, output_tokens: 200}
    strategy: {retry: none}
)";
    const auto s = scenario::load_scenario_text(yaml, "t.yaml");
    CHECK(s.warnings.empty());
    const auto m = run::run_once(s, run::variants_of(s).front(), 0, nullptr);
    CHECK(m.succeeded == 10);
    CHECK(m.cost_usd == Approx(10 * 0.008475));
    CHECK(m.wasted_usd == 0);
    // 200 tokens at 50/s take 4 s: a 1 s timeout gives up on every attempt,
    // and the server still bills them all.
    const auto t = scenario::load_scenario_text(yaml, "t.yaml", {"clients.a.timeout=1s"});
    const auto w = run::run_once(t, run::variants_of(t).front(), 0, nullptr);
    CHECK(w.failed == 10);
    CHECK(w.cost_usd == Approx(10 * 0.008475));
    CHECK(w.wasted_usd == Approx(10 * 0.008475));
    // 1-hour cache writes: 500 at $6 instead of $3.75 per million.
    const auto h = scenario::load_scenario_text(yaml, "t.yaml", {"clients.a.request.cache_ttl=1h"});
    const auto one_hour = run::run_once(h, run::variants_of(h).front(), 0, nullptr);
    CHECK(one_hour.cost_usd == Approx(10 * (0.008475 + 500 * (6.0 - 3.75) / 1e6)));
}

TEST_CASE("a model without catalogue prices warns and reports its cost as NaN", "[cost]") {
    const std::string yaml = R"(name: t
api:
  pools:
    p: {models: [my-model]}
clients:
  - {name: a, workload: {kind: batch, items: 2}, request: {model: my-model}, strategy: naive}
)";
    const auto s = scenario::load_scenario_text(yaml, "t.yaml");
    REQUIRE(s.warnings.size() == 1);
    CHECK_THAT(s.warnings[0], Catch::StartsWith("t.yaml:6:67: warning: clients[0].request.model: "
                                                "model 'my-model' is not in the model catalogue"));
    const auto m = run::run_once(s, run::variants_of(s).front(), 0, nullptr);
    CHECK(m.succeeded == 2);
    CHECK(std::isnan(m.cost_usd));
}

TEST_CASE("a pool takes its model's catalogue latency where api.latency leaves it out",
          "[catalogue]") {
    const std::string yaml = R"(name: t
api:
  pools:
    haiku: {models: [claude-haiku-4-5]}
    mine: {models: [my-model]}
  latency: {round_trip: 50ms}
clients:
  - {name: a, workload: {kind: batch, items: 1}, request: {model: claude-haiku-4-5}, strategy: naive}
)";
    const auto s = scenario::load_scenario_text(yaml, "t.yaml");
    const auto& haiku = s.api.pools.at(0);
    REQUIRE(haiku.time_to_first_token_s);
    REQUIRE(haiku.output_tokens_per_second);
    const auto expected_ttft = models::Distribution::lognormal_from_median_p95(0.5, 1.5);
    CHECK(haiku.time_to_first_token_s->parameters() == expected_ttft.parameters());
    CHECK(haiku.output_tokens_per_second->mean() == Approx(120).epsilon(0.01));
    CHECK_FALSE(s.api.pools.at(1).time_to_first_token_s);  // not catalogued: api.latency's
    // Given in api.latency, it applies to every pool.
    const auto t = scenario::load_scenario_text(yaml, "t.yaml", {"api.latency.time_to_first_token=2s"});
    CHECK_FALSE(t.api.pools.at(0).time_to_first_token_s);
    CHECK(t.api.pools.at(0).output_tokens_per_second);

    // The server draws a pool's own latency.
    models::ApiConfig api = api_with(std::nullopt);
    api.pools[0].time_to_first_token_s = models::Distribution::constant(2.0);
    api.pools[0].output_tokens_per_second = models::Distribution::constant(10);
    models::Server server = make_server(api);
    Streams st;
    const auto a = server.answer(0, one_request(), 0, st.latency, st.overload);
    CHECK(a.generation_start == engine::from_seconds(0.1 + 2.0));
    CHECK(a.response.received_at == engine::from_seconds(0.1 + 2.0 + 1.0));  // 10 tokens at 10/s
}

TEST_CASE("an attempt's input tokens count cache reads only where the pool counts them", "[cost]") {
    // 1000 input, 2000 cache read, 500 cache write: 1500 input tokens toward
    // ITPM, or 3500 where cache reads count; the price is the same either way.
    models::ClientGroup g;
    g.prices = models::prices_for("claude-sonnet-4-5");
    models::RequestSizes sizes;
    sizes.input_tokens = 1000;
    sizes.cache_read_tokens = 2000;
    sizes.cache_creation_tokens = 500;
    sizes.max_tokens = 300;
    sizes.output_tokens = 200;
    const AttemptCost uncounted = models::attempt_cost(g, sizes, false);
    const AttemptCost counted = models::attempt_cost(g, sizes, true);
    CHECK(uncounted.input_tokens == 1500);
    CHECK(counted.input_tokens == 3500);
    CHECK(counted.max_tokens == 300);
    CHECK(counted.output_tokens == 200);
    CHECK(counted.usd == Approx(0.008475));
    CHECK(uncounted.usd == counted.usd);
}

}  // namespace test_org_limits
