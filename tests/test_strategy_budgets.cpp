// Budget kinds against their sources: AIMD (Netflix), Finagle's retry
// budget, the SRE book's retry ratio, gRPC retry throttling, the AWS retry
// quota; retries are refused exactly when the budget says so. Also
// max_in_flight stacked on a budget of another kind.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "models/strategy/registry.hpp"
#include "support/strategy_parts.hpp"

namespace test_strategy_budgets {

using namespace ratesim::models;
using namespace strategy_test;
using ratesim::engine::millis;
using ratesim::engine::seconds;

// ---------------------------------------------------------------- budgets

TEST_CASE("aimd cuts the limit by 0.9 on a drop and adds one when half of it was in use", "[strategy]") {
    auto b = make_budget("aimd", {{"initial", 4.0}, {"min", 1.0}, {"max", 6.0}});
    BudgetTicket t[8];
    for (int i = 0; i < 4; ++i) REQUIRE(start(*b, false, 0, t[i]) == BudgetAnswer::go);
    CHECK(start(*b, false, 0, t[4]) == BudgetAnswer::wait);  // limit 4
    end(*b, Response{}, seconds(1), t[0]);                  // started with 1 in flight: 2 < 4, no change
    CHECK(start(*b, false, seconds(1), t[0]) == BudgetAnswer::go);
    CHECK(start(*b, false, seconds(1), t[4]) == BudgetAnswer::wait);
    end(*b, Response{}, seconds(2), t[3]);  // started with 4 in flight: limit 5
    CHECK(start(*b, false, seconds(2), t[3]) == BudgetAnswer::go);
    CHECK(start(*b, false, seconds(2), t[4]) == BudgetAnswer::go);  // 5 in flight
    CHECK(start(*b, false, seconds(2), t[5]) == BudgetAnswer::wait);
    end(*b, failure(429), seconds(3), t[1]);  // floor(5 * 0.9) = 4
    CHECK(start(*b, false, seconds(3), t[5]) == BudgetAnswer::wait);  // 4 in flight, limit 4
    end(*b, failure(529), seconds(4), t[2]);   // floor(4 * 0.9) = 3
    end(*b, failure(status::client_timeout), seconds(4), t[3]);  // floor(3 * 0.9) = 2
    end(*b, failure(429), seconds(4), t[4]);   // floor(2 * 0.9) = 1
    end(*b, failure(429), seconds(4), t[0]);   // floor(0.9) = 0, clamped to min 1
    CHECK(start(*b, false, seconds(5), t[0]) == BudgetAnswer::go);
    CHECK(start(*b, false, seconds(5), t[1]) == BudgetAnswer::wait);
    // One attempt at a time raises the limit only while 1 * 2 >= limit: to 3.
    for (int i = 0; i < 10; ++i) {
        end(*b, Response{}, seconds(6), t[0]);
        REQUIRE(start(*b, false, seconds(6), t[0]) == BudgetAnswer::go);
    }
    int open = 1;
    while (start(*b, false, seconds(6), t[7]) == BudgetAnswer::go) ++open;
    CHECK(open == 3);

    // At max, a success with the limit in use leaves it at max.
    auto full = make_budget("aimd", {{"initial", 6.0}, {"max", 6.0}});
    BudgetTicket u[7];
    for (int i = 0; i < 6; ++i) REQUIRE(start(*full, false, 0, u[i]) == BudgetAnswer::go);
    CHECK(u[5].in_flight_at_start == 6);
    end(*full, Response{}, seconds(1), u[5]);  // 6 * 2 >= 6, but 7 > max
    CHECK(start(*full, false, seconds(1), u[5]) == BudgetAnswer::go);
    CHECK(start(*full, false, seconds(1), u[6]) == BudgetAnswer::wait);
}

TEST_CASE("Finagle's retry budget refuses the retry after its reserve and deposits are spent", "[strategy]") {
    // Reserve: 10 retries/s * 10 s = 100 retries; each request adds 0.2 of a retry.
    auto b = make_budget("retry-budget");
    int allowed = 0;
    while (b->allow_retry(failure(429), 0, scratch_ticket) && allowed < 1000) ++allowed;
    CHECK(allowed == 100);
    for (int i = 0; i < 50; ++i) REQUIRE(start(*b, false, seconds(1)) == BudgetAnswer::go);  // +10 retries
    for (int i = 0; i < 20; ++i) REQUIRE(start(*b, true, seconds(1)) == BudgetAnswer::go);   // retries deposit nothing
    allowed = 0;
    while (b->allow_retry(failure(429), seconds(1), scratch_ticket) && allowed < 1000) ++allowed;
    CHECK(allowed == 10);
    // Ten seconds on, the withdrawals of t = 0 have expired but not those of t = 1 s.
    allowed = 0;
    while (b->allow_retry(failure(429), seconds(10) + millis(500), scratch_ticket) && allowed < 1000) ++allowed;
    CHECK(allowed == 100 - 10 + 10);  // the 50 deposits (10 retries) and the 10 withdrawals of t = 1 s remain
    // Once everything has expired, the reserve alone is back.
    allowed = 0;
    while (b->allow_retry(failure(429), seconds(40), scratch_ticket) && allowed < 1000) ++allowed;
    CHECK(allowed == 100);
}

TEST_CASE("the SRE retry budget allows a retry only while retries are under 10% of attempts", "[strategy]") {
    auto b = make_budget("retry-ratio");
    CHECK(b->allow_retry(failure(429), 0, scratch_ticket));  // nothing sent yet
    for (int i = 0; i < 20; ++i) REQUIRE(start(*b, false, seconds(1)) == BudgetAnswer::go);
    CHECK(b->allow_retry(failure(429), seconds(1), scratch_ticket));  // 0 of 20
    REQUIRE(start(*b, true, seconds(1)) == BudgetAnswer::go);
    CHECK(b->allow_retry(failure(429), seconds(1), scratch_ticket));  // 1 of 21 < 2.1
    REQUIRE(start(*b, true, seconds(1)) == BudgetAnswer::go);
    CHECK(b->allow_retry(failure(429), seconds(1), scratch_ticket));  // 2 of 22 < 2.2
    REQUIRE(start(*b, true, seconds(1)) == BudgetAnswer::go);
    CHECK_FALSE(b->allow_retry(failure(429), seconds(1), scratch_ticket));  // 3 of 23 >= 2.3
    for (int i = 0; i < 7; ++i) REQUIRE(start(*b, false, seconds(2)) == BudgetAnswer::go);
    CHECK_FALSE(b->allow_retry(failure(429), seconds(2), scratch_ticket));  // 3 of 30: not below 3
    REQUIRE(start(*b, false, seconds(2)) == BudgetAnswer::go);
    CHECK(b->allow_retry(failure(429), seconds(2), scratch_ticket));  // 3 of 31 < 3.1
    // Two minutes on, only the attempts of the last window count.
    REQUIRE(start(*b, true, seconds(200)) == BudgetAnswer::go);
    CHECK_FALSE(b->allow_retry(failure(429), seconds(200), scratch_ticket));  // 1 of 1
}

TEST_CASE("the circuit breaker opens when over half of the last 10 s of attempts failed and then refuses "
          "every retry for its open time",
          "[strategy]") {
    auto b = make_budget("circuit-breaker", {{"min_attempts", 4.0}});  // open_time 5 s, one probe
    const Response ok;
    BudgetTicket item;
    for (int i = 0; i < 3; ++i) end(*b, failure(429), seconds(1));
    CHECK(b->allow_retry(failure(429), seconds(1), item));  // 3 ended: under min_attempts
    end(*b, failure(529), seconds(1));
    CHECK_FALSE(b->allow_retry(failure(429), seconds(1), item));  // 4 of 4 failed: open
    CHECK(start(*b, false, seconds(1)) == BudgetAnswer::go);      // first attempts still go
    // Open means open for 5 s, whatever ends meanwhile.
    for (int i = 0; i < 20; ++i) end(*b, ok, seconds(2));
    CHECK_FALSE(b->allow_retry(failure(429), millis(5999), item));
    CHECK(item.probe_of == 0);

    // A failure rate equal to the threshold keeps it closed; one more failure opens it.
    auto strict = make_budget("circuit-breaker", {{"threshold", 0.25}, {"min_attempts", 1.0}});
    for (int i = 0; i < 3; ++i) end(*strict, ok, seconds(1));
    end(*strict, failure(429), seconds(1));
    CHECK(strict->allow_retry(failure(429), seconds(1), item));  // 1 of 4 = 0.25
    end(*strict, failure(status::client_timeout), seconds(1));    // a timeout is a failure
    CHECK_FALSE(strict->allow_retry(failure(429), seconds(1), item));  // 2 of 5 > 1.25

    // Only the last window counts: failures 10 s old no longer open it.
    auto windowed = make_budget("circuit-breaker", {{"min_attempts", 4.0}});
    for (int i = 0; i < 3; ++i) end(*windowed, failure(429), seconds(1));
    end(*windowed, failure(429), seconds(12));  // 1 of 1 in the window: under min_attempts
    CHECK(windowed->allow_retry(failure(429), seconds(12), item));
}

TEST_CASE("the half-open circuit breaker lets its probes through and closes only when every probe succeeded",
          "[strategy]") {
    auto b = make_budget("circuit-breaker", {{"min_attempts", 4.0}, {"open_time", 5.0}, {"probes", 2.0}});
    const Response ok;
    BudgetTicket a, bb, c, d;
    for (int i = 0; i < 4; ++i) end(*b, failure(429), seconds(1));  // opens at 1 s
    CHECK_FALSE(b->allow_retry(failure(429), millis(5999), a));
    // At 6 s it is half-open: two retries go as probes, a third does not.
    CHECK(b->allow_retry(failure(429), seconds(6), a));
    CHECK(b->allow_retry(failure(429), seconds(6), bb));
    CHECK_FALSE(b->allow_retry(failure(429), seconds(6), c));
    // One probe succeeds: still half-open, no slot left.
    end(*b, ok, seconds(7), a);
    CHECK_FALSE(b->allow_retry(failure(429), seconds(7), c));
    // The other fails: open again from 8 s, for 5 s.
    end(*b, failure(429), seconds(8), bb);
    CHECK_FALSE(b->allow_retry(failure(429), millis(12999), c));
    CHECK(b->allow_retry(failure(429), seconds(13), c));
    CHECK(b->allow_retry(failure(429), seconds(13), d));
    end(*b, ok, seconds(14), c);
    end(*b, ok, seconds(14), d);
    // Closed, with its counts cleared: three new failures stay under min_attempts.
    for (int i = 0; i < 3; ++i) end(*b, failure(429), seconds(14));
    CHECK(b->allow_retry(failure(429), seconds(14), a));
    end(*b, failure(429), seconds(14));
    CHECK_FALSE(b->allow_retry(failure(429), seconds(14), a));  // 4 of 4: open
}

TEST_CASE("a probe from an earlier half-open spell does not count toward closing the breaker", "[strategy]") {
    auto b = make_budget("circuit-breaker", {{"min_attempts", 1.0}, {"open_time", 1.0}, {"probes", 2.0}});
    const Response ok;
    BudgetTicket first, second, third, fourth, other;
    end(*b, failure(429), 0);  // opens at 0
    REQUIRE(b->allow_retry(failure(429), seconds(1), first));
    REQUIRE(b->allow_retry(failure(429), seconds(1), second));
    end(*b, failure(429), seconds(2), first);  // opens again at 2 s
    REQUIRE(b->allow_retry(failure(429), seconds(3), third));  // the second spell's first probe
    end(*b, ok, seconds(3), second);           // the first spell's probe: not this spell's
    CHECK(second.probe_of == 0);
    REQUIRE(b->allow_retry(failure(429), seconds(3), fourth));  // so a second slot is still free
    end(*b, ok, seconds(4), third);
    CHECK_FALSE(b->allow_retry(failure(429), seconds(4), other));  // one of two probes back
    end(*b, ok, seconds(4), fourth);
    CHECK(b->allow_retry(failure(429), seconds(4), other));  // both: closed
}

TEST_CASE("gRPC throttling allows retries only while tokens exceed half of max_tokens", "[strategy]") {
    auto b = make_budget("grpc-throttle");  // 10 tokens, ratio 0.1
    for (int i = 0; i < 4; ++i) end(*b, failure(429), 0);  // 6 left
    CHECK(b->allow_retry(failure(429), 0, scratch_ticket));
    end(*b, failure(529), 0);  // 5: not above 5
    CHECK_FALSE(b->allow_retry(failure(429), 0, scratch_ticket));
    end(*b, failure(400), 0);  // not a failure that counts
    CHECK_FALSE(b->allow_retry(failure(429), 0, scratch_ticket));
    end(*b, Response{}, 0);  // 5.1
    CHECK(b->allow_retry(failure(429), 0, scratch_ticket));
    for (int i = 0; i < 50; ++i) end(*b, failure(status::client_timeout), 0);  // floor at 0
    for (int i = 0; i < 50; ++i) end(*b, Response{}, 0);  // 5.0 (up to rounding)
    CHECK_FALSE(b->allow_retry(failure(429), 0, scratch_ticket));
    for (int i = 0; i < 200; ++i) end(*b, Response{}, 0);  // capped at 10
    for (int i = 0; i < 4; ++i) end(*b, failure(429), 0);
    CHECK(b->allow_retry(failure(429), 0, scratch_ticket));  // 6
    end(*b, failure(429), 0);
    CHECK_FALSE(b->allow_retry(failure(429), 0, scratch_ticket));  // 5, not 10 + 25 - 5
}

TEST_CASE("the AWS retry quota pays 5 per retry and 10 after a timeout, and successes refund it",
          "[strategy]") {
    auto b = make_budget("aws-quota");
    std::vector<BudgetTicket> items(200);
    int allowed = 0;
    for (auto& item : items) allowed += b->allow_retry(failure(429), 0, item);
    CHECK(allowed == 100);  // 500 / 5
    // A success refunds its item's retry cost: one more retry, of either kind.
    end(*b, Response{}, 0, items[0]);
    BudgetTicket fresh;
    CHECK_FALSE(b->allow_retry(failure(status::client_timeout), 0, fresh));  // needs 10
    CHECK(b->allow_retry(failure(503), 0, fresh));
    CHECK(fresh.held == 5);
    CHECK_FALSE(b->allow_retry(failure(429), 0, fresh));
    // A first-try success returns 1; ten of them pay for a timeout retry.
    for (int i = 0; i < 10; ++i) end(*b, Response{}, 0, items[150]);  // items[150] never got a retry
    BudgetTicket timed_out;
    CHECK(b->allow_retry(failure(status::client_timeout), 0, timed_out));
    CHECK(timed_out.held == 10);
    CHECK_FALSE(b->allow_retry(failure(429), 0, timed_out));
    // Failures refund nothing.
    end(*b, failure(429), 0, items[1]);
    CHECK_FALSE(b->allow_retry(failure(429), 0, fresh));
    // Refunds stop at the capacity.
    auto full = make_budget("aws-quota");
    for (int i = 0; i < 100; ++i) end(*full, Response{}, 0, items[199]);
    int n = 0;
    while (full->allow_retry(failure(429), 0, fresh) && n < 1000) ++n;
    CHECK(n == 100);
}

// ---------------------------------------------------------------- max_in_flight beside a budget

TEST_CASE("max_in_flight beside another budget caps attempts and keeps that budget's rule", "[strategy]") {
    const StrategyPreset* aws = find_strategy_preset("aws-standard");
    REQUIRE(aws != nullptr);
    StrategyConfig c = resolve_strategy_preset(*aws);
    c.max_in_flight = 2;
    CHECK(in_flight_cap_of(c) == "max_in_flight");
    CHECK(describe_strategy(c).find("budget: aws-quota") != std::string::npos);
    CHECK(describe_strategy(c).find("max_in_flight: 2") != std::string::npos);
    Strategy s = build_strategy(c);
    BudgetTicket a, b, d;
    CHECK(start(*s.budget, false, 0, a) == BudgetAnswer::go);
    CHECK(start(*s.budget, false, 0, b) == BudgetAnswer::go);
    CHECK(start(*s.budget, false, 0, d) == BudgetAnswer::wait);
    end(*s.budget, failure(429), seconds(1), a);
    CHECK(start(*s.budget, true, seconds(1), d) == BudgetAnswer::go);
    // The quota still decides retries: 100 of 5 each.
    int allowed = 0;
    BudgetTicket t;
    while (s.budget->allow_retry(failure(429), seconds(1), t) && allowed < 1000) ++allowed;
    CHECK(allowed == 100);
    // A success returns 1 to the quota through the cap: one retry short of 5, none yet.
    end(*s.budget, Response{}, seconds(2), b);
    CHECK_FALSE(s.budget->allow_retry(failure(429), seconds(2), t));
    CHECK(in_flight_cap_of(resolve_strategy_preset(*find_strategy_preset("aimd"))) == "budget kind 'aimd'");
    CHECK(in_flight_cap_of(resolve_strategy_preset(*find_strategy_preset("full-jitter"))).empty());
}

}  // namespace test_strategy_budgets
