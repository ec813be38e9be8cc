// Token buckets and limit pools: refill, continuous drains, admission across
// dimensions, 429 retry-after, never-admissible attempts and response headers.
#include <catch2/catch.hpp>

#include "support/pool_config.hpp"

#include <optional>

#include "models/limit_pool.hpp"
#include "models/token_bucket.hpp"

namespace test_bucket {

using ratesim::models::AdmissionDecision;
using ratesim::models::AttemptCost;
using ratesim::models::Dimension;
using ratesim::models::LimitHeader;
using ratesim::models::LimitPool;
using ratesim::models::OutputAccounting;
using ratesim::models::PoolConfig;
using ratesim::models::TokenBucket;
using ratesim::engine::from_seconds;
using ratesim::engine::millis;
using ratesim::engine::seconds;
using ratesim::engine::Time;

namespace {

using ratesim::testing::pool_config;

AttemptCost cost(double input, double max_tokens = 0, double output = 0) {
    AttemptCost c;
    c.input_tokens = input;
    c.max_tokens = max_tokens;
    c.output_tokens = output;
    return c;
}

// The level of a pool's bucket, in tokens.
double level(LimitPool& pool, Dimension d, double capacity, Time now) {
    return pool.fill_fraction(d, now) * capacity;
}

}  // namespace

// ---------------------------------------------------------------- TokenBucket

TEST_CASE("a bucket starts full at limit * burst / 60s and refills at limit / 60 per second", "[bucket]") {
    TokenBucket b(120, seconds(30));
    CHECK(b.limit() == 120);
    CHECK(b.capacity() == Approx(60));
    CHECK(b.refill_per_second() == Approx(2));
    CHECK(b.level() == Approx(60));

    b.take(50);
    CHECK(b.level() == Approx(10));
    b.advance(seconds(2));
    CHECK(b.level() == Approx(14));
    b.advance(millis(2500));
    CHECK(b.level() == Approx(15));
    b.advance(seconds(1));  // time never goes back: no change
    CHECK(b.level() == Approx(15));
    b.advance(seconds(100));
    CHECK(b.level() == Approx(60));  // never above capacity
    b.advance(seconds(1000));
    CHECK(b.level() == Approx(60));

    TokenBucket default_burst(60, seconds(60));
    CHECK(default_burst.capacity() == Approx(60));
    TokenBucket one_second(60, seconds(1));  // "60 RPM enforced as 1 request per second"
    CHECK(one_second.capacity() == Approx(1));
    CHECK(one_second.refill_per_second() == Approx(1));
}

TEST_CASE("give_back returns tokens but never above capacity", "[bucket]") {
    TokenBucket b(600, seconds(60));  // capacity 600, 10/s
    b.take(100);
    b.give_back(40);
    CHECK(b.level() == Approx(540));
    b.give_back(1000);
    CHECK(b.level() == Approx(600));
}

TEST_CASE("seconds_until is the refill time to reach an amount, 0 when there", "[bucket]") {
    TokenBucket b(600, seconds(60));  // capacity 600, 10/s
    b.take(590);                      // level 10
    CHECK(b.seconds_until(5) == 0.0);
    CHECK(b.seconds_until(10) == 0.0);
    CHECK(b.seconds_until(60) == Approx(5));
    CHECK(b.seconds_until_full() == Approx(59));
}

TEST_CASE("a continuous drain lowers the level linearly and may take it below zero", "[bucket]") {
    TokenBucket b(600, seconds(60));  // capacity 600, 10/s
    b.take(600);                      // level 0 at t = 0
    b.start_drain(300, 10);           // 30/s for 10 s: net -20/s
    b.advance(millis(2500));
    CHECK(b.level() == Approx(-50));
    b.advance(seconds(5));
    CHECK(b.level() == Approx(-100));
    // seconds_until counts what the drain will still take (150 more over 5 s):
    // the level is -200 at 10 s, then refills at 10/s.
    CHECK(b.seconds_until(50) == Approx(30));
    CHECK(b.seconds_until_full() == Approx(85));
    b.advance(seconds(10));
    CHECK(b.level() == Approx(-200));
    b.end_drain(300, 10);
    b.advance(seconds(11));
    CHECK(b.level() == Approx(-190));  // only the refill is left
    CHECK(b.seconds_until(0) == Approx(19));
}

TEST_CASE("a drain slower than the refill leaves a full bucket full", "[bucket]") {
    TokenBucket slow(600, seconds(60));  // 10/s
    slow.start_drain(50, 10);            // 5/s
    slow.advance(seconds(5));
    CHECK(slow.level() == Approx(600));

    TokenBucket fast(600, seconds(60));
    fast.start_drain(100, 5);  // 20/s: net -10/s
    fast.advance(seconds(5));
    CHECK(fast.level() == Approx(550));
}

TEST_CASE("overlapping drains add their rates and end separately", "[bucket]") {
    TokenBucket b(600, seconds(60));  // 10/s
    b.take(600);
    b.start_drain(100, 10);  // A: 10/s over [0, 10]
    b.advance(seconds(5));
    CHECK(b.level() == Approx(0));
    b.start_drain(200, 10);  // B: 20/s over [5, 15]
    b.advance(seconds(10));
    CHECK(b.level() == Approx(-100));
    b.end_drain(100, 10);
    // B still has 100 to take over 5 s; then refill: 0 at t = 30 s.
    CHECK(b.seconds_until(0) == Approx(20));
    b.advance(seconds(15));
    CHECK(b.level() == Approx(-150));
    b.end_drain(200, 10);
    b.advance(seconds(20));
    CHECK(b.level() == Approx(-100));
}

TEST_CASE("a drain over no time takes its tokens at once", "[bucket]") {
    TokenBucket b(600, seconds(60));
    b.start_drain(250, 0);
    CHECK(b.level() == Approx(350));
    b.end_drain(250, 0);  // harmless
    b.advance(seconds(1));
    CHECK(b.level() == Approx(360));
}

// ---------------------------------------------------------------- LimitPool admission

TEST_CASE("at 60 RPM with a 60 s burst, 60 requests pass and the 61st waits 1 s", "[bucket]") {
    LimitPool pool(pool_config(60, std::nullopt, std::nullopt), seconds(60));
    for (int i = 0; i < 60; ++i) REQUIRE(pool.try_admit(cost(0), 0).admitted);
    const AdmissionDecision d = pool.try_admit(cost(0), 0);
    CHECK_FALSE(d.admitted);
    CHECK_FALSE(d.never_admissible);
    CHECK(d.exceeded == Dimension::requests);
    CHECK(d.retry_after == seconds(1));

    // 0.3 s later: 0.7 s to go, rounded up to 1 s.
    const AdmissionDecision later = pool.try_admit(cost(0), millis(300));
    CHECK_FALSE(later.admitted);
    CHECK(later.retry_after == seconds(1));
    CHECK(pool.try_admit(cost(0), seconds(1)).admitted);
}

TEST_CASE("an input-token deficit gives retry-after ceil(deficit / rate), at least 1 s", "[bucket]") {
    LimitPool pool(pool_config(std::nullopt, 60000, std::nullopt), seconds(60));  // 1000/s
    REQUIRE(pool.try_admit(cost(59000), 0).admitted);                            // 1000 left

    const AdmissionDecision a = pool.try_admit(cost(3500), 0);  // deficit 2500: 2.5 s
    CHECK_FALSE(a.admitted);
    CHECK(a.exceeded == Dimension::input_tokens);
    CHECK(a.retry_after == seconds(3));

    const AdmissionDecision b = pool.try_admit(cost(4000), 0);  // deficit 3000: exactly 3 s
    CHECK(b.retry_after == seconds(3));

    const AdmissionDecision up = pool.try_admit(cost(3200), 0);  // deficit 2200: 2.2 s, rounded up
    CHECK(up.retry_after == seconds(3));
    const AdmissionDecision barely = pool.try_admit(cost(3001), 0);  // 2.001 s
    CHECK(barely.retry_after == seconds(3));

    CHECK(pool.try_admit(cost(1000), 0).admitted);  // exactly the level fits
    const AdmissionDecision c = pool.try_admit(cost(100), 0);  // 0.1 s: at least 1 s
    CHECK_FALSE(c.admitted);
    CHECK(c.retry_after == seconds(1));

    // From empty, 3500 tokens take 3.5 s to come back, not a microsecond less.
    CHECK_FALSE(pool.try_admit(cost(3500), millis(3499)).admitted);
    CHECK(pool.try_admit(cost(3500), seconds(3) + millis(500)).admitted);
}

TEST_CASE("a 429 names the dimension with the longest wait", "[bucket]") {
    LimitPool pool(pool_config(60, 60000, std::nullopt), seconds(60));
    for (int i = 0; i < 60; ++i) REQUIRE(pool.try_admit(cost(1000), 0).admitted);
    // Both buckets are empty: requests need 1 s, input tokens need input / 1000 s.
    const AdmissionDecision tokens = pool.try_admit(cost(3500), 0);
    CHECK_FALSE(tokens.admitted);
    CHECK(tokens.exceeded == Dimension::input_tokens);
    CHECK(tokens.retry_after == seconds(4));

    const AdmissionDecision requests = pool.try_admit(cost(500), 0);
    CHECK_FALSE(requests.admitted);
    CHECK(requests.exceeded == Dimension::requests);
    CHECK(requests.retry_after == seconds(1));
}

TEST_CASE("admission needs room in every dimension, and a 429 charges nothing", "[bucket]") {
    LimitPool pool(pool_config(60, 60000, std::nullopt), seconds(60));
    REQUIRE(pool.try_admit(cost(59500), 0).admitted);  // requests 59, input 500
    const AdmissionDecision d = pool.try_admit(cost(2000), 0);
    CHECK_FALSE(d.admitted);
    CHECK(d.exceeded == Dimension::input_tokens);
    CHECK(level(pool, Dimension::requests, 60, 0) == Approx(59));  // request not charged
    CHECK(level(pool, Dimension::input_tokens, 60000, 0) == Approx(500));

    // Many refused attempts later, the budget is intact.
    for (int i = 0; i < 100; ++i) REQUIRE_FALSE(pool.try_admit(cost(2000), 0).admitted);
    CHECK(level(pool, Dimension::requests, 60, 0) == Approx(59));
    CHECK(pool.try_admit(cost(2000), millis(1500)).admitted);
    // The request bucket refilled to its capacity (60) before this admission took one.
    CHECK(level(pool, Dimension::requests, 60, millis(1500)) == Approx(59));
    CHECK(level(pool, Dimension::input_tokens, 60000, millis(1500)) == Approx(0).epsilon(0).margin(1e-6));
}

TEST_CASE("an attempt above a bucket's capacity is never admissible", "[bucket]") {
    SECTION("input tokens above the ITPM capacity with a 1 s burst") {
        LimitPool pool(pool_config(60, 60000, std::nullopt), seconds(1));  // ITPM capacity 1000
        const AdmissionDecision d = pool.try_admit(cost(1500), 0);
        CHECK_FALSE(d.admitted);
        CHECK(d.never_admissible);
        CHECK(d.exceeded == Dimension::input_tokens);
        CHECK(d.retry_after >= seconds(1));
        CHECK(d.retry_after % seconds(1) == 0);
        // Even a full bucket, much later, will not take it.
        CHECK(pool.try_admit(cost(1500), seconds(3600)).never_admissible);
        // Exactly the capacity is admissible.
        const AdmissionDecision fits = pool.try_admit(cost(1000), seconds(3600));
        CHECK(fits.admitted);
        CHECK_FALSE(fits.never_admissible);
    }
    SECTION("max_tokens above the OTPM capacity under reserve-max-tokens") {
        LimitPool pool(pool_config(std::nullopt, std::nullopt, 6000, OutputAccounting::reserve_max_tokens),
                       seconds(60));
        const AdmissionDecision d = pool.try_admit(cost(0, 7000, 100), 0);
        CHECK_FALSE(d.admitted);
        CHECK(d.never_admissible);
        CHECK(d.exceeded == Dimension::output_tokens);
    }
    SECTION("a temporarily short bucket is not never-admissible") {
        LimitPool pool(pool_config(std::nullopt, 60000, std::nullopt), seconds(60));
        REQUIRE(pool.try_admit(cost(60000), 0).admitted);
        const AdmissionDecision d = pool.try_admit(cost(60000), 0);
        CHECK_FALSE(d.admitted);
        CHECK_FALSE(d.never_admissible);
        CHECK(d.retry_after == seconds(60));
    }
}

TEST_CASE("streamed output needs the OTPM bucket above zero and may drive it negative", "[bucket]") {
    LimitPool pool(pool_config(std::nullopt, std::nullopt, 6000), seconds(60));  // 100/s
    // Admitted with 9000 output tokens, streamed over 10 s: 900/s out, 100/s in.
    REQUIRE(pool.try_admit(cost(0, 9000, 9000), 0).admitted);
    CHECK(level(pool, Dimension::output_tokens, 6000, 0) == Approx(6000));  // admission draws nothing
    pool.begin_output(9000, 10, 0);
    const AdmissionDecision mid = pool.try_admit(cost(0, 4096, 0), seconds(5));
    CHECK(mid.admitted);  // level 2000 > 0
    CHECK(level(pool, Dimension::output_tokens, 6000, seconds(5)) == Approx(2000));

    pool.end_output(9000, 10, seconds(10));
    CHECK(level(pool, Dimension::output_tokens, 6000, seconds(10)) == Approx(-2000));
    const AdmissionDecision after = pool.try_admit(cost(0, 1, 1), seconds(10));
    CHECK_FALSE(after.admitted);
    CHECK(after.exceeded == Dimension::output_tokens);
    CHECK_FALSE(after.never_admissible);
    CHECK(after.retry_after == seconds(20));  // 2000 / 100 per second

    CHECK_FALSE(pool.try_admit(cost(0, 1, 1), seconds(30)).admitted);  // exactly 0 is not above 0
    CHECK(pool.try_admit(cost(0, 1, 1), seconds(30) + millis(10)).admitted);
    // max_tokens far above the capacity does not matter when streaming.
    CHECK(pool.try_admit(cost(0, 1e6, 10), seconds(31)).admitted);
}

TEST_CASE("a streamed 429's retry-after counts the output still to be drawn", "[bucket]") {
    LimitPool pool(pool_config(std::nullopt, std::nullopt, 6000), seconds(60));  // 100/s
    REQUIRE(pool.try_admit(cost(0, 18000, 18000), 0).admitted);
    pool.begin_output(18000, 10, 0);  // 1800/s over [0, 10 s]
    // At 5 s: level 6000 - 1700 * 5 = -2500; 9000 still to come, so the level
    // bottoms out at -11000 at 10 s and is back at 0 at 120 s.
    CHECK(level(pool, Dimension::output_tokens, 6000, seconds(5)) == Approx(-2500));
    const AdmissionDecision d = pool.try_admit(cost(0, 1, 1), seconds(5));
    CHECK_FALSE(d.admitted);
    CHECK(d.retry_after == seconds(115));
}

TEST_CASE("a streamed 429's retry-after counts output admitted but not yet streaming", "[bucket]") {
    LimitPool pool(pool_config(std::nullopt, std::nullopt, 6000), seconds(60));  // 100/s
    REQUIRE(pool.try_admit(cost(0, 9000, 9000), 0).admitted);
    pool.begin_output(9000, 10, 0);
    // At 5 s (level 2000) a second attempt is admitted; its 4000 output
    // tokens have not started streaming yet.
    REQUIRE(pool.try_admit(cost(0, 4096, 4000), seconds(5)).admitted);
    pool.end_output(9000, 10, seconds(10));
    CHECK(level(pool, Dimension::output_tokens, 6000, seconds(10)) == Approx(-2000));
    // Back above zero only after the 2000 deficit and the 4000 promised: 60 s.
    const AdmissionDecision d = pool.try_admit(cost(0, 1, 1), seconds(10));
    CHECK_FALSE(d.admitted);
    CHECK(d.exceeded == Dimension::output_tokens);
    CHECK(d.retry_after == seconds(60));
    // The promised output then streams: the bucket reaches 0 at 70 s.
    pool.begin_output(4000, 4, seconds(10));
    pool.end_output(4000, 4, seconds(14));
    CHECK(level(pool, Dimension::output_tokens, 6000, seconds(14)) == Approx(-5600));
    CHECK(pool.headers(seconds(14))[Dimension::output_tokens].reset == Approx(seconds(130)).epsilon(0).margin(2));
}

TEST_CASE("promised output that streams over no time is drawn at once", "[bucket]") {
    TokenBucket b(600, seconds(60));  // 10/s
    b.take(600);
    b.promise(100);
    CHECK(b.level() == Approx(0).margin(1e-9));
    CHECK(b.seconds_until(0) == Approx(10));  // the promise counts before it streams
    b.start_promised_drain(100, 0);
    CHECK(b.level() == Approx(-100));
    CHECK(b.seconds_until(0) == Approx(10));  // counted once, not twice
    b.end_drain(100, 0);
    b.advance(seconds(10));
    CHECK(b.level() == Approx(0).margin(1e-9));
}

TEST_CASE("a promised drain at the refill rate holds the level", "[bucket]") {
    TokenBucket b(600, seconds(60));  // 10/s
    b.take(600);
    b.promise(100);
    b.start_promised_drain(100, 10);  // 10/s
    b.advance(seconds(5));
    CHECK(b.level() == Approx(0).margin(1e-9));
    CHECK(b.seconds_until(0) == Approx(5));
    b.advance(seconds(10));
    b.end_drain(100, 10);
    CHECK(b.seconds_until(0) == Approx(0).margin(1e-9));
    b.advance(seconds(12));
    CHECK(b.level() == Approx(20));
}

TEST_CASE("a request bucket holds at least one request", "[bucket]") {
    // 50 RPM with a 1 s burst would hold 0.83 requests and admit nothing;
    // the bucket holds one, refilled every 1.2 s.
    LimitPool pool(pool_config(50, std::nullopt, std::nullopt), seconds(1));
    CHECK(pool.try_admit(cost(0), 0).admitted);
    const AdmissionDecision d = pool.try_admit(cost(0), 0);
    CHECK_FALSE(d.admitted);
    CHECK_FALSE(d.never_admissible);
    CHECK(d.retry_after == seconds(2));  // 1.2 s, rounded up
    CHECK_FALSE(pool.try_admit(cost(0), millis(1199)).admitted);
    CHECK(pool.try_admit(cost(0), millis(1200)).admitted);
    CHECK(pool.headers(millis(1200))[Dimension::requests].remaining == 0);
}

TEST_CASE("reserve-max-tokens reserves max_tokens and refunds the unused part", "[bucket]") {
    LimitPool pool(pool_config(std::nullopt, std::nullopt, 6000, OutputAccounting::reserve_max_tokens),
                   seconds(60));  // 100/s
    const AttemptCost c = cost(0, 4000, 1000);
    REQUIRE(pool.try_admit(c, 0).admitted);
    CHECK(level(pool, Dimension::output_tokens, 6000, 0) == Approx(2000));

    const AdmissionDecision d = pool.try_admit(c, 0);
    CHECK_FALSE(d.admitted);
    CHECK(d.exceeded == Dimension::output_tokens);
    CHECK(d.retry_after == seconds(20));  // 2000 short at 100/s

    pool.settle_reservation(c, 0);  // 3000 unused come back
    CHECK(level(pool, Dimension::output_tokens, 6000, 0) == Approx(5000));
    REQUIRE(pool.try_admit(c, 0).admitted);
    CHECK(level(pool, Dimension::output_tokens, 6000, 0) == Approx(1000));
    // begin/end_output are for streamed pools; a reserve pool's settle is the only refund.
    pool.settle_reservation(c, seconds(10));
    CHECK(level(pool, Dimension::output_tokens, 6000, seconds(10)) == Approx(1000 + 1000 + 3000));
}

TEST_CASE("a pool without a dimension does not limit it", "[bucket]") {
    LimitPool pool(pool_config(std::nullopt, std::nullopt, std::nullopt), seconds(60));
    CHECK_FALSE(pool.limits(Dimension::requests));
    for (int i = 0; i < 1000; ++i) REQUIRE(pool.try_admit(cost(1e9, 1e9, 1e9), 0).admitted);
    CHECK(std::isnan(pool.fill_fraction(Dimension::requests, 0)));
    const auto h = pool.headers(0);
    CHECK_FALSE(h[Dimension::requests].present);
    CHECK_FALSE(h[Dimension::input_tokens].present);
    CHECK_FALSE(h[Dimension::output_tokens].present);
    CHECK_FALSE(h.tokens.present);
}

// ---------------------------------------------------------------- headers

TEST_CASE("a full pool's headers show the limits, everything remaining, reset now", "[bucket]") {
    LimitPool pool(pool_config(50, 40000, 8000), seconds(60));
    const auto h = pool.headers(seconds(7));
    for (auto d : {Dimension::requests, Dimension::input_tokens, Dimension::output_tokens}) {
        CHECK(h[d].present);
        CHECK(h[d].remaining == h[d].limit);
        CHECK(h[d].reset == seconds(7));
    }
    CHECK(h[Dimension::requests].limit == 50);
    CHECK(h[Dimension::input_tokens].limit == 40000);
    CHECK(h[Dimension::output_tokens].limit == 8000);
}

TEST_CASE("requests remaining is exact (floored) and token remaining is rounded to the nearest thousand",
          "[bucket]") {
    LimitPool pool(pool_config(50, 40000, 8000), seconds(60));  // 50/60 req/s, 666.67 in/s
    for (int i = 0; i < 3; ++i) REQUIRE(pool.try_admit(cost(4115), 0).admitted);  // input 27655

    const auto h0 = pool.headers(0);
    CHECK(h0[Dimension::requests].remaining == 47);
    CHECK(h0[Dimension::input_tokens].remaining == 28000);  // 27655: nearest, not floor
    // reset = when full again: 3 requests at 5/6 per second = 3.6 s.
    CHECK(h0[Dimension::requests].reset == seconds(3) + millis(600));
    // input: 12345 tokens at 40000/60 per second = 18.5175 s.
    CHECK(h0[Dimension::input_tokens].reset == Approx(from_seconds(18.5175)).epsilon(0).margin(1));

    const auto h1 = pool.headers(millis(500));
    CHECK(h1[Dimension::requests].remaining == 47);  // 47.42 floored
    CHECK(h1[Dimension::requests].reset == Approx(seconds(3) + millis(600)).epsilon(0).margin(1));
    CHECK(h1[Dimension::input_tokens].remaining == 28000);  // 27988

    REQUIRE(pool.try_admit(cost(1000), millis(500)).admitted);
    const auto h2 = pool.headers(millis(500));
    CHECK(h2[Dimension::requests].remaining == 46);
    CHECK(h2[Dimension::input_tokens].remaining == 27000);  // 26988: nearest is down
}

TEST_CASE("the tokens-* headers are those of the more restrictive token dimension", "[bucket]") {
    SECTION("output is the tighter") {
        LimitPool pool(pool_config(50, 40000, 8000), seconds(60));  // output 133.33/s
        REQUIRE(pool.try_admit(cost(12345, 8192, 7000), 0).admitted);
        pool.begin_output(7000, 10, millis(500));  // 700/s over [0.5, 10.5]
        const Time now = millis(5500);
        const auto h = pool.headers(now);
        const LimitHeader& out = h[Dimension::output_tokens];
        // 8000 - (700 - 133.33) * 5 = 5166.7
        CHECK(out.remaining == 5000);
        // Full again: the drain ends at 10.5 s with 2333.3 left, then 42.5 s of refill.
        CHECK(out.reset == Approx(seconds(53)).epsilon(0).margin(2));
        CHECK(h[Dimension::input_tokens].remaining == 31000);  // 27655 + 5.5 s * 666.67/s = 31322
        CHECK(h.tokens.present);
        CHECK(h.tokens.limit == out.limit);
        CHECK(h.tokens.remaining == out.remaining);
        CHECK(h.tokens.reset == out.reset);
    }
    SECTION("input is the tighter") {
        LimitPool pool(pool_config(50, 40000, 8000), seconds(60));
        REQUIRE(pool.try_admit(cost(38000), 0).admitted);
        const auto h = pool.headers(0);
        const LimitHeader& in = h[Dimension::input_tokens];
        CHECK(in.remaining == 2000);
        CHECK(h.tokens.limit == 40000);
        CHECK(h.tokens.remaining == 2000);
        CHECK(h.tokens.reset == in.reset);
    }
    SECTION("only one token dimension is limited") {
        LimitPool pool(pool_config(50, std::nullopt, 8000), seconds(60));
        const auto h = pool.headers(0);
        CHECK_FALSE(h[Dimension::input_tokens].present);
        CHECK(h.tokens.present);
        CHECK(h.tokens.limit == 8000);
    }
}

TEST_CASE("headers never show a negative remaining", "[bucket]") {
    LimitPool pool(pool_config(std::nullopt, std::nullopt, 6000), seconds(60));
    REQUIRE(pool.try_admit(cost(0, 20000, 20000), 0).admitted);
    pool.begin_output(20000, 5, 0);
    pool.end_output(20000, 5, seconds(5));
    const auto h = pool.headers(seconds(5));
    CHECK(h[Dimension::output_tokens].remaining == 0);
    // The level is 6000 + 500 - 20000 = -13500: full again after 195 s.
    CHECK(h[Dimension::output_tokens].reset == Approx(seconds(200)).epsilon(0).margin(2));
}

}  // namespace test_bucket
