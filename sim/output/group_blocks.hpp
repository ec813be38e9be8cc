#pragma once
// Results per client group, for scenarios with two or more: the heading of
// each group's block (what the group is, and whether it has a makespan),
// and the terminal's comparison tables, one block per group after the
// organization's. The tables themselves are comparison_table's.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

// "group chat: poisson arrivals at 2/s, 4 workers (open loop: no makespan)",
// from a group of the resolved scenario as summary.json holds it.
std::string group_heading(const nlohmann::json& group);

// The comparison table; with two or more groups, one block for the
// organization ("all groups") and then one per group, each under its heading.
// `width` as for comparison_table.
std::string comparison_tables(const scenario::ScenarioConfig& scenario,
                              const std::vector<run::VariantResult>& results, std::size_t width = 0);

}  // namespace ratesim::output
