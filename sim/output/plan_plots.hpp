#pragma once
// The plots of `ratesim plan`: for each target, its metric (in the unit the
// target was written in) against the candidates, one line per strategy with
// error bars at the scenario's confidence level, an x on each candidate that
// misses the target, and the target as a dashed line. Written as NAME.dat and NAME.gp in `dir` (drawn to SVG and PNG
// by gnuplot, like every other plot).
#include <filesystem>
#include <string>
#include <vector>

#include "sim/run/plan.hpp"

namespace ratesim::output {

// The unit a target's plot states its metric in: the one its bound was
// written in (makespan<=30m: minutes), percent for rates, none for counts.
struct TargetUnit {
    double scale;      // multiplies the metric's value (seconds, a fraction)
    std::string name;  // "min", "s", "%", ""
};
TargetUnit target_unit(const run::PlanTarget& target);

// Writes the data and scripts; returns the script names (plan_<metric>.gp).
std::vector<std::string> write_plan_plots(const std::filesystem::path& dir, const run::PlanResult& plan,
                                          const std::vector<run::PlanTarget>& targets);

}  // namespace ratesim::output
