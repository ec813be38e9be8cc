#pragma once
// A semaphore around another budget: `max_in_flight: N` next to a budget of
// another kind (say aws-quota) caps the attempts in flight and leaves the
// budget's own rule as it is.
#include <memory>

#include "models/strategy/strategy.hpp"

namespace ratesim::models {

std::unique_ptr<Budget> with_in_flight_cap(std::unique_ptr<Budget> inner, double limit);

}  // namespace ratesim::models
