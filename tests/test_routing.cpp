// Routing: a group's route sends a share of its items to another model, on
// a stream of its own; the routing part falls back on 429/529 with
// cooldowns from retry-after and a maximum per item; a routed item is
// billed at the prices of the model that answered.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "models/strategy/routing.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_error.hpp"

namespace test_routing {

using namespace ratesim;

namespace {

run::RunMetrics run_text(const std::string& yaml, int replication = 0) {
    const auto s = scenario::load_scenario_text(yaml, "t.yaml");
    return run::run_once(s, run::variants_of(s).front(), replication, nullptr);
}

// The row of `group` ("all" for the organization) and `model`.
const run::ModelMetrics& row(const run::RunMetrics& m, const std::string& group, const std::string& model) {
    for (const auto& r : m.models)
        if (r.group == group && r.model == model) return r;
    FAIL("no models row for " << group << " / " << model);
    return m.models.front();
}

// Constant latency: 1 s to the first token, 10 output tokens at 1M/s, no
// round trip, so a success takes 1.00001 s and a 429 comes back at once.
const char* const kConstantLatency =
    "  latency: {round_trip: 0s, time_to_first_token: 1s, output_tokens_per_second: 1000000}\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a route of 30% sends 30% of the items to its model, within binomial error", "[routing]") {
    const std::string yaml = std::string(R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5]}
    haiku: {models: [claude-haiku-4-5]}
)") + kConstantLatency + R"(clients:
  - name: a
    workers: 50
    workload: {kind: batch, items: 4000}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 10, output_tokens: 10}
    route: {claude-haiku-4-5: 30%}
    strategy: {retry: none}
)";
    const auto m = run_text(yaml);
    REQUIRE(m.succeeded == 4000);
    const double n = 4000, p = 0.3;
    const double haiku = static_cast<double>(row(m, "all", "claude-haiku-4-5").items_succeeded);
    const double sonnet = static_cast<double>(row(m, "all", "claude-sonnet-4-5").items_succeeded);
    CHECK(haiku + sonnet == n);
    // 3 standard errors of a binomial share: sqrt(0.3 * 0.7 / 4000) = 0.0072.
    CHECK(std::fabs(haiku / n - p) < 3 * std::sqrt(p * (1 - p) / n));
    CHECK(row(m, "all", "claude-haiku-4-5").attempts == static_cast<std::int64_t>(haiku));
}

TEST_CASE("a routed item is billed at the prices, and answered at the speed, of the model that answered it",
          "[routing][cost]") {
    // 200 items of 1000 input and 500 output tokens: at Haiku's $1 and $5
    // per million, 200 * 0.0035 = $0.70; at Sonnet's $3 and $15, $2.10.
    // api.latency leaves the model's speed out, so each pool takes its
    // catalogued model's (docs/model.md §15): Haiku's first token (median
    // 0.5 s) and generation (120 tokens/s) are twice Sonnet's (1 s, 60/s).
    const std::string yaml = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5]}
    haiku: {models: [claude-haiku-4-5]}
  latency: {round_trip: 100ms}
clients:
  - name: a
    workers: 20
    workload: {kind: batch, items: 200}
    request: {model: claude-sonnet-4-5, input_tokens: 1000, max_tokens: 1000, output_tokens: 500}
    route: {claude-haiku-4-5: 100%}
    strategy: {retry: none}
)";
    const auto routed = run_text(yaml);
    REQUIRE(routed.succeeded == 200);
    CHECK(routed.cost_usd == Approx(0.70).epsilon(1e-12));
    CHECK(row(routed, "all", "claude-haiku-4-5").cost_usd == Approx(0.70).epsilon(1e-12));
    CHECK(row(routed, "all", "claude-sonnet-4-5").cost_usd == 0);
    const auto own = run_text(replace(yaml, "    route: {claude-haiku-4-5: 100%}\n", ""));
    CHECK(own.cost_usd == Approx(2.10).epsilon(1e-12));
    CHECK(own.models.empty());  // no routing: no per-model rows (and no models.csv)
    // Medians about 0.1 + 0.5 + 500/120 = 4.8 s and 0.1 + 1 + 500/60 = 9.4 s.
    CHECK(routed.latency_p50_s < 0.6 * own.latency_p50_s);
    CHECK(routed.latency_p50_s > 0.4 * own.latency_p50_s);
}

TEST_CASE("adding a route to one group leaves the other group's draws and its own latency draws unchanged",
          "[routing][crn]") {
    // Unlimited pools with the same latency: where an item goes changes only
    // its price. If the route's draw came from any shared or item stream,
    // the latencies (and group b's arrivals) would move.
    const std::string yaml = std::string(R"(name: t
duration: 10m
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5]}
    haiku: {models: [claude-haiku-4-5]}
  latency: {round_trip: 100ms, time_to_first_token: {dist: lognormal, median: 600ms, p95: 2s},
            output_tokens_per_second: {dist: normal, mean: 60, sd: 10}}
