#pragma once
// Routing in scenario files: a group's `route` (shares of its items sent to
// other models) and a strategy's `routing` part (fallbacks, cooldowns).
// Models are checked against api.pools. Internal to the loader.
#include <vector>

#include "models/config.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// `route: {claude-haiku-4-5: 30%}` of `group` (whose request is read).
std::vector<models::RouteShare> read_route(const YamlNode& node, const models::ClientGroupConfig& group,
                                           const models::ApiConfig& api);

// A strategy's `routing: {fallbacks: [...], on: [...], cooldown: 5s, max_fallbacks: 1}`.
models::RoutingConfig read_routing(const YamlNode& node, const models::ApiConfig& api);

}  // namespace ratesim::scenario
