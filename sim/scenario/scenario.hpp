#pragma once
// A whole scenario, resolved: the world to simulate plus the experiment
// around it (variants, replications, output binning).
#include <cstdint>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "sim/scenario/plan_config.hpp"
#include "sim/scenario/serve_config.hpp"

namespace ratesim::scenario {

struct ScenarioConfig {
    std::string file;  // where it was loaded from
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    engine::Time duration = engine::seconds(3600);  // simulated-time cap per run
    int replications = 1;
    models::ApiConfig api;
    std::vector<models::ClientGroupConfig> clients;
    // compare.strategies: each variant replaces every group's strategy. Empty
    // means one variant that runs the groups' own strategies.
    std::vector<models::StrategyConfig> variants;
    engine::Time bin = engine::seconds(10);  // output.bin
    // Problems that do not stop a run (e.g. a model without catalogue
    // prices, whose cost is reported as NaN); the CLI prints them.
    std::vector<std::string> warnings;

    // `sweep:` (empty path: no sweep). Each point is this scenario with the
    // path set to one value, fully resolved; the scenario itself keeps the
    // file's own value.
    std::string sweep_path;
    std::vector<std::string> sweep_values;
    std::vector<ScenarioConfig> sweep_points;

    PlanConfig plan;  // `plan:`, for `ratesim plan`
    ServeConfig serve;  // `serve:`, for `ratesim serve`
};

}  // namespace ratesim::scenario
