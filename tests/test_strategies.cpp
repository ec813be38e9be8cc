// Strategy parts, built through the registry as a scenario builds them: the
// backoff formulas and their distributions, retry-after handling, retry
// limits and statuses, header-proactive pacing, max-in-flight, presets.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/strategy/registry.hpp"
#include "support/strategy_parts.hpp"

namespace test_strategies {

using namespace ratesim::models;
using namespace strategy_test;
using ratesim::engine::kNever;
using ratesim::engine::RandomStream;
using ratesim::engine::seconds;
using ratesim::engine::millis;
using ratesim::engine::Time;

// ---------------------------------------------------------------- backoff formulas

TEST_CASE("immediate retries at once and fixed after its constant delay", "[strategy]") {
    auto immediate = make_retry("immediate");
    auto fixed = make_retry("fixed", {{"delay", 2.5}});
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    for (int n : {0, 1, 5, 50}) {
        const RetryDecision a = immediate->after_failure(failure(429), retry_number(n, 3.0), rng);
        CHECK(a.retry);
        CHECK(a.delay_s == 0.0);
        const RetryDecision b = fixed->after_failure(failure(429), retry_number(n, 3.0), rng);
        CHECK(b.retry);
        CHECK(b.delay_s == 2.5);
    }
}

TEST_CASE("exponential backoff is exactly min(cap, base * 2^n)", "[strategy]") {
    auto policy = make_retry("exponential", {{"base", 0.5}, {"cap", 10.0}});
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    const double expected[] = {0.5, 1, 2, 4, 8, 10, 10, 10};
    for (int n = 0; n < 8; ++n) {
        const RetryDecision d = policy->after_failure(failure(429), retry_number(n), rng);
        CHECK(d.retry);
        CHECK(d.delay_s == expected[n]);
    }
    // Huge n: still the cap, not inf or NaN.
    CHECK(policy->after_failure(failure(429), retry_number(5000), rng).delay_s == 10.0);

    // Defaults: base 1 s, cap 60 s.
    auto defaults = make_retry("exponential");
    CHECK(defaults->after_failure(failure(429), retry_number(0), rng).delay_s == 1.0);
    CHECK(defaults->after_failure(failure(429), retry_number(5), rng).delay_s == 32.0);
    CHECK(defaults->after_failure(failure(429), retry_number(6), rng).delay_s == 60.0);
}

TEST_CASE("full-jitter delays are uniform between 0 and min(cap, base * 2^n)", "[strategy]") {
    auto policy = make_retry("full-jitter", {{"base", 1.0}, {"cap", 60.0}});
    SECTION("n = 3: e = 8, mean 4") { check_uniform(delays(*policy, failure(429), retry_number(3)), 0, 8); }
    SECTION("n = 0: e = base") { check_uniform(delays(*policy, failure(429), retry_number(0)), 0, 1); }
    SECTION("n = 10: e = cap") { check_uniform(delays(*policy, failure(529), retry_number(10)), 0, 60); }
    SECTION("the test has power: the n = 3 delays are not U(0, 6)") {
        CHECK(ks_uniform(delays(*policy, failure(429), retry_number(3)), 0, 6) > ks_critical(kDraws));
    }
}

TEST_CASE("equal-jitter delays are uniform between e/2 and e", "[strategy]") {
    auto policy = make_retry("equal-jitter", {{"base", 1.0}, {"cap", 60.0}});
    const auto d3 = delays(*policy, failure(429), retry_number(3));
    check_uniform(d3, 4, 8);
    CHECK(mean_of(d3) == Approx(0.75 * 8).epsilon(0).margin(five_se_uniform(4, 8, d3.size())));
    check_uniform(delays(*policy, failure(429), retry_number(20)), 30, 60);
}

TEST_CASE("decorrelated-jitter delays lie between base and min(cap, 3 * previous)", "[strategy]") {
    auto policy = make_retry("decorrelated-jitter", {{"base", 1.0}, {"cap", 20.0}});
    SECTION("before the first retry the previous delay is base") {
        // previous_delay_s is ignored for n = 0.
        check_uniform(delays(*policy, failure(429), retry_number(0, 100.0)), 1, 3);
    }
    SECTION("below the cap: U(base, 3 * previous)") {
        check_uniform(delays(*policy, failure(429), retry_number(2, 5.0)), 1, 15);
    }
    SECTION("above the cap: clamped, with P(cap) = (3 prev - cap) / (3 prev - base)") {
        const auto xs = delays(*policy, failure(429), retry_number(4, 10.0));
        CHECK(*std::min_element(xs.begin(), xs.end()) >= 1.0);
        CHECK(*std::max_element(xs.begin(), xs.end()) <= 20.0);
        const double at_cap = static_cast<double>(std::count(xs.begin(), xs.end(), 20.0)) / kDraws;
        const double p = 10.0 / 29.0;
        // Power: 5 standard errors of the share of 4000 are 0.038, so a
        // P(cap) off by 11% of itself fails.
        CHECK(std::abs(at_cap - p) < 5 * std::sqrt(p * (1 - p) / kDraws));
    }
    SECTION("a chain of retries feeding each delay back stays within the bounds") {
        RandomStream rng = random_stream(5, 0, 0, Purpose::jitter);
        bool ok = true;
        for (int item = 0; item < 200; ++item) {
            double previous = 0;
            for (int n = 0; n < 12; ++n) {
                const double d = policy->after_failure(failure(429), retry_number(n, previous), rng).delay_s;
                const double hi = std::min(20.0, 3 * (n == 0 ? 1.0 : previous));
                ok = ok && d >= 1.0 && d <= hi;
                previous = d;
            }
        }
        CHECK(ok);
    }
}

// ---------------------------------------------------------------- the SDK rule

TEST_CASE("the SDK rule without a header: min(0.5 * 2^n, 8) * (1 - 0.25 U)", "[strategy]") {
    auto policy = make_retry("sdk", {{"max_retries", kInf}});
    for (int n = 0; n <= 6; ++n) {
        const double x = std::min(0.5 * std::pow(2.0, n), 8.0);
        INFO("n = " << n << ", x = " << x);
        const auto xs = delays(*policy, failure(429), retry_number(n), kDraws, static_cast<std::uint64_t>(n));
        CHECK(*std::min_element(xs.begin(), xs.end()) >= 0.75 * x);
        CHECK(*std::max_element(xs.begin(), xs.end()) <= x);
        CHECK(std::abs(mean_of(xs) - 0.875 * x) < five_se_uniform(0.75 * x, x, xs.size()));
        CHECK(ks_uniform(xs, 0.75 * x, x) < ks_critical(xs.size()));
    }
}

TEST_CASE("the SDK rule honors a retry-after up to 60 s and ignores a longer one", "[strategy]") {
    auto policy = make_retry("sdk");
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    auto delay_for = [&](Time header) {
        const RetryDecision d = policy->after_failure(failure(429, header), retry_number(0), rng);
        REQUIRE(d.retry);
        return d.delay_s;
    };
    CHECK(delay_for(seconds(30)) == 30.0);
    CHECK(delay_for(seconds(60)) == 60.0);
    CHECK(delay_for(millis(500)) == 0.5);
    const double too_long = delay_for(seconds(61));  // falls back to the formula at n = 0
    CHECK(too_long >= 0.375);
    CHECK(too_long <= 0.5);
    const double zero = delay_for(0);  // not in (0, 60]
    CHECK(zero >= 0.375);
    CHECK(zero <= 0.5);

    auto jittered = make_retry("sdk", {{"retry_after_jitter", 0.1}});
    check_uniform(delays(*jittered, failure(429, seconds(30)), retry_number(0)), 30, 33);

    auto uncapped = make_retry("sdk", {{"retry_after_cap", kInf}});  // retry_after_cap: none
    CHECK(uncapped->after_failure(failure(429, seconds(61)), retry_number(0), rng).delay_s == 61.0);
    CHECK(uncapped->after_failure(failure(429, seconds(3600)), retry_number(1), rng).delay_s == 3600.0);
}

TEST_CASE("sdk-ts honors a retry-after up to 2^31-1 ms as the TypeScript SDK 1.15.0 does, and backs off past it",
          "[strategy]") {
    const StrategyPreset* preset = find_strategy_preset("sdk-ts");
    REQUIRE(preset != nullptr);
    REQUIRE(preset->retry.kind == "sdk");
    auto policy = make_retry("sdk", preset->retry.overrides);
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    auto delay_for = [&](Time header, int retries_done) {
        const RetryDecision d = policy->after_failure(failure(429, header), retry_number(retries_done), rng);
        REQUIRE(d.retry);
        return d.delay_s;
    };
    CHECK(delay_for(seconds(3600), 0) == 3600.0);
    CHECK(delay_for(millis(2147483647), 0) == 2147483.647);  // 2^31 - 1 ms: the largest honored
    // A spend cap's 28 days is past one timer's range: the SDK's own backoff at n = 1, 0.75-1 s.
    const double past = delay_for(seconds(28 * 86400), 1);
    CHECK(past >= 0.75);
    CHECK(past <= 1.0);
    const double just_past = delay_for(millis(2147483648), 0);
    CHECK(just_past >= 0.375);
    CHECK(just_past <= 0.5);
    // ... and it still gives up after its two retries.
    CHECK_FALSE(policy->after_failure(failure(429, seconds(28 * 86400)), retry_number(2), rng).retry);
}

TEST_CASE("the SDK rule retries twice, on 408, 409, 429, 5xx and timeouts", "[strategy]") {
    auto policy = make_retry("sdk");
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    CHECK(policy->after_failure(failure(429), retry_number(0), rng).retry);
    CHECK(policy->after_failure(failure(429), retry_number(1), rng).retry);
    CHECK_FALSE(policy->after_failure(failure(429), retry_number(2), rng).retry);
    for (int s : {408, 409, 429, 500, 502, 503, 529, 599, status::client_timeout}) {
        INFO("status " << s);
        CHECK(policy->after_failure(failure(s), retry_number(0), rng).retry);
    }
    for (int s : {400, 401, 403, 404, 413, 422}) {
        INFO("status " << s);
        CHECK_FALSE(policy->after_failure(failure(s), retry_number(0), rng).retry);
    }
}

// ---------------------------------------------------------------- retry-after, limits, statuses

TEST_CASE("retry_after ignore, honor and at-least combine the header with the backoff", "[strategy]") {
    // Exponential with base 1 s: the backoff before retry n = 3 is 8 s.
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    auto decide = [&](RetryPolicy& p, const Response& r) {
        const RetryDecision d = p.after_failure(r, retry_number(3), rng);
        REQUIRE(d.retry);
        return d.delay_s;
    };
    SECTION("ignore (the default)") {
        auto p = make_retry("exponential");
        CHECK(decide(*p, failure(429, seconds(20))) == 8.0);
        CHECK(decide(*p, failure(429, seconds(2))) == 8.0);
    }
    SECTION("honor: wait exactly the header") {
        auto p = make_retry("exponential", {{"retry_after", std::string("honor")}});
        CHECK(decide(*p, failure(429, seconds(20))) == 20.0);
        CHECK(decide(*p, failure(429, seconds(2))) == 2.0);
        CHECK(decide(*p, failure(429)) == 8.0);  // no header: the backoff
        CHECK(decide(*p, failure(529)) == 8.0);
    }
    SECTION("at-least: the larger of header and backoff") {
        auto p = make_retry("exponential", {{"retry_after", std::string("at-least")}});
        CHECK(decide(*p, failure(429, seconds(20))) == 20.0);
        CHECK(decide(*p, failure(429, seconds(2))) == 8.0);
        CHECK(decide(*p, failure(429)) == 8.0);
    }
}

TEST_CASE("retry_after_jitter f makes a honored header ra into ra + U(0, f * ra)", "[strategy]") {
    auto honor = make_retry("exponential", {{"retry_after", std::string("honor")}, {"retry_after_jitter", 0.5}});
    check_uniform(delays(*honor, failure(429, seconds(10)), retry_number(3)), 10, 15);
    auto small = make_retry("exponential", {{"retry_after", std::string("honor")}, {"retry_after_jitter", 0.1}});
    check_uniform(delays(*small, failure(429, seconds(30)), retry_number(0)), 30, 33);
    // No header: no jitter is added to the backoff.
    const auto plain = delays(*honor, failure(529), retry_number(3), 100);
    CHECK(*std::min_element(plain.begin(), plain.end()) == 8.0);
    CHECK(*std::max_element(plain.begin(), plain.end()) == 8.0);
}

TEST_CASE("max_retries stops retrying and the default is unlimited", "[strategy]") {
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    for (const std::string kind : {"immediate", "exponential", "full-jitter", "equal-jitter", "decorrelated-jitter"}) {
        INFO(kind);
        auto three = make_retry(kind, {{"max_retries", 3.0}});
        CHECK(three->after_failure(failure(429), retry_number(0, 1), rng).retry);
        CHECK(three->after_failure(failure(429), retry_number(2, 1), rng).retry);
        CHECK_FALSE(three->after_failure(failure(429), retry_number(3, 1), rng).retry);
        CHECK_FALSE(three->after_failure(failure(429), retry_number(4, 1), rng).retry);
        auto zero = make_retry(kind, {{"max_retries", 0.0}});
        CHECK_FALSE(zero->after_failure(failure(429), retry_number(0), rng).retry);
        auto unlimited = make_retry(kind);
        CHECK(unlimited->after_failure(failure(429), retry_number(100000, 1), rng).retry);
    }
}

TEST_CASE("retry_on decides which statuses are retried", "[strategy]") {
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    SECTION("by default 429, 5xx and timeouts, not other 4xx") {
        auto p = make_retry("full-jitter");
        for (int s : {429, 500, 503, 529, status::client_timeout}) {
            INFO("status " << s);
            CHECK(p->after_failure(failure(s), retry_number(0), rng).retry);
        }
        for (int s : {400, 401, 404, 408, 413}) {
            INFO("status " << s);
            CHECK_FALSE(p->after_failure(failure(s), retry_number(0), rng).retry);
        }
    }
    SECTION("an explicit list excludes everything else") {
        StatusSet only_429;
        only_429.add(429);
        auto p = make_retry("exponential", {{"retry_on", only_429}});
        CHECK(p->after_failure(failure(429), retry_number(0), rng).retry);
        CHECK_FALSE(p->after_failure(failure(529), retry_number(0), rng).retry);
        CHECK_FALSE(p->after_failure(failure(500), retry_number(0), rng).retry);
        CHECK_FALSE(p->after_failure(failure(status::client_timeout), retry_number(0), rng).retry);
    }
}

TEST_CASE("the none retry kind never retries", "[strategy]") {
    auto p = make_retry("none");
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    for (int s : {429, 500, 529, 408, status::client_timeout}) {
        INFO("status " << s);
        CHECK_FALSE(p->after_failure(failure(s, seconds(1)), retry_number(0), rng).retry);
    }
}

// ---------------------------------------------------------------- pacing and budget

TEST_CASE("header-proactive pacing pauses until the reset of a dimension below threshold * limit",
          "[strategy]") {
    auto header = [](Dimension d, double limit, double remaining, Time reset) {
        Response r;
        r.status = status::ok;
        LimitHeader& h = r.headers[d];
        h.present = true;
        h.limit = limit;
        h.remaining = remaining;
        h.reset = reset;
        return r;
    };
    SECTION("requests below 10%: wait until their reset") {
        auto p = make_pacing("header-proactive");
        CHECK(ask(*p, seconds(10), false) == seconds(10));
        p->on_response(header(Dimension::requests, 50, 4, seconds(30)), seconds(10));
        CHECK(ask(*p, seconds(10), false) == seconds(30));
        CHECK(ask(*p, seconds(29), false) == seconds(30));
        CHECK(ask(*p, seconds(40), false) == seconds(40));
    }
    SECTION("at exactly 10% or above: no pause") {
        auto p = make_pacing("header-proactive");
        p->on_response(header(Dimension::requests, 50, 5, seconds(30)), seconds(10));
        p->on_response(header(Dimension::input_tokens, 40000, 20000, seconds(30)), seconds(10));
        CHECK(ask(*p, seconds(10), false) == seconds(10));
    }
    SECTION("a token dimension counts too") {
        auto p = make_pacing("header-proactive");
        p->on_response(header(Dimension::input_tokens, 40000, 3000, seconds(25)), seconds(10));
        CHECK(ask(*p, seconds(11), false) == seconds(25));
        auto q = make_pacing("header-proactive");
        q->on_response(header(Dimension::output_tokens, 8000, 0, seconds(70)), seconds(10));
        CHECK(ask(*q, seconds(11), false) == seconds(70));
    }
    SECTION("several low dimensions: wait until the last of their resets") {
        auto p = make_pacing("header-proactive");
        Response r = header(Dimension::requests, 50, 1, seconds(45));
        r.headers[Dimension::input_tokens] = LimitHeader{true, 40000, 0, seconds(20)};
        r.headers[Dimension::output_tokens] = LimitHeader{true, 8000, 8000, seconds(10)};
        p->on_response(r, seconds(10));
        CHECK(ask(*p, seconds(10), false) == seconds(45));
    }
    SECTION("absent headers do not pause") {
        auto p = make_pacing("header-proactive");
        p->on_response(Response{}, seconds(10));
        CHECK(ask(*p, seconds(10), false) == seconds(10));
    }
    SECTION("the threshold is a parameter") {
        auto p = make_pacing("header-proactive", {{"threshold", 0.5}});
        p->on_response(header(Dimension::requests, 50, 20, seconds(30)), seconds(10));
        CHECK(ask(*p, seconds(10), false) == seconds(30));
    }
}

TEST_CASE("no pacing always lets an attempt go now", "[strategy]") {
    auto p = make_pacing("none");
    Response r;
    r.headers[Dimension::requests] = LimitHeader{true, 50, 0, seconds(100)};
    p->on_response(r, seconds(1));
    CHECK(ask(*p, seconds(2), false) == seconds(2));
    CHECK(ask(*p, seconds(3), true) == seconds(3));
}

TEST_CASE("max-in-flight answers wait at the limit and go after an attempt ends", "[strategy]") {
    auto b = make_budget("max-in-flight", {{"limit", 2.0}});
    CHECK(start(*b, false, 0) == BudgetAnswer::go);
    CHECK(start(*b, true, 0) == BudgetAnswer::go);
    CHECK(start(*b, false, 0) == BudgetAnswer::wait);
    CHECK(start(*b, true, 0) == BudgetAnswer::wait);
    end(*b, failure(429), seconds(1));
    CHECK(start(*b, false, seconds(1)) == BudgetAnswer::go);
    CHECK(start(*b, false, seconds(1)) == BudgetAnswer::wait);
    end(*b, Response{}, seconds(2));
    end(*b, Response{}, seconds(2));
    CHECK(start(*b, false, seconds(2)) == BudgetAnswer::go);
    CHECK(start(*b, false, seconds(2)) == BudgetAnswer::go);
    CHECK(start(*b, false, seconds(2)) == BudgetAnswer::wait);

    auto defaults = make_budget("max-in-flight");  // limit 5
    for (int i = 0; i < 5; ++i) CHECK(start(*defaults, false, 0) == BudgetAnswer::go);
    CHECK(start(*defaults, false, 0) == BudgetAnswer::wait);

    auto none = make_budget("none");
    for (int i = 0; i < 100; ++i) REQUIRE(start(*none, false, 0) == BudgetAnswer::go);
}

// ---------------------------------------------------------------- registry

TEST_CASE("part kinds are unique per part and carry the maker of their part", "[strategy]") {
    std::set<std::pair<Part, std::string>> seen;
    for (const PartKind& k : part_kinds()) {
        INFO(part_name(k.part) << " " << k.name);
        CHECK(seen.insert({k.part, k.name}).second);
        CHECK_FALSE(k.summary.empty());
        CHECK((k.make_retry != nullptr) == (k.part == Part::retry));
        CHECK((k.make_pacing != nullptr) == (k.part == Part::pacing));
        CHECK((k.make_budget != nullptr) == (k.part == Part::budget));
        std::set<std::string> params;
        for (const ParamSpec& p : k.params) CHECK(params.insert(p.name).second);
        CHECK(find_kind(k.part, k.name) == &k);
    }
    const auto retry_kinds = kind_names(Part::retry);
    for (const char* name : {"none", "immediate", "fixed", "exponential", "full-jitter", "equal-jitter",
                             "decorrelated-jitter", "sdk"}) {
        INFO(name);
        CHECK(std::find(retry_kinds.begin(), retry_kinds.end(), name) != retry_kinds.end());
    }
    CHECK(find_kind(Part::pacing, "header-proactive") != nullptr);
    CHECK(find_kind(Part::budget, "max-in-flight") != nullptr);
    CHECK(find_kind(Part::retry, "header-proactive") == nullptr);  // a pacing kind, not a retry kind
    CHECK(find_kind(Part::retry, "no-such-kind") == nullptr);
}

TEST_CASE("every kind resolves with its defaults and builds", "[strategy]") {
    for (const PartKind& k : part_kinds()) {
        INFO(part_name(k.part) << " " << k.name);
        const PartConfig c = resolve_part(k.part, StrategyPresetPart{k.name, {}});
        CHECK(c.kind == k.name);
        for (const ParamSpec& p : k.params) CHECK(c.params.has(p.name));
        CHECK(c.params.values().size() == k.params.size());
        StrategyConfig s = config_with(StrategyPresetPart{});
        if (k.part == Part::retry) s.retry = c;
        if (k.part == Part::pacing) s.pacing = c;
        if (k.part == Part::budget) s.budget = c;
        const Strategy built = build_strategy(s);
        CHECK(built.retry);
        CHECK(built.pacing);
        CHECK(built.budget);
    }
}

TEST_CASE("unknown kinds and parameters are errors", "[strategy]") {
    CHECK_THROWS_AS(resolve_part(Part::retry, StrategyPresetPart{"no-such-kind", {}}), std::logic_error);
    CHECK_THROWS_AS(resolve_part(Part::retry, StrategyPresetPart{"exponential", {{"no_such_param", 1.0}}}),
                    std::logic_error);
    CHECK_THROWS_AS(resolve_part(Part::pacing, StrategyPresetPart{"exponential", {}}), std::logic_error);
    StrategyConfig bad = config_with(StrategyPresetPart{});
    bad.retry.kind = "no-such-kind";
    CHECK_THROWS_AS(build_strategy(bad), std::logic_error);
}

TEST_CASE("every preset resolves and builds, and the specified presets exist", "[strategy]") {
    std::set<std::string> names;
    for (const StrategyPreset& p : strategy_presets()) {
        INFO(p.name);
        CHECK(names.insert(p.name).second);
        CHECK(find_strategy_preset(p.name) == &p);
        const StrategyConfig c = resolve_strategy_preset(p);
        CHECK(c.name == p.name);
        CHECK(c.strategy_preset == p.name);
        const Strategy s = build_strategy(c);
        CHECK(s.retry);
        CHECK(s.pacing);
        CHECK(s.budget);
        CHECK_FALSE(describe_strategy(c).empty());
    }
    for (const char* name : {"naive", "exponential", "full-jitter", "equal-jitter", "decorrelated-jitter",
                             "retry-after", "header-proactive", "sdk-default"}) {
        INFO(name);
        CHECK(find_strategy_preset(name) != nullptr);
    }
    CHECK(find_strategy_preset("no-such-preset") == nullptr);
}

TEST_CASE("presets mean what the specification says", "[strategy]") {
    RandomStream rng = random_stream(1, 0, 0, Purpose::jitter);
    auto build = [](const char* name) {
        const StrategyPreset* p = find_strategy_preset(name);
        REQUIRE(p != nullptr);
        return build_strategy(resolve_strategy_preset(*p));
    };
    SECTION("naive: immediate retry, forever") {
        Strategy s = build("naive");
        const RetryDecision d = s.retry->after_failure(failure(429, seconds(5)), retry_number(1000), rng);
        CHECK(d.retry);
        CHECK(d.delay_s == 0.0);
    }
    SECTION("exponential: no jitter, base 1 s, cap 60 s") {
        Strategy s = build("exponential");
        CHECK(s.retry->after_failure(failure(429), retry_number(0), rng).delay_s == 1.0);
        CHECK(s.retry->after_failure(failure(429), retry_number(3), rng).delay_s == 8.0);
        CHECK(s.retry->after_failure(failure(429), retry_number(9), rng).delay_s == 60.0);
    }
    SECTION("retry-after: honors the header, exponential without it") {
        Strategy s = build("retry-after");
        CHECK(s.retry->after_failure(failure(429, seconds(7)), retry_number(3), rng).delay_s == 7.0);
        CHECK(s.retry->after_failure(failure(529), retry_number(3), rng).delay_s == 8.0);
    }
    SECTION("header-proactive: 10% threshold pacing and honored retry-after") {
        Strategy s = build("header-proactive");
        CHECK(s.retry->after_failure(failure(429, seconds(7)), retry_number(3), rng).delay_s == 7.0);
        Response r;
        r.headers[Dimension::requests] = LimitHeader{true, 100, 9, seconds(50)};
        s.pacing->on_response(r, seconds(1));
        CHECK(ask(*s.pacing, seconds(1), false) == seconds(50));
    }
    SECTION("sdk-default: two retries") {
        Strategy s = build("sdk-default");
        CHECK(s.retry->after_failure(failure(429), retry_number(1), rng).retry);
        CHECK_FALSE(s.retry->after_failure(failure(429), retry_number(2), rng).retry);
    }
}

}  // namespace test_strategies
