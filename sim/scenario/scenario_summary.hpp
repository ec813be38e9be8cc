#pragma once
// What `ratesim list scenarios` shows of a scenario file: its description,
// read without loading (or checking) the scenario.
#include <string>

namespace ratesim::scenario {

struct ScenarioSummary {
    bool parses = false;      // the file could be read and is YAML
    std::string description;  // the top-level `description`, "" if none
};

ScenarioSummary read_scenario_summary(const std::string& path);

}  // namespace ratesim::scenario
