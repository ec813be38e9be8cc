#pragma once
// A whole scenario, resolved: the world to simulate plus the experiment
// around it (variants, replications, output binning).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "sim/scenario/plan_config.hpp"
#include "sim/scenario/playground_config.hpp"
#include "sim/scenario/serve_config.hpp"

namespace ratesim::scenario {

struct ScenarioConfig {
    std::string file;  // where it was loaded from
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    // The simulated-time cap per run; for open-loop groups (poisson, trace)
    // the arrival window: no item arrives after it.
    engine::Time duration = engine::seconds(3600);
    // After `duration`, how long a run with an open-loop group may go on to
    // finish the items that arrived (the drain limit); absent: duration / 10.
    std::optional<engine::Time> drain;
    int replications = 1;
    // `confidence:`: the level of every confidence interval (summary files,
    // plan targets, the report), strictly between 0 and 1.
    double confidence = 0.95;
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
    // `playground:`, for `ratesim playground`, or its defaults when the file
    // has none (playground_reader.hpp); not in the resolved scenario JSON.
    std::vector<Tunable> playground;

    bool has_open_loop_group() const {
        for (const auto& g : clients)
            if (g.workload.kind != models::WorkloadConfig::Kind::fixed_items) return true;
        return false;
    }
    // Where a run's clock stops at the latest: `duration`, plus `drain` when
    // a group is open loop.
    engine::Time drain_limit() const { return drain ? *drain : duration / 10; }
    engine::Time time_cap() const {
        return has_open_loop_group() ? engine::later(duration, drain_limit()) : duration;
    }
};

}  // namespace ratesim::scenario
