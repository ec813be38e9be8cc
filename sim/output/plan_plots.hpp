#pragma once
// The plots of `ratesim plan`: for each target, its metric against the
// candidates, one line per strategy with error bars at the scenario's confidence level, and the target as a
// dashed line. Written as NAME.dat and NAME.gp in `dir` (drawn to SVG and PNG
// by gnuplot, like every other plot).
#include <filesystem>
#include <string>
#include <vector>

#include "sim/run/plan.hpp"

namespace ratesim::output {

// Writes the data and scripts; returns the script names (plan_<metric>.gp).
std::vector<std::string> write_plan_plots(const std::filesystem::path& dir, const run::PlanResult& plan,
                                          const std::vector<run::PlanTarget>& targets);

}  // namespace ratesim::output
