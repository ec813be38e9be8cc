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
}

void LimitPool::advance(engine::Time now) {
    for (auto& b : buckets_)
        if (b) b->advance(now);
}

AdmissionDecision LimitPool::try_admit(const AttemptCost& cost, engine::Time now) {
    AdmissionDecision decision = check(cost, now);
    if (decision.admitted) charge(cost);
    return decision;
}

void LimitPool::charge(const AttemptCost& cost) {
    const bool reserve = config_.output_accounting == OutputAccounting::reserve_max_tokens;
    const double need[kDimensions] = {1.0, cost.input_tokens, reserve ? cost.max_tokens : 0.0};
    for (int i = 0; i < kDimensions; ++i)
        if (buckets_[i]) buckets_[i]->take(need[i]);
    auto& output = bucket(Dimension::output_tokens);
    if (!reserve && output) output->promise(cost.output_tokens);
}

AdmissionDecision LimitPool::check(const AttemptCost& cost, engine::Time now) {
    advance(now);
    const bool reserve = config_.output_accounting == OutputAccounting::reserve_max_tokens;
    // What each dimension needs to hold for admission (charge() takes it).
    const double need[kDimensions] = {1.0, cost.input_tokens,
                                      reserve ? cost.max_tokens : 0.0};
    AdmissionDecision decision;
    double longest_wait = -1;
    for (int i = 0; i < kDimensions; ++i) {
        const auto& b = buckets_[i];
        if (!b) continue;
        // Streamed output only needs the bucket above zero.
        const bool room = (i == 2 && !reserve) ? b->level() > 0 : b->level() >= need[i];
        if (room) continue;
        const bool hopeless = need[i] > b->capacity();
        const double wait = hopeless ? b->seconds_until_full()
                                     : b->seconds_until(i == 2 && !reserve ? 1e-9 : need[i]);
        decision.never_admissible |= hopeless;
        if (wait > longest_wait) {
            longest_wait = wait;
            decision.exceeded = static_cast<Dimension>(i);
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
    auto& b = bucket(Dimension::output_tokens);
    if (!b) return;
    b->advance(now);
    b->start_promised_drain(tokens, seconds);
}

void LimitPool::end_output(double tokens, double seconds, engine::Time now) {
    auto& b = bucket(Dimension::output_tokens);
    if (!b) return;
    b->advance(now);
    b->end_drain(tokens, seconds);
}

void LimitPool::settle_reservation(const AttemptCost& cost, engine::Time now) {
    auto& b = bucket(Dimension::output_tokens);
    if (!b) return;
    b->advance(now);
    b->give_back(cost.max_tokens - cost.output_tokens);
}

RateLimitHeaders LimitPool::headers(engine::Time now) {
    advance(now);
    RateLimitHeaders h;
    for (int i = 0; i < kDimensions; ++i) {
        const auto& b = buckets_[i];
        if (!b) continue;
        LimitHeader& out = h.dimension[i];
        out.present = true;
        out.limit = b->limit();
        const double remaining = std::max(0.0, b->level());
        out.remaining = i == 0 ? std::floor(remaining) : round_to_thousand(remaining);
        out.reset = engine::after_seconds(now, b->seconds_until_full());
    }
    // tokens-*: the token dimension with the smallest share remaining.
    const LimitHeader& in = h[Dimension::input_tokens];
    const LimitHeader& out = h[Dimension::output_tokens];
    if (in.present && out.present)
        h.tokens = (in.remaining / in.limit <= out.remaining / out.limit) ? in : out;
    else if (in.present)
        h.tokens = in;
    else if (out.present)
        h.tokens = out;
    return h;
}

double LimitPool::fill_fraction(Dimension d, engine::Time now) {
    auto& b = bucket(d);
    if (!b) return std::numeric_limits<double>::quiet_NaN();
    b->advance(now);
    return b->level() / b->capacity();
}

}  // namespace ratesim::models
