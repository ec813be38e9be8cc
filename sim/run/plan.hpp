#pragma once
// Capacity planning: which candidate (a limit value, a tier) is the
// cheapest that meets every target, per strategy. Candidates are evaluated
// with replications and judged on confidence intervals at the scenario's level.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/run/experiment.hpp"
#include "sim/run/plan_target.hpp"
#include "sim/scenario/plan_config.hpp"

namespace ratesim::run {

struct PlanProbe {
    std::string value;     // the candidate
    std::string strategy;  // the variant's name
    VariantResult result;
    std::vector<TargetCheck> checks;  // one per target
    bool met = false;                 // every target met
};

struct PlanAnswer {
    std::string strategy;
    std::optional<std::size_t> probe;  // the cheapest probe that met every target
    std::string why;                   // how it was chosen, or why there is none
};

struct PlanResult {
    std::string parameter;          // what was varied: a path, or "tier"
    std::vector<PlanProbe> probes;  // in the order shown: per strategy, cheapest candidate first
    std::vector<PlanAnswer> answers;
    std::vector<std::string> candidates;  // search, tiers: every candidate, cheapest first
};

// Loads the scenario with one more --set override, PATH=VALUE.
using ScenarioWithSet = std::function<scenario::ScenarioConfig(const std::string& set)>;

// Throws ScenarioError unless `scenario` can be planned: a plan chooses
// among its own candidates, so the scenario may not sweep.
void check_plannable(const scenario::ScenarioConfig& scenario);

// Carries out `plan` (search, bisect or tiers) on the scenario that
// `with_set` loads. Throws ScenarioError when a tier family is unknown or
// all its tiers give the scenario the same limits.
PlanResult plan(const scenario::PlanConfig& plan, const ScenarioWithSet& with_set,
                const std::vector<PlanTarget>& targets, const ExperimentOptions& options);

// The override that makes a search's or a tier family's candidates the
// sweep of the scenario (`api.preset=` the tiers, cheapest first). Throws
// ScenarioError when the tier family is unknown.
std::string candidates_set(const scenario::PlanConfig& plan);
// Throws ScenarioError when a tier family's tiers all give the scenario the same limits.
void check_candidates(const scenario::PlanConfig& plan, const scenario::ScenarioConfig& swept);

// Picks, per strategy, the first candidate of `swept` that meets every
// target, from the experiment's results (those run_experiment returns,
// or those `ratesim merge` rebuilds from the shards of `plan --shard`).
PlanResult judge_candidates(const scenario::ScenarioConfig& swept, std::vector<VariantResult> results,
                            const std::vector<PlanTarget>& targets);

// Evaluates every candidate of a swept scenario (the sweep holds the
// candidates, cheapest first) and picks, per strategy, the first that meets
// every target.
PlanResult plan_search(const scenario::ScenarioConfig& swept, const std::vector<PlanTarget>& targets,
                       const ExperimentOptions& options);

// Bisects [low, high] for the smallest value that meets every target, per
// strategy, assuming more of the resource never hurts. `scenario_at` loads
// the scenario with the path set to a value. Stops when the interval is
// within 1% of its upper end (or 1, for whole numbers).
PlanResult plan_bisect(const std::string& path, double low, double high,
                       const std::function<scenario::ScenarioConfig(const std::string&)>& scenario_at,
                       const std::vector<PlanTarget>& targets, const ExperimentOptions& options);

}  // namespace ratesim::run
