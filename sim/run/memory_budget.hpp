#pragma once
// The memory budget of a run: how many bytes ratesim may use, and the check,
// before anything runs, that the scenario fits it. The estimate covers what
// grows with the scenario: the workers of every group, the runs' results
// (variants x replications, kept until written), each running run's binned
// series and the random incidents active at once. What the estimate cannot
// know in advance, the items of an open-loop workload waiting for a worker,
// is capped while running (waiting_item_cap). Past the budget the scenario is
// refused with exit 2, naming the key that drives the growth
// (docs/output-guarantees.md, "Memory budget").
#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario/input_error.hpp"
#include "sim/scenario/scenario.hpp"

namespace ratesim::run {

struct MemoryBudget {
    std::uint64_t bytes = 0;
    std::string source;  // "--max-memory 2G", "half of the machine's 23.4 GiB"
};

// The budget itself comes from the command line (sim/cli/memory_budget_option.hpp).

// One thing that grows with the scenario, and the key that drives it.
struct MemoryUse {
    double bytes = 0;
    std::string key;   // "clients[0].workers", "replications", "output.bin"
    std::string what;  // "2e+07 workers (500 bytes each)"
};

// Every part, largest first; `threads` runs are in memory at once.
std::vector<MemoryUse> estimate_memory(const scenario::ScenarioConfig& scenario, int threads);

// Thrown when the scenario asks for more than the budget: bad input, exit 2.
class MemoryBudgetError : public scenario::InputError {
public:
    using scenario::InputError::InputError;
};

// Throws MemoryBudgetError when the estimate exceeds the budget; the message
// names the largest part's key, the estimate and the budget.
void check_memory_budget(const scenario::ScenarioConfig& scenario, const MemoryBudget& budget, int threads);

// How many open-loop items may wait for a worker in one run: the budget left
// after the estimate, shared by `threads` runs, at 16 bytes an item. Past it
// the run stops with a MemoryBudgetError naming the group's workload.
std::int64_t waiting_item_cap(const scenario::ScenarioConfig& scenario, const MemoryBudget& budget, int threads);

}  // namespace ratesim::run
