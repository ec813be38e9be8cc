#pragma once
// Quantiles of durations in constant memory: a log-linear histogram with
// 512 sub-buckets per power of two, so a quantile is within 0.2% of the
// exact order statistic. Durations under 1.024 ms are kept exactly.
#include <cstdint>
#include <vector>

#include "sim/engine/time.hpp"

namespace ratesim::run {

// The fractions of successes at which latency_cdf.csv gives the latency:
// 0.01 to 0.99 by 0.01, then 0.995, 0.999 and 1 (the maximum).
const std::vector<double>& latency_cdf_fractions();

class LatencyHistogram {
public:
    void add(engine::Time value);
    std::uint64_t count() const { return count_; }
    engine::Time max() const { return max_; }
    // Nearest-rank quantile (q in (0, 1]); 0 when empty.
    engine::Time quantile(double q) const;

private:
    static std::size_t bucket_of(engine::Time value);
    static engine::Time bucket_mid(std::size_t bucket);

    std::vector<std::uint64_t> counts_;
    std::uint64_t count_ = 0;
    engine::Time max_ = 0;
};

}  // namespace ratesim::run
