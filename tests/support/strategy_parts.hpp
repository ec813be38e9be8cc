#pragma once
// Helpers for tests of strategy parts: build a part through the registry as
// a scenario would, ask it questions, and check samples against a formula.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "models/strategy/registry.hpp"
#include "models/stream_purposes.hpp"

namespace strategy_test {

using namespace ratesim::models;
using ratesim::engine::kNever;
using ratesim::engine::RandomStream;
using ratesim::engine::Time;

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr int kDraws = 4000;

inline StrategyConfig config_with(StrategyPresetPart retry_part, StrategyPresetPart pacing_part = {}, StrategyPresetPart budget_part = {}) {
    StrategyConfig c;
    c.name = "test";
    c.retry = resolve_part(Part::retry, retry_part);
    c.pacing = resolve_part(Part::pacing, pacing_part);
    c.budget = resolve_part(Part::budget, budget_part);
    return c;
}

inline std::unique_ptr<RetryPolicy> make_retry(const std::string& kind, std::vector<StrategyPresetOverride> overrides = {}) {
    REQUIRE(find_kind(Part::retry, kind) != nullptr);
    Strategy s = build_strategy(config_with(StrategyPresetPart{kind, std::move(overrides)}));
    REQUIRE(s.retry);
    return std::move(s.retry);
}

inline std::unique_ptr<Pacing> make_pacing(const std::string& kind, std::vector<StrategyPresetOverride> overrides = {}) {
    REQUIRE(find_kind(Part::pacing, kind) != nullptr);
    Strategy s = build_strategy(config_with(StrategyPresetPart{}, StrategyPresetPart{kind, std::move(overrides)}));
    REQUIRE(s.pacing);
    return std::move(s.pacing);
}

inline std::unique_ptr<Budget> make_budget(const std::string& kind, std::vector<StrategyPresetOverride> overrides = {}) {
    REQUIRE(find_kind(Part::budget, kind) != nullptr);
    Strategy s = build_strategy(config_with(StrategyPresetPart{}, StrategyPresetPart{}, StrategyPresetPart{kind, std::move(overrides)}));
    REQUIRE(s.budget);
    return std::move(s.budget);
}

inline Response failure(int status_code, Time retry_after = kNever) {
    Response r;
    r.status = status_code;
    r.retry_after = retry_after;
    return r;
}

inline RetryContext retry_number(int n, double previous_delay_s = 0) {
    RetryContext c;
    c.retries_done = n;
    c.previous_delay_s = previous_delay_s;
    return c;
}

// Delays of `count` independent decisions for the same response and context.
inline std::vector<double> delays(RetryPolicy& policy, const Response& response, const RetryContext& context,
                           int count = kDraws, std::uint64_t entity = 0) {
    RandomStream rng = random_stream(2024, 0, entity, Purpose::jitter);
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(count));
    int refused = 0;
    for (int i = 0; i < count; ++i) {
        const RetryDecision d = policy.after_failure(response, context, rng);
        refused += !d.retry;
        out.push_back(d.delay_s);
    }
    REQUIRE(refused == 0);
    return out;
}

// Asks a pacing whether an attempt may start at `now`.
inline Time ask(Pacing& pacing, Time now, bool is_retry = false, double input_tokens = 0, double max_tokens = 0) {
    static RandomStream rng = random_stream(7, 0, 0, Purpose::jitter);
    return pacing.earliest_send(SendIntent{now, is_retry, input_tokens, max_tokens}, rng);
}

inline BudgetTicket scratch_ticket;  // for budgets that keep nothing per item

inline BudgetAnswer start(Budget& budget, bool is_retry, Time now, BudgetTicket& ticket = scratch_ticket) {
    return budget.try_start(is_retry, now, ticket);
}

inline void end(Budget& budget, const Response& response, Time now, BudgetTicket& ticket = scratch_ticket) {
    budget.on_end(response, now, ticket);
}

inline double mean_of(const std::vector<double>& xs) {
    double s = 0;
    for (double x : xs) s += x;
    return s / static_cast<double>(xs.size());
}

// One-sample Kolmogorov-Smirnov statistic against U(lo, hi).
inline double ks_uniform(std::vector<double> xs, double lo, double hi) {
    std::sort(xs.begin(), xs.end());
    const double n = static_cast<double>(xs.size());
    double d = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const double f = std::clamp((xs[i] - lo) / (hi - lo), 0.0, 1.0);
        d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
    }
    return d;
}

// Critical D_n at significance 1e-4 (asymptotic Kolmogorov distribution).
inline double ks_critical(std::size_t n) { return std::sqrt(-0.5 * std::log(1e-4 / 2)) / std::sqrt(double(n)); }

// 5 standard errors of the mean of n draws from U(lo, hi).
inline double five_se_uniform(double lo, double hi, std::size_t n) {
    return 5 * (hi - lo) / std::sqrt(12.0 * static_cast<double>(n));
}

// The share of U(lo, hi)'s range within which the smallest and the largest
// of n draws must come to its ends: (1 - 0.005)^4000 = 2e-9 is the chance
// that a true uniform's extreme misses it, while a range shrunk or shifted
// by 0.5% or more always does. The mean and KS checks below have less
// power: with 4000 draws neither sees a range shrunk by 3%.
inline constexpr double kReachedEnd = 0.005;

inline void check_uniform(const std::vector<double>& xs, double lo, double hi) {
    INFO("expected U(" << lo << ", " << hi << ")");
    const double smallest = *std::min_element(xs.begin(), xs.end());
    const double largest = *std::max_element(xs.begin(), xs.end());
    CHECK(smallest >= lo);
    CHECK(largest <= hi);
    REQUIRE(xs.size() >= static_cast<std::size_t>(kDraws));  // the power stated above
    CHECK(smallest < lo + kReachedEnd * (hi - lo));
    CHECK(largest > hi - kReachedEnd * (hi - lo));
    CHECK(std::abs(mean_of(xs) - (lo + hi) / 2) < five_se_uniform(lo, hi, xs.size()));
    CHECK(ks_uniform(xs, lo, hi) < ks_critical(xs.size()));
}


}  // namespace strategy_test
