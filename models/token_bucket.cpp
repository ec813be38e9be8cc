#include "models/token_bucket.hpp"

#include <algorithm>

namespace ratesim::models {

TokenBucket::TokenBucket(double limit_per_minute, engine::Time burst)
    : limit_(limit_per_minute),
      capacity_(limit_per_minute * engine::to_seconds(burst) / 60.0),
      rate_(limit_per_minute / 60.0),
      level_(capacity_) {}

TokenBucket::TokenBucket(double limit, engine::Time period, engine::Time burst)
    : limit_(limit),
      capacity_(limit * engine::to_seconds(burst) / engine::to_seconds(period)),
      rate_(limit / engine::to_seconds(period)),
      level_(capacity_) {}

void TokenBucket::advance(engine::Time now) {
    if (now <= updated_) return;
    const double dt = engine::to_seconds(now - updated_);
    updated_ = now;
    // The net rate is constant between events, so clamping once is exact.
    level_ = std::min(capacity_, level_ + (rate_ - drain_rate_) * dt);
    if (active_drains_ > 0) drain_pending_ = std::max(0.0, drain_pending_ - drain_rate_ * dt);
}

void TokenBucket::give_back(double amount) { level_ = std::min(capacity_, level_ + amount); }

void TokenBucket::promise(double tokens) {
    if (tokens <= 0) return;
    ++active_drains_;
    drain_pending_ += tokens;
}

void TokenBucket::start_promised_drain(double tokens, double seconds) {
    if (tokens <= 0) return;
    if (seconds <= 0) {  // all at once
        level_ -= tokens;
        drain_pending_ = std::max(0.0, drain_pending_ - tokens);
        return;
    }
    drain_rate_ += tokens / seconds;
}

void TokenBucket::start_drain(double tokens, double seconds) {
    promise(tokens);
    start_promised_drain(tokens, seconds);
}

void TokenBucket::end_drain(double tokens, double seconds) {
    if (tokens <= 0) return;
    if (--active_drains_ == 0) {
        // Reset instead of subtracting, so rounding never accumulates.
        drain_rate_ = 0;
        drain_pending_ = 0;
    } else if (seconds > 0) {
        drain_rate_ = std::max(0.0, drain_rate_ - tokens / seconds);
    }
}

double TokenBucket::seconds_until(double amount) const {
    const double committed = level_ - drain_pending_;
    if (committed >= amount) return 0.0;
    return (amount - committed) / rate_;
}

}  // namespace ratesim::models
