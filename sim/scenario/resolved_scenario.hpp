#pragma once
// The resolved scenario (scenario_to_json, summary.json's "scenario") read
// back as a scenario: the same configuration, so a run of it gives the same
// bytes as the run that wrote it. The playground's module takes scenarios in
// this form, with `--set` overrides on top.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace ratesim::scenario {

// The scenario document the resolved form stands for: what the resolved form
// adds for readers is taken out (nulls for "not set", distributions'
// expected_value, a trace's request count and token sizes, the file it came from, the
// latency the model catalogue gave each pool) and what it spells its own way
// is spelled as a scenario file does (status sets, the sweep).
nlohmann::json scenario_document_of(const nlohmann::json& resolved);

// Loads a resolved scenario, applying `sets` as `ratesim run --set` does;
// `label` names it in messages. Throws ScenarioError as load_scenario does.
ScenarioConfig load_resolved_scenario(const nlohmann::json& resolved, const std::string& label,
                                      const std::vector<std::string>& sets = {});

}  // namespace ratesim::scenario
