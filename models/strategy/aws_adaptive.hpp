#pragma once
// The AWS SDK's adaptive retry mode, ported from botocore
// (retries/adaptive.py, bucket.py, throttling.py, ratelimit.py): a CUBIC
// rate calculator, a smoothed measure of the client's response rate, and a
// token bucket that every send must draw from once the first throttle has
// been seen. Times are seconds since the instance was built.
#include <algorithm>
#include <cmath>

#include "sim/engine/portable_math.hpp"

namespace ratesim::models::aws {

// throttling.py CubicCalculator: C = 0.4, beta = 0.7.
class CubicCalculator {
public:
    static constexpr double kScale = 0.4;  // C
    static constexpr double kBeta = 0.7;

    CubicCalculator(double starting_max_rate, double start_time)
        : w_max_(starting_max_rate), k_(zero_point()), last_fail_(start_time) {}

    // rate = C * (t - t_fail - K)^3 + W_max
    double success_received(double now) const {
        const double dt = now - last_fail_ - k_;
        return kScale * dt * dt * dt + w_max_;
    }
    // W_max = rate used, K recomputed, t_fail = now; the new rate is beta * it.
    double error_received(double current_rate, double now) {
        w_max_ = current_rate;
        k_ = zero_point();
        last_fail_ = now;
        return current_rate * kBeta;
    }
    double w_max() const { return w_max_; }
    double k() const { return k_; }

private:
    double zero_point() const { return engine::portable::cbrt(w_max_ * (1 - kBeta) / kScale); }
    double w_max_, k_, last_fail_;
};

// ratelimit.py RateClocker: responses counted in 0.5 s buckets, smoothed
// as measured = 0.8 * rate_now + 0.2 * measured.
class RateClocker {
public:
    static constexpr double kSmoothing = 0.8;
    static constexpr double kBucketScale = 2;  // 1 / 0.5 s

    explicit RateClocker(double start_time) : last_bucket_(std::floor(start_time)) {}

    double record(double now) {
        const double bucket = std::floor(now * kBucketScale) / kBucketScale;
        count_ += 1;
        if (bucket > last_bucket_) {
            const double current = count_ / (bucket - last_bucket_);
            measured_ = current * kSmoothing + measured_ * (1 - kSmoothing);
            count_ = 0;
            last_bucket_ = bucket;
        }
        return measured_;
    }
    double measured() const { return measured_; }

private:
    double measured_ = 0;
    double last_bucket_;
    double count_ = 0;
};

// bucket.py TokenBucket: fill rate max(rate, 0.5), capacity max(rate, 1),
// starting empty.
class TokenBucket {
public:
    static constexpr double kMinRate = 0.5;

    TokenBucket(double max_rate, double now) {
        last_ = now;
        set_max_rate(max_rate, now);
    }

    void set_max_rate(double rate, double now) {
        refill(now);
        fill_rate_ = std::max(rate, kMinRate);
        capacity_ = rate >= 1 ? rate : 1;
        level_ = std::min(level_, capacity_);
    }
    double max_rate() const { return fill_rate_; }
    double capacity() const { return capacity_; }
    double level(double now) {
        refill(now);
        return level_;
    }
    // Seconds until one token is there (0: now).
    double wait_for_token(double now) {
        refill(now);
        return level_ >= 1 - 1e-9 ? 0 : (1 - level_) / fill_rate_;
    }
    void take(double now) {
        refill(now);
        level_ -= 1;
    }

private:
    void refill(double now) {
        if (now > last_) level_ = std::min(capacity_, level_ + (now - last_) * fill_rate_);
        last_ = std::max(last_, now);
    }
    double fill_rate_ = kMinRate, capacity_ = 1, level_ = 0, last_ = 0;
};

// adaptive.py ClientRateLimiter.
class ClientRateLimiter {
public:
    static constexpr double kMaxRateAdjustScale = 2.0;

    ClientRateLimiter() : cubic_(0.5, 0), clocker_(0), bucket_(1, 0) {}

    bool enabled() const { return enabled_; }
    // Seconds a send must wait for the bucket (0 while not enabled).
    double wait_before_send(double now) { return enabled_ ? bucket_.wait_for_token(now) : 0; }
    void on_send(double now) {
        if (enabled_) bucket_.take(now);
    }
    void on_response(bool throttled, double now) {
        const double measured = clocker_.record(now);
        double rate;
        if (!throttled) {
            rate = cubic_.success_received(now);
        } else {
            const double used = enabled_ ? std::min(measured, bucket_.max_rate()) : measured;
            rate = cubic_.error_received(used, now);
            enabled_ = true;
        }
        bucket_.set_max_rate(std::min(rate, kMaxRateAdjustScale * measured), now);
    }
    double send_rate() const { return bucket_.max_rate(); }
    const CubicCalculator& cubic() const { return cubic_; }
    double measured_rate() const { return clocker_.measured(); }

private:
    CubicCalculator cubic_;
    RateClocker clocker_;
    TokenBucket bucket_;
    bool enabled_ = false;
};

}  // namespace ratesim::models::aws
