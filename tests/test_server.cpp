// The simulated API server: 429s, latency of admitted attempts, the streamed
// generation window, capacity incidents (529) and their budget rules.
#include <catch2/catch.hpp>

#include "support/pool_config.hpp"

#include <cmath>
#include <optional>

#include "models/server.hpp"
#include "models/stream_purposes.hpp"

namespace test_server {

using ratesim::models::ApiConfig;
using ratesim::models::AttemptCost;
using ratesim::models::Dimension;
using ratesim::models::Distribution;
using ratesim::models::OutputAccounting;
using ratesim::models::PoolConfig;
using ratesim::models::Server;
using ratesim::models::ServerAnswer;
using ratesim::engine::from_seconds;
using ratesim::engine::kNever;
using ratesim::engine::millis;
using ratesim::models::Purpose;
using ratesim::models::random_stream;
using ratesim::engine::RandomStream;
using ratesim::engine::seconds;
using ratesim::engine::Time;
namespace status = ratesim::models::status;

namespace {

PoolConfig two_model_pool(std::optional<double> rpm, std::optional<double> itpm,
                       std::optional<double> otpm,
                       OutputAccounting accounting = OutputAccounting::streamed) {
    PoolConfig p = ratesim::testing::pool_config(rpm, itpm, otpm, accounting, {"model-a", "model-b"});
    p.name = "sonnet";
    return p;
}

// Constant latencies: round trip 100 ms, first token 500 ms, 50 tokens/s.
ApiConfig api_config(PoolConfig pool) {
    ApiConfig api;
    api.pools = {std::move(pool)};
    api.burst = seconds(60);
    api.latency.round_trip_s = Distribution::constant(0.1);
    api.latency.time_to_first_token_s = Distribution::constant(0.5);
    api.latency.output_tokens_per_second = Distribution::constant(50);
    return api;
}

AttemptCost cost(double input, double max_tokens, double output) {
    AttemptCost c;
    c.input_tokens = input;
    c.max_tokens = max_tokens;
    c.output_tokens = output;
    return c;
}

struct Streams {
    RandomStream latency = random_stream(1, 0, 0, Purpose::latency);
    RandomStream overload = random_stream(1, 0, 0, Purpose::overload);
};

Server make_server(const ApiConfig& api) { return Server(api, random_stream(1, 0, 0, Purpose::incidents)); }

}  // namespace

TEST_CASE("models are routed to their pool", "[server]") {
    ApiConfig api = api_config(two_model_pool(60, std::nullopt, std::nullopt));
    PoolConfig haiku = two_model_pool(100, std::nullopt, std::nullopt);
    haiku.name = "haiku";
    haiku.models = {"model-h"};
    api.pools.push_back(haiku);
    Server server = make_server(api);
    CHECK(server.pool_count() == 2);
    CHECK(server.pool_index("model-a") == 0);
    CHECK(server.pool_index("model-b") == 0);
    CHECK(server.pool_index("model-h") == 1);
    CHECK(server.pool_index("model-z") == -1);
}

TEST_CASE("an admitted attempt takes round trip + first token + output / tokens per second", "[server]") {
    Server server = make_server(api_config(two_model_pool(60, 60000, 8000)));
    Streams s;
    const ServerAnswer a = server.answer(0, cost(1000, 1024, 100), seconds(10), s.latency, s.overload);
    CHECK(a.admitted);
    CHECK_FALSE(a.never_admissible);
    CHECK(a.response.status == status::ok);
    CHECK(a.response.sent_at == seconds(10));
    CHECK(a.generation_start == 10'600'000);  // 10 s + 100 ms + 500 ms
    CHECK(a.response.received_at == 12'600'000);  // + 100 tokens / 50 per s = 2 s
    CHECK_FALSE(a.response.has_retry_after());
    CHECK(a.response.headers[Dimension::requests].present);
    CHECK(a.response.headers[Dimension::requests].remaining == 59);  // the headers include this attempt

    SECTION("with values that are not round") {
        ApiConfig api = api_config(two_model_pool(60, std::nullopt, std::nullopt));
        api.latency.round_trip_s = Distribution::constant(0.0123);
        api.latency.time_to_first_token_s = Distribution::constant(0.4567);
        api.latency.output_tokens_per_second = Distribution::constant(37);
        Server other = make_server(api);
        const ServerAnswer b = other.answer(0, cost(10, 1024, 100), seconds(1), s.latency, s.overload);
        REQUIRE(b.admitted);
        CHECK(b.generation_start == seconds(1) + 12'300 + 456'700);
        CHECK(b.response.received_at == seconds(1) + 12'300 + 456'700 + 2'702'703);  // 100/37 s
    }
}

TEST_CASE("a 429 takes one round trip, names the limit and charges nothing", "[server]") {
    Server server = make_server(api_config(two_model_pool(60, std::nullopt, std::nullopt)));
    Streams s;
    for (int i = 0; i < 60; ++i) REQUIRE(server.answer(0, cost(10, 100, 50), 0, s.latency, s.overload).admitted);
    for (int i = 0; i < 25; ++i) {
        const ServerAnswer a = server.answer(0, cost(10, 100, 50), millis(200), s.latency, s.overload);
        REQUIRE_FALSE(a.admitted);
        CHECK(a.response.status == status::rate_limited);
        CHECK(a.response.received_at == millis(300));
        CHECK(a.response.retry_after == seconds(1));  // 0.8 s to the next request, rounded up
        CHECK(a.response.exceeded == Dimension::requests);
        CHECK(a.response.headers[Dimension::requests].remaining == 0);
        CHECK_FALSE(a.never_admissible);
    }
    // 25 refused attempts took nothing: at 1 s exactly one request has come back.
    CHECK(server.pool(0).fill_fraction(Dimension::requests, seconds(1)) == Approx(1.0 / 60));
    CHECK(server.answer(0, cost(10, 100, 50), seconds(1), s.latency, s.overload).admitted);
    CHECK_FALSE(server.answer(0, cost(10, 100, 50), seconds(1), s.latency, s.overload).admitted);
}

TEST_CASE("an attempt that can never fit is answered 429 and flagged never admissible", "[server]") {
    ApiConfig api = api_config(two_model_pool(std::nullopt, 60000, std::nullopt));
    api.burst = seconds(1);  // ITPM capacity 1000
    Server server = make_server(api);
    Streams s;
    const ServerAnswer a = server.answer(0, cost(5000, 100, 50), 0, s.latency, s.overload);
    CHECK(a.response.status == status::rate_limited);
    CHECK(a.never_admissible);
    CHECK(a.response.exceeded == Dimension::input_tokens);
    CHECK(a.response.has_retry_after());
}

TEST_CASE("cache reads count toward ITPM only when the cost says so", "[server]") {
    // Note: which tokens count (input + cache creation, plus cache reads only
    // for pools flagged cache_reads_count) is decided by the World when it
    // builds an item's AttemptCost (models/world.cpp, World::start_item);
    // Server and LimitPool only see the resulting input_tokens, so the rule
    // itself is not testable at this level. Here: the same request with and
    // without its cache reads counted, against a nearly empty ITPM bucket.
    const double input = 2000, cache_creation = 500, cache_read = 30000;
    Server server = make_server(api_config(two_model_pool(std::nullopt, 60000, std::nullopt)));
    Streams s;
    REQUIRE(server.answer(0, cost(57000, 100, 10), 0, s.latency, s.overload).admitted);  // 3000 left
    const ServerAnswer counted =
        server.answer(0, cost(input + cache_creation + cache_read, 100, 10), 0, s.latency, s.overload);
    CHECK(counted.response.status == status::rate_limited);
    CHECK(counted.response.exceeded == Dimension::input_tokens);
    CHECK(server.answer(0, cost(input + cache_creation, 100, 10), 0, s.latency, s.overload).admitted);
    CHECK(server.pool(0).fill_fraction(Dimension::input_tokens, 0) * 60000 == Approx(500));
}

TEST_CASE("streamed output is drawn from OTPM linearly over the generation window", "[server]") {
    ApiConfig api = api_config(two_model_pool(std::nullopt, std::nullopt, 6000));  // 100/s
    api.latency.output_tokens_per_second = Distribution::constant(500);
    Server server = make_server(api);
    Streams s;
    const AttemptCost c = cost(0, 2000, 1000);  // 2 s of generation at 500/s
    const ServerAnswer a = server.answer(0, c, 0, s.latency, s.overload);
    REQUIRE(a.admitted);
    REQUIRE(a.generation_start == millis(600));
    REQUIRE(a.response.received_at == millis(2600));
    auto level = [&](Time t) { return server.pool(0).fill_fraction(Dimension::output_tokens, t) * 6000; };

    CHECK(level(millis(600)) == Approx(6000));  // admission takes no output tokens
    server.begin_generation(0, c, a.generation_start, a.response.received_at);
    CHECK(level(millis(1100)) == Approx(5800));  // net -400/s
    CHECK(level(millis(1600)) == Approx(5600));
    server.complete(0, c, a.generation_start, a.response.received_at);
    CHECK(level(millis(2600)) == Approx(5200));  // all 1000 drawn, 200 refilled
    CHECK(level(millis(5600)) == Approx(5500));  // refill only
}

TEST_CASE("reserve-max-tokens output is reserved at admission and settled on completion", "[server]") {
    Server server = make_server(
        api_config(two_model_pool(std::nullopt, std::nullopt, 6000, OutputAccounting::reserve_max_tokens)));
    Streams s;
    const AttemptCost c = cost(0, 4000, 1000);  // 20 s of generation at 50/s
    const ServerAnswer a = server.answer(0, c, 0, s.latency, s.overload);
    REQUIRE(a.admitted);
    auto level = [&](Time t) { return server.pool(0).fill_fraction(Dimension::output_tokens, t) * 6000; };
    CHECK(level(0) == Approx(2000));
    server.begin_generation(0, c, a.generation_start, a.generation_start);  // no drain under reserve
    CHECK(level(a.generation_start) == Approx(2060));
    // Settled at 0.6 s (e.g. the client's view ended early): 3000 unused come back.
    server.complete(0, c, a.generation_start, a.generation_start);
    CHECK(level(a.generation_start) == Approx(5060));
}

TEST_CASE("a scheduled incident with overload 1 answers 529 during it and not outside", "[server]") {
    ApiConfig api = api_config(two_model_pool(6000, std::nullopt, std::nullopt));
    api.incidents.scheduled = {{seconds(100), seconds(50), 1.0, {}, {}}};
    Server server = make_server(api);
    Streams s;
    auto answer_at = [&](Time t) { return server.answer(0, cost(10, 100, 50), t, s.latency, s.overload); };

    CHECK(answer_at(seconds(50)).response.status == status::ok);
    CHECK(answer_at(seconds(100) - 1).response.status == status::ok);
    const ServerAnswer during = answer_at(seconds(100));
    CHECK(during.response.status == status::overloaded);
    CHECK_FALSE(during.admitted);
    CHECK(during.response.received_at == seconds(100) + millis(100));  // one round trip
    CHECK_FALSE(during.response.has_retry_after());                    // none unless configured
    CHECK(during.response.headers[Dimension::requests].present);
    CHECK(answer_at(seconds(125)).response.status == status::overloaded);
    CHECK(answer_at(seconds(150) - 1).response.status == status::overloaded);
    CHECK(answer_at(seconds(150)).response.status == status::ok);  // the window is [at, at + for)
    CHECK(answer_at(seconds(1000)).response.status == status::ok);
}

TEST_CASE("a 529 carries a retry-after only when configured", "[server]") {
    ApiConfig api = api_config(two_model_pool(6000, std::nullopt, std::nullopt));
    api.incidents.scheduled = {{0, seconds(10), 1.0, {}, {}}};
    api.incidents.retry_after = seconds(5);
    Server server = make_server(api);
    Streams s;
    const ServerAnswer a = server.answer(0, cost(10, 100, 50), seconds(1), s.latency, s.overload);
    CHECK(a.response.status == status::overloaded);
    CHECK(a.response.retry_after == seconds(5));
}

TEST_CASE("overlapping incidents overload by the largest of their overloads, whichever started last",
          "[server]") {
    // A long incident of overload 0.9 over [100 s, 200 s) with a milder one
    // of 0.2 inside it over [120 s, 140 s), and the same two the other way
    // round (the mild one long, the severe one inside): while both are on,
    // the overload is 0.9 either way, not the later one's.
    auto overloads = [](std::vector<ratesim::models::IncidentConfig> scheduled) {
        ratesim::models::IncidentsConfig config;
        config.scheduled = std::move(scheduled);
        ratesim::models::Incidents incidents(config, random_stream(1, 0, 0, Purpose::incidents));
        std::vector<double> p;
        for (const int t : {50, 100, 119, 120, 130, 140, 199, 200})
            p.push_back(incidents.overload_at(seconds(t)));
        return p;
    };
    CHECK(overloads({{seconds(100), seconds(100), 0.9, {}, {}}, {seconds(120), seconds(20), 0.2, {}, {}}}) ==
          std::vector<double>{0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0});
    CHECK(overloads({{seconds(100), seconds(100), 0.2, {}, {}}, {seconds(120), seconds(20), 0.9, {}, {}}}) ==
          std::vector<double>{0, 0.2, 0.2, 0.9, 0.9, 0.2, 0.2, 0});
}

TEST_CASE("overload 0.5 answers about half the attempts with 529", "[server]") {
    ApiConfig api = api_config(two_model_pool(std::nullopt, std::nullopt, std::nullopt));
    api.incidents.scheduled = {{seconds(100), seconds(50), 0.5, {}, {}}};
    Server server = make_server(api);
    constexpr int n = 4000;
    int overloaded = 0;
    for (int i = 0; i < n; ++i) {
        // One stream per item, as the World keys them.
        RandomStream latency = random_stream(9, 0, static_cast<std::uint64_t>(i), Purpose::latency);
        RandomStream overload = random_stream(9, 0, static_cast<std::uint64_t>(i), Purpose::overload);
        const ServerAnswer a =
            server.answer(0, cost(10, 100, 50), seconds(100) + millis(10) * i, latency, overload);
        overloaded += a.response.status == status::overloaded;
    }
    // 5 standard errors of the share of 4000: 0.040. Power: an overload
    // applied as 0.46 or 0.54 or further off fails.
    CHECK(std::abs(overloaded / double(n) - 0.5) < 5 * std::sqrt(0.25 / n));
}

TEST_CASE("random incidents cover the fraction of time a Poisson process predicts", "[server]") {
    // Onsets at rate 1/G, each lasting L: P(t is covered) = 1 - exp(-L / G)
    // (0.3935 for L = G/2; evenly spaced onsets would give 0.5).
    ApiConfig api = api_config(two_model_pool(std::nullopt, std::nullopt, std::nullopt));
    api.incidents.random.mean_gap = seconds(1000);
    api.incidents.random.length_s = Distribution::constant(500);
    api.incidents.random.overload = 1.0;
    Server server = make_server(api);
    Streams s;
    constexpr int n = 100000;  // one probe every 40 s over 4e6 s: ~4000 incidents
    int overloaded = 0;
    for (int i = 0; i < n; ++i)
        overloaded += server.answer(0, cost(1, 1, 1), seconds(40) * i, s.latency, s.overload)
                          .response.status == status::overloaded;
    // The covered fraction's variance is (1/T) * integral of its autocovariance,
    // 2 [G e^{-L/G} (1 - e^{-L/G}) - L e^{-2L/G}] = 109.5 s: se = 0.0052; 5 se = 0.026.
    // Power: a covered fraction off by 0.026 (7% of 0.3935) fails; evenly
    // spaced onsets (0.5) fail by four times that.
    CHECK(overloaded / double(n) == Approx(1 - std::exp(-0.5)).epsilon(0).margin(0.026));
}

TEST_CASE("529s consume no rate budget unless configured", "[server]") {
    auto run = [](bool consumes, OutputAccounting accounting) {
        ApiConfig api = api_config(two_model_pool(10, 60000, 6000, accounting));
        api.incidents.scheduled = {{0, seconds(10), 1.0, {}, {}}};
        api.incidents.consumes_budget = consumes;
        Server server = make_server(api);
        Streams s;
        for (int i = 0; i < 20; ++i)
            REQUIRE(server.answer(0, cost(1000, 2000, 500), seconds(1), s.latency, s.overload)
                        .response.status == status::overloaded);
        return server;
    };
    SECTION("by default") {
        Server server = run(false, OutputAccounting::streamed);
        CHECK(server.pool(0).fill_fraction(Dimension::requests, seconds(1)) == Approx(1));
        CHECK(server.pool(0).fill_fraction(Dimension::input_tokens, seconds(1)) == Approx(1));
        // After the incident, the whole burst is there: 10 requests pass.
        Streams s;
        for (int i = 0; i < 10; ++i)
            CHECK(server.answer(0, cost(1000, 2000, 500), seconds(10), s.latency, s.overload).admitted);
        CHECK(server.answer(0, cost(1000, 2000, 500), seconds(10), s.latency, s.overload).response.status ==
              status::rate_limited);
    }
    SECTION("with consumes_budget") {
        Server server = run(true, OutputAccounting::streamed);
        // The first 10 of the 20 were charged: one request and 1000 input tokens each.
        CHECK(server.pool(0).fill_fraction(Dimension::requests, seconds(1)) == Approx(0).epsilon(0).margin(1e-9));
        CHECK(server.pool(0).fill_fraction(Dimension::input_tokens, seconds(1)) == Approx(50000.0 / 60000));
    }
    SECTION("with consumes_budget, nothing is reserved for output that is never generated") {
        Server server = run(true, OutputAccounting::reserve_max_tokens);
        CHECK(server.pool(0).fill_fraction(Dimension::output_tokens, seconds(1)) == Approx(1));
    }
    SECTION("with consumes_budget, nothing is promised for output that is never streamed") {
        // A 529 generates no output, so nothing will ever stream or end for
        // it: the OTPM bucket is full and stays reported as full.
        Server server = run(true, OutputAccounting::streamed);
        CHECK(server.pool(0).fill_fraction(Dimension::output_tokens, seconds(1)) == Approx(1));
        const auto h = server.pool(0).headers(seconds(2));
        CHECK(h[Dimension::output_tokens].remaining == 6000);
        CHECK(h[Dimension::output_tokens].reset == seconds(2));
    }
}

TEST_CASE("latency grows by the latency factor during an incident", "[server]") {
    ApiConfig api = api_config(two_model_pool(std::nullopt, std::nullopt, std::nullopt));
    api.incidents.scheduled = {{seconds(100), seconds(50), 0.5, {}, {}}};
    api.incidents.latency_factor = 2.0;
    Server server = make_server(api);
    Streams s;
    const ServerAnswer before = server.answer(0, cost(10, 100, 100), seconds(10), s.latency, s.overload);
    REQUIRE(before.admitted);
    CHECK(before.response.received_at - seconds(10) == millis(2600));  // 0.1 + 0.5 + 2
    int successes = 0;
    for (int i = 0; i < 200; ++i) {
        const Time t = seconds(100) + millis(100) * i;
        const ServerAnswer a = server.answer(0, cost(10, 100, 100), t, s.latency, s.overload);
        if (!a.admitted) continue;
        ++successes;
        CHECK(a.response.received_at - t == millis(100 + 2 * 2500));  // round trip not slowed
    }
    // Overload 0.5: about half of the 200 are admitted and slowed (5 sd of a
    // binomial(200, 0.5) is 35, so an overload off by 0.18 fails).
    CHECK(std::abs(successes - 100) < 5 * std::sqrt(200 * 0.25));
}

TEST_CASE("an attempt draws the same random numbers whether it gets 200, 429 or 529", "[server]") {
    // Random latencies, so that the draws matter.
    auto config = [](bool overloaded) {
        ApiConfig api = api_config(two_model_pool(1, std::nullopt, std::nullopt));
        api.latency.round_trip_s = Distribution::uniform(0.05, 0.2);
        api.latency.time_to_first_token_s = Distribution::lognormal(-0.5, 0.5);
        api.latency.output_tokens_per_second = Distribution::uniform(40, 80);
        if (overloaded) api.incidents.scheduled = {{0, seconds(100), 1.0}};
        return api;
    };
    Server ok_server = make_server(config(false));
    Server limited_server = make_server(config(false));
    Server overloaded_server = make_server(config(true));
    Streams warm;
    REQUIRE(limited_server.answer(0, cost(1, 1, 1), 0, warm.latency, warm.overload).admitted);

    Streams a, b, c;
    CHECK(ok_server.answer(0, cost(1, 1, 1), seconds(1), a.latency, a.overload).response.status == status::ok);
    CHECK(limited_server.answer(0, cost(1, 1, 1), seconds(1), b.latency, b.overload).response.status ==
          status::rate_limited);
    CHECK(overloaded_server.answer(0, cost(1, 1, 1), seconds(1), c.latency, c.overload).response.status ==
          status::overloaded);
    const auto la = a.latency.next_u64(), oa = a.overload.next_u64();
    CHECK(b.latency.next_u64() == la);
    CHECK(c.latency.next_u64() == la);
    CHECK(b.overload.next_u64() == oa);
    CHECK(c.overload.next_u64() == oa);
}

}  // namespace test_server
