#include "models/limit_pool.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ratesim::models {

namespace {

engine::Time whole_seconds_at_least_one(double seconds) {
    const double s = std::max(1.0, std::ceil(seconds - 1e-9));
    return engine::from_seconds(s);
}

double round_to_thousand(double x) { return std::round(x / 1000.0) * 1000.0; }

}  // namespace

LimitPool::LimitPool(const PoolConfig& config, engine::Time burst) : config_(config) {
    // A request bucket holds at least one request, or no request could ever
    // be admitted: 50 RPM with a 1 s burst admits one every 1.2 s.
    if (config.rpm)
        bucket(Dimension::requests)
            .emplace(*config.rpm, std::max(burst, engine::from_seconds(60.0 / *config.rpm)));
    if (config.itpm) bucket(Dimension::input_tokens).emplace(*config.itpm, burst);
    if (config.otpm) bucket(Dimension::output_tokens).emplace(*config.otpm, burst);
    if (config.tpm) bucket(Dimension::tokens_per_minute).emplace(*config.tpm, burst);
    if (config.tpd)
        bucket(Dimension::tokens_per_day).emplace(*config.tpd, engine::seconds(86400), config.tpd_burst);
    for (const Dimension d : kAllDimensions) {
        if (!bucket(d)) continue;
        limited_[limited_count_++] = d;
        if (counts_output(d)) output_[output_count_++] = d;
    }
}

void LimitPool::advance(engine::Time now) {
    for (const Dimension d : limited()) bucket(d)->advance(now);
}

AdmissionDecision LimitPool::try_admit(const AttemptCost& cost, engine::Time now) {
    AdmissionDecision decision = check(cost, now);
    if (decision.admitted) charge(cost);
    return decision;
}

double LimitPool::need(Dimension d, const AttemptCost& cost) const {
    switch (d) {
        case Dimension::requests: return 1.0;
        case Dimension::input_tokens: return cost.input_tokens;
        case Dimension::output_tokens: return reserves_max_tokens() ? cost.max_tokens : 0.0;
        case Dimension::tokens_per_minute:
        case Dimension::tokens_per_day:  // input now; output as it streams, or max_tokens reserved
            return cost.input_tokens + (reserves_max_tokens() ? cost.max_tokens : 0.0);
    }
    return 0.0;
}

void LimitPool::charge(const AttemptCost& cost) {
    for (const Dimension d : limited()) bucket(d)->take(need(d, cost));
    if (reserves_max_tokens()) return;
    for (const Dimension d : output_limited()) bucket(d)->promise(cost.output_tokens);
}

AdmissionDecision LimitPool::check(const AttemptCost& cost, engine::Time now) {
    advance(now);
    AdmissionDecision decision;
    double longest_wait = -1;
    for (const Dimension d : limited()) {
        const auto& b = bucket(d);
        const double needed = need(d, cost);
        // Streamed output is drawn later: it only needs the bucket above zero.
        const bool drawn_later = d == Dimension::output_tokens && !reserves_max_tokens();
        const bool room = drawn_later ? b->level() > 0 : b->level() >= needed;
        if (room) continue;
        const bool hopeless = needed > b->capacity();
        const double wait =
            hopeless ? b->seconds_until_full() : b->seconds_until(drawn_later ? 1e-9 : needed);
        decision.never_admissible |= hopeless;
        if (wait > longest_wait) {
            longest_wait = wait;
            decision.exceeded = d;
        }
    }
    if (longest_wait >= 0) {
        decision.retry_after = whole_seconds_at_least_one(longest_wait);
        return decision;
    }
    decision.admitted = true;
    return decision;
}

void LimitPool::begin_output(double tokens, double seconds, engine::Time now) {
    for (const Dimension d : output_limited()) {
        auto& b = bucket(d);
        b->advance(now);
        b->start_promised_drain(tokens, seconds);
    }
}

void LimitPool::end_output(double tokens, double seconds, engine::Time now) {
    for (const Dimension d : output_limited()) {
        auto& b = bucket(d);
        b->advance(now);
        b->end_drain(tokens, seconds);
    }
}

void LimitPool::settle_reservation(const AttemptCost& cost, engine::Time now) {
    for (const Dimension d : output_limited()) {
        auto& b = bucket(d);
        b->advance(now);
        b->give_back(cost.max_tokens - cost.output_tokens);
    }
}

RateLimitHeaders LimitPool::headers(engine::Time now) {
    advance(now);
    RateLimitHeaders h;
    for (const Dimension d : limited()) {
        const auto& b = bucket(d);
        LimitHeader& out = h[d];
        out.present = true;
        out.limit = b->limit();
        const double remaining = std::max(0.0, b->level());
        out.remaining =
            d == Dimension::requests ? std::floor(remaining) : round_to_thousand(remaining);
        out.reset = engine::after_seconds(now, b->seconds_until_full());
    }
    h.combine_tokens();
    return h;
}

double LimitPool::fill_fraction(Dimension d, engine::Time now) {
    auto& b = bucket(d);
    if (!b) return std::numeric_limits<double>::quiet_NaN();
    b->advance(now);
    return b->level() / b->capacity();
}

}  // namespace ratesim::models
