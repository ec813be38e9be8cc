#pragma once
// A distribution of one quantity (tokens, seconds, tokens per second), as a
// scenario describes it. Samples are drawn from a caller's stream.
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/random.hpp"

namespace ratesim::models {

class Distribution {
public:
    enum class Kind { constant, uniform, normal, lognormal, exponential, empirical };

    Distribution() = default;  // constant 0
    static Distribution constant(double value);
    static Distribution uniform(double min, double max);
    static Distribution normal(double mean, double sd);  // truncated at 0
    static Distribution lognormal(double mu, double sigma);
    static Distribution lognormal_from_median_p95(double median, double p95);
    static Distribution exponential(double mean);
    static Distribution empirical(std::vector<double> values, std::string source);

    double sample(engine::RandomStream& rng) const;
    // Takes the same draws from `rng` as sample() without computing the
    // value (cheaper for lognormal and exponential).
    void skip(engine::RandomStream& rng) const;

    Kind kind() const { return kind_; }
    double min() const;  // smallest value it can produce
    double max() const;  // largest value it can produce (may be +inf)
    double mean() const;
    // Parameters as (name, value) pairs, for reports and the resolved scenario.
    std::vector<std::pair<std::string, double>> parameters() const;
    const std::string& source() const { return source_; }  // empirical only
    std::string describe() const;                          // e.g. "uniform(100, 900)"
    static const char* kind_name(Kind kind);

private:
    Kind kind_ = Kind::constant;
    double a_ = 0;  // constant value | min | mean | mu
    double b_ = 0;  // max | sd | sigma
    std::shared_ptr<const std::vector<double>> values_;
    std::string source_;
};

}  // namespace ratesim::models
