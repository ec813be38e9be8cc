#pragma once
// What `ratesim list scenarios` shows of a scenario file: its description,
// read without loading (or checking) the scenario, but bounded like every
// scenario read (sim/scenario/input_file.hpp, yaml_size_caps.hpp).
#include <string>

namespace ratesim::scenario {

struct ScenarioSummary {
    bool parses = false;      // the file could be read and is YAML
    std::string description;  // the top-level `description`, "" if none
    std::string unreadable;   // why the file was not read (a FIFO, past the size limit), or ""
};

ScenarioSummary read_scenario_summary(const std::string& path);

}  // namespace ratesim::scenario
