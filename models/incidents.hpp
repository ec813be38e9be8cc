#pragma once
// Platform incidents: the windows during which attempts may get 529,
// whatever the organization's usage. Scheduled incidents come from the
// scenario; random ones start as a Poisson process, drawn lazily so memory
// does not grow with simulated time. Queries must come in time order.
#include <vector>

#include "models/config.hpp"
#include "sim/engine/random.hpp"

namespace ratesim::models {

struct IncidentWindow {
    engine::Time start = 0;
    engine::Time end = 0;
    double overload = 0;
};

class Incidents {
public:
    Incidents(const IncidentsConfig& config, engine::RandomStream incidents_rng);

    // Probability that an attempt sent at `now` is answered 529 (the largest
    // of the active incidents'); 0 outside incidents.
    double overload_at(engine::Time now);

private:
    void draw_random_until(engine::Time now);

    IncidentsConfig config_;
    engine::RandomStream rng_;
    std::size_t next_scheduled_ = 0;
    std::vector<IncidentWindow> active_;
    engine::Time next_random_onset_ = engine::kNever;
};

}  // namespace ratesim::models
