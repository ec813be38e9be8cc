#pragma once
// Reads `playground:` (playground_config.hpp): a map of --set paths to ranges
// LO..HI. Each path must be one `--set` accepts on this scenario and end at a
// count, integer, number or duration key; LO < HI, both within the key's
// allowed values, and the scenario's own value between them. Errors are
// located (FILE:LINE:COL) and say what is allowed.
#include <yaml-cpp/yaml.h>

#include <vector>

#include "sim/scenario/playground_config.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// `node` is the `playground:` map; `root` the whole scenario tree as loaded
// (presets merged, --set applied), in which each path is looked up;
// `config` the scenario read from it, which gives each tunable its value.
std::vector<Tunable> read_playground(const YamlNode& node, const YAML::Node& root, const ScenarioConfig& config);

// The tunables of a scenario without `playground:`: each client group's
// workers (1..max(256, 2 x workers)), each pool's rpm where it has one
// (max(1, rpm/10)..rpm x 10) and api.burst (1s..60s, widened to hold its value).
std::vector<Tunable> default_tunables(const ScenarioConfig& config);

}  // namespace ratesim::scenario
