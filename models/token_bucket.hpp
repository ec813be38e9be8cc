#pragma once
// A continuous token bucket: refills at limit/60 per second up to its
// capacity (limit * burst / 60 s) and starts full. A limit per another
// period (tokens per day) refills at limit/period and holds
// limit * burst / period. It can also be drained
// continuously, as streamed output tokens are, in which case the level may
// go below zero.
#include "sim/engine/time.hpp"

namespace ratesim::models {

class TokenBucket {
public:
    TokenBucket() = default;
    TokenBucket(double limit_per_minute, engine::Time burst);
    TokenBucket(double limit, engine::Time period, engine::Time burst);

    // Brings the level up to `now`; every other call assumes it was done.
    void advance(engine::Time now);

    double level() const { return level_; }
    double capacity() const { return capacity_; }
    double limit() const { return limit_; }  // per its period (a minute unless given)
    double refill_per_second() const { return rate_; }

    void take(double amount) { level_ -= amount; }
    void give_back(double amount);

    // Tokens that will be drained later (admitted output not yet streaming):
    // waits computed from now on already count them.
    void promise(double tokens);
    // Continuous draining of promised `tokens` over `seconds`, from now on.
    void start_promised_drain(double tokens, double seconds);
    // promise() and start_promised_drain() at once.
    void start_drain(double tokens, double seconds);
    void end_drain(double tokens, double seconds);

    // Seconds until the level, less what active drains will still take,
    // reaches `amount` with no further takes (0 if it is there already).
    double seconds_until(double amount) const;
    // Seconds until the bucket is full again, in the same sense.
    double seconds_until_full() const { return seconds_until(capacity_); }

private:
    double limit_ = 0;
    double capacity_ = 0;
    double rate_ = 0;
    double level_ = 0;
    double drain_rate_ = 0;     // tokens/s currently being drained
    double drain_pending_ = 0;  // tokens the active drains will still take
    int active_drains_ = 0;     // promised or draining
    engine::Time updated_ = 0;
};

}  // namespace ratesim::models
