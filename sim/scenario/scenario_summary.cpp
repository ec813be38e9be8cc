#include "sim/scenario/scenario_summary.hpp"

#include <yaml-cpp/yaml.h>

namespace ratesim::scenario {

ScenarioSummary read_scenario_summary(const std::string& path) {
    ScenarioSummary summary;
    try {
        const YAML::Node root = YAML::LoadFile(path);
        if (root.IsMap() && root["description"] && root["description"].IsScalar())
            summary.description = root["description"].Scalar();
        summary.parses = true;
    } catch (const YAML::Exception&) {
    }
    return summary;
}

}  // namespace ratesim::scenario
