#pragma once
// Reads the `plan:` section (see plan_config.hpp) and the equivalent
// `ratesim plan` options.
#include <string>

#include "sim/scenario/plan_config.hpp"

namespace ratesim::scenario {

class YamlNode;

PlanConfig read_plan(const YamlNode& node);

// "--bisect PATH=LO..HI": fills path, low, high and returns "", or returns
// what is wrong with the option ("expected PATH=LOW..HIGH", ...).
std::string read_bisect_option(const std::string& option, PlanConfig& plan);

}  // namespace ratesim::scenario
