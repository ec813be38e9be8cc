#include "models/routing_targets.hpp"

#include <algorithm>

namespace ratesim::models {

namespace {
void add_once(std::vector<std::string>& names, const std::string& model) {
    if (index_of(names, model) < 0) names.push_back(model);
}
}  // namespace

int index_of(const std::vector<std::string>& names, const std::string& model) {
    const auto it = std::find(names.begin(), names.end(), model);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

std::vector<std::string> group_targets(const ClientGroupConfig& group) {
    std::vector<std::string> names{group.request.model};
    for (const RouteShare& r : group.route) add_once(names, r.model);
    for (const std::string& f : group.strategy.routing.fallbacks) add_once(names, f);
    return names;
}

std::vector<std::string> models_in_use(const std::vector<ClientGroupConfig>& groups) {
    std::vector<std::string> names;
    for (const ClientGroupConfig& g : groups)
        for (const std::string& m : group_targets(g)) add_once(names, m);
    return names;
}

bool uses_routing(const std::vector<ClientGroupConfig>& groups) {
    return std::any_of(groups.begin(), groups.end(), [](const ClientGroupConfig& g) {
        return !g.route.empty() || g.strategy.routing.enabled();
    });
}

}  // namespace ratesim::models
