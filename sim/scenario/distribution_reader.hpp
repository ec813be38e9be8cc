#pragma once
// Distributions in scenario files: a scalar is a constant; a map
// {dist: constant|uniform|normal|lognormal|exponential|empirical, ...} names
// a family and its parameters in the quantity's own units.
#include <string>
#include <vector>

#include "models/distribution.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// What a distribution measures, which fixes the units of its parameters.
enum class Quantity {
    tokens,    // token counts: 1500, 2k, 1.5M
    duration,  // durations (250ms, 2s); the Distribution holds seconds
    number,    // plain numbers (output tokens per second)
};

// Reads a distribution; relative empirical CSV paths resolve against
// `base_dir` (empty = the current directory).
models::Distribution read_distribution(const YamlNode& node, Quantity quantity,
                                       const std::string& base_dir);

// The allowed forms, for messages and docs.
std::string distribution_forms(Quantity quantity);

// A CSV line's comma-separated fields, trimmed, surrounding quotes removed.
std::vector<std::string> split_csv(const std::string& line);
// `file` relative to `base_dir` (empty = the current directory) unless absolute.
std::string resolve(const std::string& base_dir, const std::string& file);

// Splits an empirical distribution's source ("FILE#COLUMN") into file and column.
std::pair<std::string, std::string> split_empirical_source(const std::string& source);

}  // namespace ratesim::scenario
