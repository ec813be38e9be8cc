#pragma once
// The resolved scenario as JSON, every default filled in, with the YAML's key
// names: durations as strings ("600ms", "60s"), distributions as
// {dist, <params>}, strategies as {name, preset, retry, pacing, budget}.
// summary.json embeds it.
#include <nlohmann/json.hpp>

#include "models/distribution.hpp"
#include "sim/scenario/scenario.hpp"

namespace ratesim::scenario {

nlohmann::json scenario_to_json(const ScenarioConfig& config);

// The parts, for callers that describe one strategy or distribution.
nlohmann::json strategy_to_json(const models::StrategyConfig& strategy);
// `seconds`: the distribution holds seconds and its parameters print as durations.
nlohmann::json distribution_to_json(const models::Distribution& distribution, bool seconds);

}  // namespace ratesim::scenario
