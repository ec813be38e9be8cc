#pragma once
// A sum over a sliding time window, kept in fixed slices: what Finagle's
// WindowedAdder (10 slices of ttl/10) and Apache Beam's MovingSum (1 s
// buckets over 2 minutes) do. Whole slices expire together, so the window
// covers between (slices - 1) and slices slice widths. No allocation after
// construction.
#include <algorithm>
#include <cstddef>
#include <vector>

#include "sim/engine/time.hpp"

namespace ratesim::models {

class WindowedSum {
public:
    WindowedSum(engine::Time window, int slices)
        : slices_(static_cast<std::size_t>(std::max(slices, 1)), 0.0),
          width_(std::max<engine::Time>(window / std::max(slices, 1), 1)) {}

    void add(engine::Time now, double x) {
        advance(now);
        slices_[current_] += x;
    }
    double sum(engine::Time now) {
        advance(now);
        double s = 0;
        for (double x : slices_) s += x;
        return s;
    }

private:
    void advance(engine::Time now) {
        const engine::Time span = width_ * static_cast<engine::Time>(slices_.size());
        if (now >= current_start_ + span) {
            std::fill(slices_.begin(), slices_.end(), 0.0);
            current_start_ = now / width_ * width_;
            current_ = 0;
            return;
        }
        while (now >= current_start_ + width_) {
            current_start_ += width_;
            current_ = (current_ + 1) % slices_.size();
            slices_[current_] = 0;
        }
    }

    std::vector<double> slices_;
    engine::Time width_;
    engine::Time current_start_ = 0;
    std::size_t current_ = 0;
};

}  // namespace ratesim::models
