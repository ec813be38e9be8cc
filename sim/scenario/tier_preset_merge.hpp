#pragma once
// Merging a tier preset's `api` section under a scenario's. Internal to the
// loader.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// If the scenario (or the last `--set api.preset=...`) names a preset,
// merges the tier's api section under root["api"]: keys the scenario gives
// win, maps merge key by key. Records in `source` which paths came from the
// preset file, so errors there name that file. Call before apply_sets.
void merge_tier_preset(YAML::Node& root, const std::vector<std::string>& sets, YamlSource& source);

}  // namespace ratesim::scenario
