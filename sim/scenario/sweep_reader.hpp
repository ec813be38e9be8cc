#pragma once
// `sweep:` in a scenario: one dotted path (the same paths as --set) and the
// values it takes, as a list or a range:
//   sweep: {clients.batch.workers: [1, 2, 4, 8]}
//   sweep: {clients.batch.workers: "1..64 x2"}     # 1, 2, 4, ..., 64
//   sweep: {api.pools.sonnet.itpm: "20k..100k +20k"}
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

struct SweepSpec {
    std::string path;                 // as written: clients.batch.workers
    std::vector<YAML::Node> values;   // each placed at `path` for one sweep point
    std::vector<std::string> labels;  // the values as printed in outputs
    std::vector<std::string> whos;    // how messages name each value
};

// Reads the `sweep:` map (exactly one path).
SweepSpec read_sweep(const YamlNode& node);

// Expands "A..B xF" (geometric), "A..B +S" (arithmetic) or "A..B" (step 1)
// into the values' labels. A, B, S are counts with optional k/M suffixes,
// or durations (1s..60s x2). Throws via `node`.
std::vector<std::string> expand_range(const YamlNode& node, const std::string& text);

}  // namespace ratesim::scenario
