#pragma once
// The models a client group may send to, and the models of a whole run:
// the names routing (route shares, fallbacks) adds to a group's own model.
// The world and the per-model results number models by these lists.
#include <string>
#include <vector>

#include "models/config.hpp"

namespace ratesim::models {

// The group's own model, then its route's models, then its strategy's
// fallbacks, each once: index 0 is request.model.
std::vector<std::string> group_targets(const ClientGroupConfig& group);

// Every group's targets, each model once, in order of first appearance.
std::vector<std::string> models_in_use(const std::vector<ClientGroupConfig>& groups);

// The index of `model` in `names`, or -1.
int index_of(const std::vector<std::string>& names, const std::string& model);

// Whether any group routes a share of its items or falls back to another model.
bool uses_routing(const std::vector<ClientGroupConfig>& groups);

}  // namespace ratesim::models
