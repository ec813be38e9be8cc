#include "models/distribution.hpp"
#include "sim/engine/portable_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

namespace ratesim::models {

namespace {
constexpr double kZ95 = 1.6448536269514722;  // standard normal 95th percentile
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

Distribution Distribution::constant(double value) {
    Distribution d;
    d.a_ = value;
    return d;
}

Distribution Distribution::uniform(double min, double max) {
    Distribution d;
    d.kind_ = Kind::uniform;
    d.a_ = min;
    d.b_ = max;
    return d;
}

Distribution Distribution::normal(double mean, double sd) {
    Distribution d;
    d.kind_ = Kind::normal;
    d.a_ = mean;
    d.b_ = sd;
    return d;
}

Distribution Distribution::lognormal(double mu, double sigma) {
    Distribution d;
    d.kind_ = Kind::lognormal;
    d.a_ = mu;
    d.b_ = sigma;
    return d;
}

Distribution Distribution::lognormal_from_median_p95(double median, double p95) {
    const double mu = engine::portable::log(median);
    return lognormal(mu, (engine::portable::log(p95) - mu) / kZ95);
}

Distribution Distribution::exponential(double mean) {
    Distribution d;
    d.kind_ = Kind::exponential;
    d.a_ = mean;
    return d;
}

Distribution Distribution::empirical(std::vector<double> values, std::string source) {
    Distribution d;
    d.kind_ = Kind::empirical;
    d.values_ = std::make_shared<const std::vector<double>>(std::move(values));
    d.source_ = std::move(source);
    return d;
}

double Distribution::sample(engine::RandomStream& rng) const {
    switch (kind_) {
        case Kind::constant: return a_;
        case Kind::uniform: return rng.uniform(a_, b_);
        case Kind::normal: {
            // Truncated at 0 by resampling, so no mass piles up at 0; a
            // mean far below 0 falls back to clamping.
            for (int i = 0; i < 64; ++i) {
                const double x = rng.normal(a_, b_);
                if (x >= 0) return x;
            }
            return 0.0;
        }
        case Kind::lognormal: return rng.lognormal(a_, b_);
        case Kind::exponential: return rng.exponential(a_);
        case Kind::empirical: return (*values_)[rng.below(values_->size())];
    }
    return a_;
}

void Distribution::skip(engine::RandomStream& rng) const {
    switch (kind_) {
        case Kind::lognormal: rng.skip_normal(); return;
        case Kind::exponential: rng.next_u64(); return;  // exponential() takes one uniform()
        default: sample(rng); return;
    }
}

double Distribution::min() const {
    switch (kind_) {
        case Kind::constant:
        case Kind::uniform: return a_;
        case Kind::empirical: return *std::min_element(values_->begin(), values_->end());
        default: return 0.0;
    }
}

double Distribution::max() const {
    switch (kind_) {
        case Kind::constant: return a_;
        case Kind::uniform: return b_;
        case Kind::empirical: return *std::max_element(values_->begin(), values_->end());
        default: return kInf;
    }
}

double Distribution::mean() const {
    switch (kind_) {
        case Kind::constant: return a_;
        case Kind::uniform: return (a_ + b_) / 2;
        case Kind::normal: {
            if (b_ <= 0) return std::max(a_, 0.0);
            const double alpha = -a_ / b_;  // truncated below at 0
            const double pdf = engine::portable::exp(-alpha * alpha / 2) / std::sqrt(2 * M_PI);
            const double tail = 0.5 * engine::portable::erfc(alpha / std::sqrt(2.0));
            return a_ + b_ * pdf / tail;
        }
        case Kind::lognormal: return engine::portable::exp(a_ + b_ * b_ / 2);
        case Kind::exponential: return a_;
        case Kind::empirical:
            return std::accumulate(values_->begin(), values_->end(), 0.0) /
                   static_cast<double>(values_->size());
    }
    return a_;
}

std::vector<std::pair<std::string, double>> Distribution::parameters() const {
    switch (kind_) {
        case Kind::constant: return {{"value", a_}};
        case Kind::uniform: return {{"min", a_}, {"max", b_}};
        case Kind::normal: return {{"mean", a_}, {"sd", b_}};
        case Kind::lognormal: return {{"mu", a_}, {"sigma", b_}};
        case Kind::exponential: return {{"mean", a_}};
        case Kind::empirical: return {{"count", static_cast<double>(values_->size())}};
    }
    return {};
}

const char* Distribution::kind_name(Kind kind) {
    switch (kind) {
        case Kind::constant: return "constant";
        case Kind::uniform: return "uniform";
        case Kind::normal: return "normal";
        case Kind::lognormal: return "lognormal";
        case Kind::exponential: return "exponential";
        case Kind::empirical: return "empirical";
    }
    return "?";
}

std::string Distribution::describe() const {
    if (kind_ == Kind::constant) return fmt::format("{:g}", a_);
    if (kind_ == Kind::empirical)
        return fmt::format("empirical({} values from {})", values_->size(), source_);
    std::string out = fmt::format("{}(", kind_name(kind_));
    bool first = true;
    for (const auto& [name, value] : parameters()) {
        out += fmt::format("{}{} {:g}", first ? "" : ", ", name, value);
        first = false;
    }
    return out + ")";
}

}  // namespace ratesim::models
