#pragma once
// Platform incidents: the windows during which attempts may get 529,
// whatever the organization's usage, and admitted streams may break off
// mid-way (overloaded_error after the 200). Scheduled incidents come from
// the scenario; random ones start as a Poisson process, drawn lazily so
// memory does not grow with simulated time. Queries must come in time order.
#include <algorithm>
#include <cmath>
#include <vector>

#include "models/config.hpp"
#include "sim/engine/random.hpp"

namespace ratesim::models {

struct IncidentWindow {
    engine::Time start = 0;
    engine::Time end = 0;
    double overload = 0;
    MidstreamConfig midstream;
    int scheduled_index = -1;  // its entry of IncidentsConfig::scheduled; -1: a random one
    double slowdown = 1;
};

// Where a stream generating over [start, end] breaks under a midstream rule
// with this `after`: that share of the way through its generation.
inline engine::Time midstream_break(engine::Time start, engine::Time end, double after) {
    return start + static_cast<engine::Time>(std::llround(after * static_cast<double>(end - start)));
}

class Incidents {
public:
    Incidents(const IncidentsConfig& config, engine::RandomStream incidents_rng);

    // Probability that an attempt sent at `now` is answered 529 (the largest
    // of the active incidents'); 0 outside incidents.
    double overload_at(engine::Time now);

    // The factor on the service times of attempts admitted at `now` (the
    // largest of the active incidents' slowdown, 1 outside incidents), as of
    // the last overload_at, which must have been called at `now`.
    double slowdown_at(engine::Time now) const {
        double f = 1;
        for (const auto& w : active_)
            if (w.start <= now) f = std::max(f, w.slowdown);
        return f;
    }

    // The midstream rule a stream generating over [start, end] meets: of the
    // incidents whose window holds the stream's break point under their own
    // rule, the one that breaks the largest share; fraction 0 if none.
    // `start` must not be before the last overload_at's time.
    MidstreamConfig midstream_for(engine::Time start, engine::Time end);

    // Calls f(rules) with the error rules of each incident active at `now`
    // (the time of the last overload_at), in the order they started.
    template <class F>
    void for_each_active_errors(engine::Time now, F&& f) const {
        for (const auto& w : active_)
            if (w.start <= now && w.scheduled_index >= 0)
                f(config_.scheduled[static_cast<std::size_t>(w.scheduled_index)].errors);
    }

private:
    void draw_random_until(engine::Time now);

    IncidentsConfig config_;
    engine::RandomStream rng_;
    std::size_t next_scheduled_ = 0;
    std::vector<IncidentWindow> active_;
    engine::Time next_random_onset_ = engine::kNever;
};

}  // namespace ratesim::models
