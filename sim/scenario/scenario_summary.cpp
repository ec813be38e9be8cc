#include "sim/scenario/scenario_summary.hpp"

#include <yaml-cpp/yaml.h>

#include "sim/scenario/input_error.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

ScenarioSummary read_scenario_summary(const std::string& path) {
    ScenarioSummary summary;
    try {
        // Bounded like every scenario read: a regular file within the size
        // limit, parsed within the size caps.
        const std::string text = read_input_file(
            path, InputKind::scenario,
            [](const std::string& problem, const std::string&) { throw InputError(problem); });
        const YAML::Node root = load_one_document(text);
        if (root.IsMap() && root["description"] && root["description"].IsScalar())
            summary.description = root["description"].Scalar();
        summary.parses = true;
    } catch (const YAML::Exception&) {
    } catch (const InputError& e) {
        summary.unreadable = e.what();
    }
    return summary;
}

}  // namespace ratesim::scenario