clients:
  - name: a
    workers: 20
    workload: {kind: poisson, rate: 2/s}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 200,
              output_tokens: {dist: uniform, min: 10, max: 200}}
    strategy: {retry: none}
  - name: b
    workers: 20
    workload: {kind: poisson, rate: 1/s}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 200,
              output_tokens: {dist: uniform, min: 10, max: 200}}
    strategy: {retry: none}
)");
    const auto plain = run_text(yaml);
    const auto routed = run_text(replace(yaml, "    strategy: {retry: none}\n  - name: b",
                                         "    route: {claude-haiku-4-5: 30%}\n    strategy: {retry: none}\n"
                                         "  - name: b"));
    REQUIRE(plain.groups.size() == 2);
    REQUIRE(routed.groups.size() == 2);
    const auto& pa = plain.groups[0];
    const auto& ra = routed.groups[0];
    const auto& pb = plain.groups[1];
    const auto& rb = routed.groups[1];
    CHECK(ra.items == pa.items);
    CHECK(ra.latency_cdf_s == pa.latency_cdf_s);
    CHECK(ra.latency_max_s == pa.latency_max_s);
    CHECK(ra.cost_usd < pa.cost_usd);  // Haiku is cheaper: the route did take effect
    CHECK(row(routed, "a", "claude-haiku-4-5").items_succeeded > 0);
    CHECK(rb.items == pb.items);
    CHECK(rb.latency_cdf_s == pb.latency_cdf_s);
    CHECK(rb.cost_usd == pb.cost_usd);
    CHECK(rb.attempts == pb.attempts);
}

TEST_CASE("a fallback happens at most max_fallbacks times per item", "[routing][fallback]") {
    // RPM 1 in Sonnet and Haiku (one request, then one per minute), Opus
    // unlimited; one worker, no retries. Item 0: Sonnet, ok. Item 1: Sonnet
    // 429 (retry-after 59 s: Sonnet cools down), falls back to Haiku, ok.
    // Item 2: Sonnet cools, so Haiku (its one fallback), 429. With
    // max_fallbacks 1 it fails there; with 2 it moves on to Opus, ok.
    const std::string yaml = std::string(R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 1}
    haiku: {models: [claude-haiku-4-5], rpm: 1}
    opus: {models: [claude-opus-4-5]}
)") + kConstantLatency + R"(clients:
  - name: a
    workload: {kind: batch, items: 3}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 10, output_tokens: 10}
    strategy: {retry: none, routing: {fallbacks: [claude-haiku-4-5, opus], max_fallbacks: 1}}
)";
    const auto one = run_text(yaml);
    CHECK(one.succeeded == 2);
    CHECK(one.failed == 1);
    CHECK(one.attempts == 4);
    CHECK(row(one, "all", "claude-sonnet-4-5").attempts == 2);
    CHECK(row(one, "all", "claude-sonnet-4-5").r429 == 1);
    CHECK(row(one, "all", "claude-haiku-4-5").attempts == 2);
    CHECK(row(one, "all", "claude-haiku-4-5").r429 == 1);
    CHECK(row(one, "all", "claude-haiku-4-5").items_failed == 1);
    CHECK(row(one, "all", "claude-opus-4-5").attempts == 0);

    const auto two = run_text(replace(yaml, "max_fallbacks: 1", "max_fallbacks: 2"));
    CHECK(two.succeeded == 3);
    CHECK(two.attempts == 5);
    CHECK(row(two, "all", "claude-opus-4-5").attempts == 1);
    CHECK(row(two, "all", "claude-opus-4-5").items_succeeded == 1);

    const auto none = run_text(replace(yaml, "max_fallbacks: 1", "max_fallbacks: 0"));
    CHECK(none.succeeded == 1);  // no fallback: items 1 and 2 fail on Sonnet's 429
    CHECK(row(none, "all", "claude-haiku-4-5").attempts == 0);
}

