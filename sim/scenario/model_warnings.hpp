#pragma once
// Warnings for client groups whose model the catalogue (models/model_catalog)
// does not know: the run goes ahead, but its cost is NaN, never a silent $0.
#include <string>
#include <vector>

#include "models/config.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// One "FILE:LINE:COL: warning: ..." per group with an unknown model;
// `clients` is the clients: list node the groups were read from.
std::vector<std::string> model_catalog_warnings(const YamlNode& clients,
                                                const std::vector<models::ClientGroupConfig>& groups);

}  // namespace ratesim::scenario
