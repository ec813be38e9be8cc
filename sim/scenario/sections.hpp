#pragma once
// The scenario's sections, each read from its YAML node into typed config.
// Internal to the loader.
#include <string>
#include <vector>

#include "models/config.hpp"
#include "sim/scenario/serve_config.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// `api:` pools, burst, output accounting, latency and capacity.
models::ApiConfig read_api(const YamlNode& node, const std::string& base_dir);

// `clients:` every group, checked against the api's models. A group's
// `strategy` may be left out only when compare.strategies is given.
std::vector<models::ClientGroupConfig> read_clients(const YamlNode& node,
                                                    const models::ApiConfig& api,
                                                    const std::string& base_dir,
                                                    bool strategy_required);

// `serve:` the live group, API keys and mid-stream overloads, checked
// against the groups and the api's workspaces.
ServeConfig read_serve(const YamlNode& node, const std::vector<models::ClientGroupConfig>& groups,
                       const models::ApiConfig& api);

}  // namespace ratesim::scenario
