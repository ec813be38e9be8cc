#pragma once
// An arrival rate that may vary with time: the intensity of a
// non-homogeneous Poisson process. Times are seconds from the group's start.
//   constant  r(t) = rate
//   steps     r(t) = the rate of the last step at or before t (0 before the first)
//   spike     base, except `spike` on [at, at + for)
//   diurnal   r(t) = mean * (1 + amplitude * cos(2π (t - peak_at) / period))
// Arrivals are drawn by inversion: with E ~ Exp(1), the next arrival after t
// is the time s at which the integral of r over [t, s] reaches E.
#include <vector>

namespace ratesim::models {

class RateProfile {
public:
    enum class Kind { constant, steps, spike, diurnal };
    struct Step {
        double at = 0;    // s
        double rate = 0;  // 1/s
    };

    static RateProfile constant(double rate);
    // `steps` sorted by `at`, strictly increasing.
    static RateProfile steps(std::vector<Step> steps);
    static RateProfile spike(double base, double spike, double at, double length);
    static RateProfile diurnal(double mean, double amplitude, double period, double peak_at);

    Kind kind() const { return kind_; }
    bool is_constant() const { return kind_ == Kind::constant; }

    double rate_at(double t) const;
    // The expected number of arrivals in [t0, t1], t0 <= t1.
    double integral(double t0, double t1) const;
    // The time s >= t at which integral(t, s) == mass; +infinity when the
    // rate stays 0 for ever after t.
    double time_after(double t, double mass) const;

    // What the profile was built from, for the resolved scenario.
    const std::vector<Step>& step_list() const { return steps_; }  // steps and spike (as steps)
    double base() const { return base_; }          // constant: the rate; spike: base
    double spike_rate() const { return spike_; }   // spike
    double spike_at() const { return at_; }        // spike
    double spike_length() const { return length_; }
    double mean() const { return base_; }          // diurnal
    double amplitude() const { return amplitude_; }
    double period() const { return period_; }
    double peak_at() const { return at_; }

private:
    double steps_integral(double t0, double t1) const;
    double steps_time_after(double t, double mass) const;
    double diurnal_cumulative(double t) const;  // ∫_0^t r

    Kind kind_ = Kind::constant;
    std::vector<Step> steps_;
    double base_ = 1.0;
    double spike_ = 0;
    double at_ = 0;
    double length_ = 0;
    double amplitude_ = 0;
    double period_ = 86400;
};

}  // namespace ratesim::models
