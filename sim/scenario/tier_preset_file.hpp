#pragma once
// One compiled-in tier preset file, parsed: its root map with the keys
// checked and its family name checked against the file name. Internal to
// the loader.
#include <yaml-cpp/yaml.h>

#include <string>

#include "sim/scenario/tier_presets.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// The family a preset file is for: its file name without `.yaml`.
std::string family_of(const std::string& file);

// The file's root; `keep` holds the parsed document the node points into.
// Throws ScenarioError naming the file on invalid YAML or a bad root.
YamlNode tier_preset_root(const EmbeddedFile& embedded, YAML::Node& keep);

}  // namespace ratesim::scenario
