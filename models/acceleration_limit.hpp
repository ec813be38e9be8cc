#pragma once
// The acceleration limit, as an assumed model (the real thresholds are
// unpublished; docs/model.md states the assumption): in each fixed window a
// pool admits at most max(floor, growth x what it admitted in the window
// before). An attempt over that gets a 429 until the window ends.
#include <cstdint>

#include "models/config.hpp"

namespace ratesim::models {

class AccelerationLimit {
public:
    explicit AccelerationLimit(const AccelerationConfig& config) : config_(config) {}

    // 0 if an attempt may be admitted now, else how long until the next window.
    engine::Time wait(engine::Time now);
    void admitted() { ++this_window_; }

private:
    void advance(engine::Time now);

    AccelerationConfig config_;
    std::int64_t window_ = 0;
    double this_window_ = 0, previous_window_ = 0;
};

}  // namespace ratesim::models
