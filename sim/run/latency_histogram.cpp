#include "sim/run/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ratesim::run {

namespace {
constexpr int kSubBits = 9;  // 512 sub-buckets per octave
constexpr std::uint64_t kExact = 1u << (kSubBits + 1);
}  // namespace

std::size_t LatencyHistogram::bucket_of(engine::Time value) {
    const auto v = static_cast<std::uint64_t>(std::max<engine::Time>(value, 0));
    if (v < kExact) return v;
    const int exponent = std::bit_width(v) - 1;  // >= kSubBits + 1
    const std::uint64_t sub = (v >> (exponent - kSubBits)) & ((1u << kSubBits) - 1);
    return kExact + static_cast<std::size_t>(exponent - kSubBits - 1) * (1u << kSubBits) + sub;
}

engine::Time LatencyHistogram::bucket_mid(std::size_t bucket) {
    if (bucket < kExact) return static_cast<engine::Time>(bucket);
    const std::size_t rest = bucket - kExact;
    const int exponent = static_cast<int>(rest >> kSubBits) + kSubBits + 1;
    const std::uint64_t sub = rest & ((1u << kSubBits) - 1);
    const int shift = exponent - kSubBits;
    const std::uint64_t low = ((std::uint64_t{1} << kSubBits) | sub) << shift;
    return static_cast<engine::Time>(low + (std::uint64_t{1} << shift) / 2);
}

const std::vector<double>& latency_cdf_fractions() {
    static const std::vector<double> fractions = [] {
        std::vector<double> f;
        for (int i = 1; i <= 99; ++i) f.push_back(i / 100.0);
        for (double q : {0.995, 0.999, 1.0}) f.push_back(q);
        return f;
    }();
    return fractions;
}

void LatencyHistogram::add(engine::Time value) {
    const std::size_t b = bucket_of(value);
    if (b >= counts_.size()) counts_.resize(b + 1, 0);
    ++counts_[b];
    ++count_;
    max_ = std::max(max_, value);
}

engine::Time LatencyHistogram::quantile(double q) const {
    if (count_ == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(
        std::max(1.0, std::ceil(q * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < counts_.size(); ++b) {
        seen += counts_[b];
        if (seen >= rank) return std::min(bucket_mid(b), max_);
    }
    return max_;
}

}  // namespace ratesim::run
