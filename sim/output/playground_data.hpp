#pragma once
// The data `ratesim playground`'s page reads (docs/playground.md): the
// scenario's name and description, its resolved JSON, its tunables, the
// strategies to pick from (and the two picked at load), its seed and the
// program's version, as one JSON text, unescaped.
#include <string>

#include "sim/scenario/scenario.hpp"

namespace ratesim::output {

// `version` as the page shows it, e.g. "ratesim 0.1.0".
std::string playground_data_json(const scenario::ScenarioConfig& scenario, const std::string& version);

}  // namespace ratesim::output
