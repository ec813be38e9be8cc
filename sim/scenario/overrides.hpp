#pragma once
// `--set PATH=VALUE`: edits the YAML tree before it is read. PATH is dotted:
// map keys by name, list elements by index or by their `name` key
// (`clients.batch.workers`, `clients.0.workers`, `api.pools.sonnet.rpm`).
// VALUE is parsed as YAML. A missing final map key is created; anything else
// missing is an error listing what exists.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// Applies every set in order to `root` (a map), recording in `source` the
// canonical path each one replaced (`clients[0].workers`), so errors in those
// values name the --set instead of a file position.
// Replaces (or, for a missing final map key, creates) the node at the dotted
// `path` with `value`; returns its canonical path. `who` names the override
// in messages.
std::string assign_path(YAML::Node& root, const std::string& path, const YAML::Node& value,
                        const std::string& who);

void apply_sets(YAML::Node& root, const std::vector<std::string>& sets, YamlSource& source);

}  // namespace ratesim::scenario
