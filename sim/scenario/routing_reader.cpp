#include "sim/scenario/routing_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/scenario/key_values.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/spelling_hints.hpp"
#include "sim/scenario/strategy_reader.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

constexpr const char* kShareForms = "a share such as 30% or 0.3, from 0 to 100%";

std::vector<std::string> known_models(const models::ApiConfig& api) {
    std::vector<std::string> known;
    for (const auto& pool : api.pools) known.insert(known.end(), pool.models.begin(), pool.models.end());
    return known;
}

double read_share(const YamlNode& node) {
    const std::string text = node.text(kShareForms);
    if (!text.empty() && text.back() == '%') {
        const auto parsed = parse_number(text.substr(0, text.size() - 1));
        if (!parsed || !std::isfinite(*parsed.value) || *parsed.value < 0 || *parsed.value > 100)
            node.error(fmt::format("{} is not a share", node.found()), kShareForms);
        return *parsed.value / 100;
    }
    return node.number(0, 1, kShareForms);
}

}  // namespace

std::vector<models::RouteShare> read_route(const YamlNode& node, const models::ClientGroupConfig& group,
                                           const models::ApiConfig& api) {
    const KeySpec& key = key_spec("clients[]", "route");
    const std::string forms(key.forms);
    node.expect_map(forms);
    if (group.message_batch_size > 0)
        node.error("a group that sends Message Batches cannot route", "leave out route or batch_size");
    const std::vector<std::string> known = known_models(api);
    std::vector<models::RouteShare> route;
    double total = 0;
    for (const auto& [model, value] : node.entries()) {
        if (std::find(known.begin(), known.end(), model) == known.end())
            value.error(unknown_with_hint("model", model, known) + " (it is in no pool of api.pools)",
                        join(known));
        if (model == group.request.model)
            value.error(fmt::format("'{}' is the group's own model (request.model)", model),
                        "another model; the items not routed go to request.model");
        const double share = read_share(value);
        total += share;
        if (total > 1 + 1e-9)
            value.error(fmt::format("the route's shares sum to {:g}%, above 100%", total * 100), forms);
        route.push_back({model, share});
    }
    return route;
}

models::RoutingConfig read_routing(const YamlNode& node, const models::ApiConfig& api) {
    node.expect_map("a map with keys " + join(keys_of("<routing>")));
    node.check_keys(keys_of("<routing>"));
    models::RoutingConfig config;
    const KeySpec& fallbacks_key = key_spec("<routing>", "fallbacks");
    const std::string forms(fallbacks_key.forms);
    const std::vector<std::string> known = known_models(api);
    std::vector<std::string> allowed = known;
    for (const auto& pool : api.pools) allowed.push_back(pool.name);
    const YamlNode list = require_key(node, fallbacks_key);
    const auto elements = list.elements(forms);
    if (elements.empty()) list.error("the list of fallbacks is empty", forms);
    for (const YamlNode& e : elements) {
        std::string model = e.text(forms);
        if (std::find(known.begin(), known.end(), model) == known.end()) {
            const auto pool = std::find_if(api.pools.begin(), api.pools.end(),
                                           [&](const auto& p) { return p.name == model; });
            if (pool == api.pools.end() || pool->models.empty())
                e.error(unknown_with_hint("model or pool", model, allowed) + " (it is not in api.pools)",
                        join(allowed));
            model = pool->models.front();
        }
        if (std::find(config.fallbacks.begin(), config.fallbacks.end(), model) != config.fallbacks.end())
            e.error(fmt::format("'{}' is a fallback already", model), "each model once");
        config.fallbacks.push_back(model);
    }
    if (auto v = node.get("on")) {
        const models::ParamSpec spec{"on", models::ParamType::statuses, models::StatusSet{}, "", {}};
        config.on = std::get<models::StatusSet>(read_param(*v, spec));
        if (config.on.empty()) v->error("no status is given", std::string(key_spec("<routing>", "on").forms));
    }
    if (auto v = node.get("cooldown"))
        config.cooldown_s = engine::to_seconds(read_duration(*v, key_spec("<routing>", "cooldown")));
    if (auto v = node.get("max_fallbacks"))
        config.max_fallbacks = static_cast<double>(read_integer(*v, key_spec("<routing>", "max_fallbacks")));
    return config;
}

}  // namespace ratesim::scenario
