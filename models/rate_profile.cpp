#include "models/rate_profile.hpp"
#include "sim/engine/portable_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

namespace ratesim::models {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}

RateProfile RateProfile::constant(double rate) {
    RateProfile p;
    p.kind_ = Kind::constant;
    p.base_ = rate;
    return p;
}

RateProfile RateProfile::steps(std::vector<Step> steps) {
    RateProfile p;
    p.kind_ = Kind::steps;
    p.steps_ = std::move(steps);
    return p;
}

RateProfile RateProfile::spike(double base, double spike, double at, double length) {
    RateProfile p;
    p.kind_ = Kind::spike;
    p.base_ = base;
    p.spike_ = spike;
    p.at_ = at;
    p.length_ = length;
    p.steps_ = {{0, base}};
    if (at > 0)
        p.steps_.push_back({at, spike});
    else
        p.steps_.front().rate = spike;
    p.steps_.push_back({at + length, base});
    return p;
}

RateProfile RateProfile::diurnal(double mean, double amplitude, double period, double peak_at) {
    RateProfile p;
    p.kind_ = Kind::diurnal;
    p.base_ = mean;
    p.amplitude_ = amplitude;
    p.period_ = period;
    p.at_ = peak_at;
    return p;
}

double RateProfile::rate_at(double t) const {
    switch (kind_) {
        case Kind::constant: return base_;
        case Kind::diurnal:
            return base_ * (1 + amplitude_ * engine::portable::cos(2 * std::numbers::pi * (t - at_) / period_));
        case Kind::steps:
        case Kind::spike: break;
    }
    double r = 0;
    for (const Step& s : steps_) {
        if (s.at > t) break;
        r = s.rate;
    }
    return r;
}

double RateProfile::integral(double t0, double t1) const {
    switch (kind_) {
        case Kind::constant: return base_ * (t1 - t0);
        case Kind::diurnal: return diurnal_cumulative(t1) - diurnal_cumulative(t0);
        case Kind::steps:
        case Kind::spike: break;
    }
    return steps_integral(t0, t1);
}

double RateProfile::time_after(double t, double mass) const {
    if (mass <= 0) return t;
    switch (kind_) {
        case Kind::constant: return t + mass / base_;
        case Kind::steps:
        case Kind::spike: return steps_time_after(t, mass);
        case Kind::diurnal: break;
    }
    // F(s) = ∫_t^s r is increasing with F' = r >= 0. Over one period it grows
    // by mean * period, and r >= 0, so F(t + mass/mean + period) >= mass
    // (the cosine's part is at most mean * amplitude * period / π in size).
    double lo = t;
    double hi = t + mass / base_ + period_;
    const double start = diurnal_cumulative(t);
    double s = t + mass / base_;  // the constant-rate guess
    // F is computed as a difference of two cumulatives near `start`, so it
    // is good to a few ulp of |start| + mass: stop there.
    const double tolerance = 1e-14 * (std::abs(start) + mass + 1);
    for (int i = 0; i < 200; ++i) {
        const double f = diurnal_cumulative(s) - start - mass;
        if (std::abs(f) <= tolerance) break;
        if (f > 0)
            hi = s;
        else
            lo = s;
        const double r = rate_at(s);
        double next = r > 0 ? s - f / r : 0.5 * (lo + hi);  // Newton, kept in the bracket
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (next == s) break;
        s = next;
    }
    return s;
}

double RateProfile::diurnal_cumulative(double t) const {
    const double w = 2 * std::numbers::pi / period_;
    return base_ * (t + amplitude_ / w * (engine::portable::sin(w * (t - at_)) - engine::portable::sin(-w * at_)));
}

double RateProfile::steps_integral(double t0, double t1) const {
    double total = 0;
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const double begin = std::max(t0, steps_[i].at);
        const double end = std::min(t1, i + 1 < steps_.size() ? steps_[i + 1].at : kInfinity);
        if (end > begin) total += steps_[i].rate * (end - begin);
    }
    return total;
}

double RateProfile::steps_time_after(double t, double mass) const {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const double end = i + 1 < steps_.size() ? steps_[i + 1].at : kInfinity;
        if (end <= t) continue;
        const double begin = std::max(t, steps_[i].at);
        const double r = steps_[i].rate;
        if (r > 0) {
            if (end == kInfinity || r * (end - begin) >= mass) return begin + mass / r;
            mass -= r * (end - begin);
        }
    }
    return kInfinity;
}

}  // namespace ratesim::models
