#pragma once
// What a run will cost, estimated from the scenario before it starts, so a
// scenario that would take very long or fill memory says so up front.
// Memory is otherwise flat in simulated time (outputs stream), except for
// two things the scenario sets: the workers, and the items of an open-loop
// workload waiting for a worker when the workers fall behind; the memory
// budget (sim/run/memory_budget.hpp) checks and caps those. The warnings also
// cover the size of timeseries.csv, random incidents too frequent to draw
// quickly, and client timeouts no response can meet.
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace ratesim::run {

struct RunEstimate {
    double runs = 0;              // variants x replications
    double arrivals_per_run = 0;  // expected open-loop arrivals (each is one event at least)
    double incidents_per_run = 0; // expected random incident onsets (each is one draw at least)
    double timeseries_bytes = 0;  // timeseries.csv, about
    double workers = 0;           // all groups
    double worker_bytes = 0;      // their state, for one run at a time
    double worst_queue_bytes = 0; // if no arrival were ever served
    double min_seconds = 0;       // a lower bound on the computing time
};

RunEstimate estimate_run(const scenario::ScenarioConfig& scenario);

// One sentence per concern, empty when the run is modest.
std::vector<std::string> run_warnings(const scenario::ScenarioConfig& scenario);

}  // namespace ratesim::run
