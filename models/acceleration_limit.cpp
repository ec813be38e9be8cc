#include "models/acceleration_limit.hpp"

#include <algorithm>

namespace ratesim::models {

void AccelerationLimit::advance(engine::Time now) {
    const std::int64_t window = now / config_.window;
    if (window == window_) return;
    previous_window_ = window == window_ + 1 ? this_window_ : 0.0;
    this_window_ = 0;
    window_ = window;
}

engine::Time AccelerationLimit::wait(engine::Time now) {
    if (!config_.enabled) return 0;
    advance(now);
    const double allowance = std::max(config_.floor, config_.growth * previous_window_);
    if (this_window_ < allowance) return 0;
    return (window_ + 1) * config_.window - now;
}

}  // namespace ratesim::models
