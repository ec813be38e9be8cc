#pragma once
// The data `ratesim playground`'s page reads (docs/playground.md): the
// scenario's name and description, its resolved JSON, its tunables, the
// strategies to pick from (and the two picked at load), its seed and the
// program's version, as one JSON text, unescaped.
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace ratesim::output {

// `version` as the page shows it, e.g. "ratesim 0.1.0". `picked`: the
// strategies ticked at load (known names); empty: the first two.
std::string playground_data_json(const scenario::ScenarioConfig& scenario, const std::string& version,
                                 const std::vector<std::string>& picked = {});

}  // namespace ratesim::output
