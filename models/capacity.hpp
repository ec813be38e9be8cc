#pragma once
// Platform capacity: the incidents during which attempts may get 529,
// whatever the organization's usage. Scheduled incidents come from the
// scenario; random ones start as a Poisson process, drawn lazily so memory
// does not grow with simulated time. Queries must come in time order.
#include <vector>

#include "models/config.hpp"
#include "sim/random.hpp"

namespace ratesim::models {

struct IncidentWindow {
    sim::Time start = 0;
    sim::Time end = 0;
    double overload = 0;
};

class Capacity {
public:
    Capacity(const CapacityConfig& config, sim::RandomStream incidents_rng);

    // Probability that an attempt sent at `now` is answered 529 (the largest
    // of the active incidents'); 0 outside incidents.
    double overload_at(sim::Time now);
    const CapacityConfig& config() const { return config_; }

private:
    void draw_random_until(sim::Time now);

    CapacityConfig config_;
    sim::RandomStream rng_;
    std::size_t next_scheduled_ = 0;
    std::vector<IncidentWindow> active_;
    sim::Time next_random_onset_ = sim::kNever;
};

}  // namespace ratesim::models