TEST_CASE("a model cools down for the retry-after of its 429, then takes items again", "[routing][fallback]") {
    // Sonnet at RPM 1; one worker sends 70 items, each 1.00001 s. Item 0
    // takes Sonnet's one request; item 1 (at 1.00001 s) gets a 429 with
    // retry-after ceil(60 - 1.00001) = 59 s and falls back to Haiku; items
    // 2..59 go to Haiku while Sonnet cools down (to 60.00001 s); item 60 (at
    // 60.0006 s, Sonnet's bucket refilled) goes to Sonnet, ok; item 61 gets
    // the next 429 and the rest go to Haiku. A 5 s cooldown would send
    // Sonnet an item every 5 s instead.
    const std::string yaml = std::string(R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 1}
    haiku: {models: [claude-haiku-4-5]}
)") + kConstantLatency + R"(clients:
  - name: a
    workload: {kind: batch, items: 70}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 10, output_tokens: 10}
    strategy: {retry: none, routing: {fallbacks: [claude-haiku-4-5]}}
)";
    const auto m = run_text(yaml);
    CHECK(m.succeeded == 70);
    CHECK(row(m, "all", "claude-sonnet-4-5").attempts == 4);
    CHECK(row(m, "all", "claude-sonnet-4-5").ok == 2);
    CHECK(row(m, "all", "claude-sonnet-4-5").r429 == 2);
    CHECK(row(m, "all", "claude-sonnet-4-5").items_succeeded == 2);
    CHECK(row(m, "all", "claude-haiku-4-5").attempts == 68);
    CHECK(row(m, "all", "claude-haiku-4-5").items_succeeded == 68);
    CHECK(m.attempts == 72);
}

TEST_CASE("without a retry-after a model cools down for the configured cooldown", "[routing][fallback]") {
    models::RoutingConfig config;
    config.fallbacks = {"claude-haiku-4-5"};
    config.cooldown_s = 5;
    config.max_fallbacks = 1;
    models::Routing routing(config, {1}, 2);
    models::Response overloaded;
    overloaded.status = models::status::overloaded;  // no retry-after
    routing.on_response(0, overloaded, engine::seconds(10));
    CHECK(routing.cooling(0, engine::seconds(15) - 1));
    CHECK_FALSE(routing.cooling(0, engine::seconds(15)));
    CHECK(routing.target_for(0, 0, engine::seconds(12)) == 1);
    CHECK(routing.target_for(0, 1, engine::seconds(12)) == 0);  // the item's fallback is used up
    CHECK(routing.target_for(0, 0, engine::seconds(15)) == 0);  // cooled down: back to its own model
    models::Response limited;
    limited.status = models::status::rate_limited;
    limited.retry_after = engine::seconds(30);
    routing.on_response(0, limited, engine::seconds(20));
    CHECK(routing.cooling(0, engine::seconds(50) - 1));
    CHECK_FALSE(routing.cooling(0, engine::seconds(50)));
    models::Response server_error;
    server_error.status = 500;  // not in `on`
    routing.on_response(1, server_error, engine::seconds(60));
    CHECK_FALSE(routing.cooling(1, engine::seconds(60)));
}

TEST_CASE("a route names a model of api.pools, not the group's own, and its shares sum to at most 100%",
          "[routing][scenario]") {
    const std::string yaml = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5]}
    haiku: {models: [claude-haiku-4-5]}
clients:
  - name: a
    workload: {kind: batch, items: 1}
    request: {model: claude-sonnet-4-5}
    route: ROUTE
    strategy: {retry: none}
)";
    auto load = [&](const std::string& route) {
        return scenario::load_scenario_text(replace(yaml, "ROUTE", route), "t.yaml");
    };
    CHECK(load("{claude-haiku-4-5: 30%}").clients[0].route[0].share == Approx(0.3));
    CHECK(load("{claude-haiku-4-5: 0.25}").clients[0].route[0].share == Approx(0.25));
    CHECK_THROWS_WITH(load("{claude-haiku-3: 30%}"), Catch::Contains("t.yaml:10:") &&
                                                       Catch::Contains("unknown model 'claude-haiku-3'"));
    CHECK_THROWS_WITH(load("{claude-sonnet-4-5: 30%}"), Catch::Contains("the group's own model"));
    CHECK_THROWS_WITH(load("{claude-haiku-4-5: 130%}"), Catch::Contains("is not a share"));
    const std::string unknown_fallback = replace(replace(yaml, "    route: ROUTE\n", ""), "{retry: none}",
                                                 "{routing: {fallbacks: [gpt-4o]}}");
    CHECK_THROWS_WITH(scenario::load_scenario_text(unknown_fallback, "t.yaml"),
        Catch::Contains("unknown model or pool 'gpt-4o'"));
}

TEST_CASE("a route to a model the catalogue lacks warns at load, as the group's own model does",
          "[routing][scenario]") {
    const auto s = scenario::load_scenario_text(R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5]}
    other: {models: [gpt-4o]}
clients:
  - name: a
    workload: {kind: batch, items: 1}
    request: {model: claude-sonnet-4-5}
    route: {gpt-4o: 10%}
    strategy: {retry: none}
)",
                                                "t.yaml");
    REQUIRE(s.warnings.size() == 1);
    CHECK_THAT(s.warnings[0], Catch::Contains("t.yaml:10:") &&
                                  Catch::Contains("model 'gpt-4o' is not in the model catalogue"));
}

}  // namespace test_routing
