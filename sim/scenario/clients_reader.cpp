// The `clients:` section: groups, workloads, request shapes, strategies.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "models/strategy/registry.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_values.hpp"
#include "sim/scenario/rate_profile_reader.hpp"
#include "sim/scenario/routing_reader.hpp"
#include "sim/scenario/sections.hpp"
#include "sim/scenario/strategy_reader.hpp"
#include "sim/scenario/trace_reader.hpp"

namespace ratesim::scenario {

namespace {

constexpr std::string_view kGroup = "clients[]";

bool is_group_name(const std::string& name) {
    if (name.empty()) return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

models::WorkloadConfig read_workload(const YamlNode& node, const std::string& base_dir) {
    const char* forms = "{kind: batch, items: N}, {kind: poisson, rate: R} (e.g. rate: 2/s, or a profile) or "
                        "{kind: trace, file: F.csv}";
    node.expect_map(forms);
    models::WorkloadConfig workload;
    const KeySpec& kind_key = key_spec("clients[].workload", "kind");
    const std::string kind = read_choice(require_key(node, kind_key), kind_key);
    if (kind == "trace") return read_trace_workload(node, base_dir);
    node.check_keys(keys_of("clients[].workload", kind));
    if (kind == "batch") {
        workload.kind = models::WorkloadConfig::Kind::fixed_items;
        const KeySpec& items = key_spec("clients[].workload", "items", "batch");
        workload.items = read_integer(require_key(node, items), items);
    } else {
        workload.kind = models::WorkloadConfig::Kind::poisson;
        workload.rate =
            read_rate_profile(require_key(node, key_spec("clients[].workload", "rate", "poisson")));
    }
    return workload;
}

bool bounded(const models::Distribution& d) {
    using Kind = models::Distribution::Kind;
    return d.kind() == Kind::constant || d.kind() == Kind::uniform || d.kind() == Kind::empirical;
}

models::RequestShapeConfig read_request(const YamlNode& node, const models::ApiConfig& api,
                                        const std::string& base_dir, bool from_trace) {
    node.check_keys(keys_of("clients[].request"));
    std::vector<std::string> known;
    for (const auto& pool : api.pools)
        known.insert(known.end(), pool.models.begin(), pool.models.end());
    models::RequestShapeConfig request;
    const YamlNode model = node.require("model", "a model of one of api.pools: " + join(known));
    request.model = model.text("a model name");
    if (std::find(known.begin(), known.end(), request.model) == known.end())
        model.error(
            unknown_with_hint("model", request.model, known) + " (it is in no pool of api.pools)",
            join(known));

    auto read = [&](const char* key, models::Distribution& target) {
        if (auto v = node.get(key)) target = read_distribution(*v, Quantity::tokens, base_dir);
    };
    read("input_tokens", request.input_tokens);
    read("cache_read_tokens", request.cache_read_tokens);
    read("cache_creation_tokens", request.cache_creation_tokens);
    read("max_tokens", request.max_tokens);
    read("output_tokens", request.output_tokens);
    if (auto v = node.get("cache_ttl"))
        request.cache_ttl_1h = read_choice(*v, key_spec("clients[].request", "cache_ttl")) == "1h";

    const auto max_node = node.get("max_tokens");
    if (bounded(request.max_tokens) && request.max_tokens.min() < 1)
        (max_node ? *max_node : node)
            .error(fmt::format("max_tokens {} can be below 1", request.max_tokens.describe()),
                   "max_tokens >= 1");
    const auto& out = request.output_tokens;
    if (!from_trace && bounded(out) && out.max() > request.max_tokens.min()) {
        const auto out_node = node.get("output_tokens");
        (out_node ? *out_node : node)
            .error(
                fmt::format("output_tokens{} can reach {:g} but max_tokens can be as low as {:g}",
                            out_node ? "" : " (the default)", out.max(), request.max_tokens.min()),
                "output_tokens whose largest value is at most max_tokens' smallest (an unbounded "
                "distribution such as lognormal is capped at max_tokens by the server)");
    }
    return request;
}

models::ClientGroupConfig read_group(const YamlNode& node, std::size_t index,
                                     const models::ApiConfig& api, const std::string& base_dir,
                                     bool strategy_required) {
    node.expect_map("a client group with keys " + join(keys_of(kGroup)));
    node.check_keys(keys_of(kGroup));
    models::ClientGroupConfig group;
    const std::string name_forms(key_spec(kGroup, "name").forms);
    const YamlNode name = node.require("name", name_forms);
    group.name = name.text(name_forms);
    if (!is_group_name(group.name))
        name.error(fmt::format("invalid group name {}", name.found()), name_forms);
    if (auto v = node.get("workers")) group.workers = read_integer(*v, key_spec(kGroup, "workers"));
    if (auto v = node.get("start")) group.start = read_duration(*v, key_spec(kGroup, "start"));
    group.workload = read_workload(
        node.require("workload", "{kind: batch, items: N}, {kind: poisson, rate: R} or {kind: trace, file: F}"),
        base_dir);
    if (group.workload.kind == models::WorkloadConfig::Kind::trace)
        for (const char* key : {"input_tokens", "output_tokens"})
            if (auto v = node.require("request", "").get(key))
                v->error(fmt::format("a trace workload gives each request's {}", key),
                         "leave it out (the trace's column is used), or use another workload kind");
    group.request = read_request(
        node.require("request", "a map with model, input_tokens, max_tokens, output_tokens"), api,
        base_dir, group.workload.kind == models::WorkloadConfig::Kind::trace);
    if (auto v = node.get("coordination"))
        group.coordination = read_choice(*v, key_spec(kGroup, "coordination")) == "shared"
                                 ? models::Coordination::shared
                                 : models::Coordination::none;
    if (auto v = node.get("timeout"))
        group.timeout = read_duration(*v, key_spec(kGroup, "timeout"));
    if (auto v = node.get("deadline"))
        group.deadline = read_duration(*v, key_spec(kGroup, "deadline"));
    if (auto v = node.get("batch_size"))
        group.message_batch_size = read_integer(*v, key_spec(kGroup, "batch_size"));
    if (auto v = node.get("workspace")) {
        std::vector<std::string> names;
        for (const auto& ws : api.workspaces) names.push_back(ws.name);
        group.workspace = v->text(std::string(key_spec(kGroup, "workspace").forms));
        if (std::find(names.begin(), names.end(), group.workspace) == names.end())
            v->error(unknown_with_hint("workspace", group.workspace, names) +
                         " (it is not in api.workspaces)",
                     names.empty() ? "none: define api.workspaces first" : join(names));
    }

    if (auto v = node.get("strategy")) {
        group.strategy = read_strategy(*v, fmt::format("custom-{}", index + 1), api);
        const std::string cap = models::in_flight_cap_of(group.strategy);
        if (!cap.empty() && group.coordination == models::Coordination::none)
            v->error(fmt::format("{} caps a group's attempts in flight; it needs coordination: shared", cap),
                     "coordination: shared in this group, or another budget kind");
    } else if (strategy_required) {
        node.missing("strategy",
                     "a preset name or a {retry, pacing, budget} map (or give compare.strategies)");
    }
    if (auto v = node.get("route")) group.route = read_route(*v, group, api);
    if (group.message_batch_size > 0 && group.strategy.routing.enabled())
        node.require("strategy", "").error("a group that sends Message Batches cannot fall back",
                                           "leave out the strategy's routing or batch_size");
    return group;
}

}  // namespace

std::vector<models::ClientGroupConfig> read_clients(const YamlNode& node,
                                                    const models::ApiConfig& api,
                                                    const std::string& base_dir,
                                                    bool strategy_required) {
    const auto elements = node.elements("a non-empty list of client groups");
    if (elements.empty())
        node.error("the list of client groups is empty",
                   "at least one group, e.g. [{name: batch, workers: 8, ...}]");
    std::vector<models::ClientGroupConfig> groups;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        groups.push_back(read_group(elements[i], i, api, base_dir, strategy_required));
        for (std::size_t j = 0; j < i; ++j)
            if (groups[j].name == groups[i].name)
                elements[i]
                    .require("name", "")
                    .error(fmt::format("duplicate group name '{}' (clients[{}] has it too)",
                                       groups[i].name, j),
                           "a unique name per group");
    }
    return groups;
}

}  // namespace ratesim::scenario
