#include "sim/scenario/model_warnings.hpp"

#include <fmt/format.h>

#include "models/model_catalog.hpp"

namespace ratesim::scenario {

std::vector<std::string> model_catalog_warnings(const YamlNode& clients,
                                                const std::vector<models::ClientGroupConfig>& groups) {
    std::vector<std::string> warnings;
    const auto elements = clients.elements("a list");
    for (std::size_t i = 0; i < groups.size() && i < elements.size(); ++i) {
        if (!models::prices_for(groups[i].request.model)) {
            const YamlNode model = elements[i].require("request", "").require("model", "");
            warnings.push_back(fmt::format(
                "{}: warning: {}: model '{}' is not in the model catalogue, so its price is unknown: "
                "cost_usd and wasted_usd are reported as NaN; known: {}",
                model.location(), model.path(), groups[i].request.model, join(models::catalog_models())));
        }
        // A route's models: the items sent there have no price either.
        for (const auto& r : groups[i].route) {
            if (models::prices_for(r.model)) continue;
            const YamlNode share = elements[i].require("route", "").require(r.model, "");
            warnings.push_back(fmt::format(
                "{}: warning: {}: model '{}' is not in the model catalogue, so its price is unknown: "
                "cost_usd and wasted_usd are reported as NaN; known: {}",
                share.location(), share.path(), r.model, join(models::catalog_models())));
        }
    }
    return warnings;
}

}  // namespace ratesim::scenario
