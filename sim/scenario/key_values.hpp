#pragma once
// Reading a scalar value the way its key's entry in the key table declares
// it: the range, choices and allowed forms come from the KeySpec.
// Internal to the loader.
#include <cstdint>
#include <string>

#include "sim/engine/time.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// The map's value of `key`, or the error that it is missing, naming its forms.
YamlNode require_key(const YamlNode& map, const KeySpec& key);

std::int64_t read_integer(const YamlNode& node, const KeySpec& key);
double read_number(const YamlNode& node, const KeySpec& key);
std::string read_choice(const YamlNode& node, const KeySpec& key);
// A duration; with `alternative: none`, that word is engine::kNever.
engine::Time read_duration(const YamlNode& node, const KeySpec& key);
double read_count(const YamlNode& node, const KeySpec& key);

}  // namespace ratesim::scenario
