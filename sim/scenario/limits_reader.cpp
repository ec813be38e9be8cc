#include "sim/scenario/limits_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/model_catalog.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_values.hpp"

namespace ratesim::scenario {

std::vector<models::WorkspaceConfig> read_workspaces(const YamlNode& node,
                                                     const std::vector<models::PoolConfig>& pools) {
    node.expect_map("a map of workspace name -> {pools: {POOL: {rpm, itpm, otpm}}}");
    std::vector<std::string> pool_names;
    for (const auto& p : pools) pool_names.push_back(p.name);
    std::vector<models::WorkspaceConfig> workspaces;
    for (const auto& [name, ws_node] : node.entries()) {
        if (name.empty()) ws_node.error("the workspace name is empty", "a non-empty name");
        ws_node.check_keys(keys_of("api.workspaces.*"));
        models::WorkspaceConfig ws;
        ws.name = name;
        const YamlNode limits = require_key(ws_node, key_spec("api.workspaces.*", "pools"));
        limits.expect_map("a map of pool name -> {" + join(keys_of("api.workspaces.*.pools.*")) +
                          "}");
        for (const auto& entry : limits.entries()) {
            // Named copies: lambdas may not capture structured bindings in clang 14.
            const std::string& pool_name = entry.first;
            const YamlNode& pool_node = entry.second;
            const auto org = std::find_if(pools.begin(), pools.end(),
                                          [&](const auto& p) { return p.name == pool_name; });
            if (org == pools.end())
                pool_node.error(unknown_with_hint("pool", pool_name, pool_names) +
                                    " (a workspace narrows the organization's pools)",
                                join(pool_names));
            pool_node.check_keys(keys_of("api.workspaces.*.pools.*"));
            models::PoolConfig narrowed = *org;  // accounting and models as the organization's
            // A workspace narrows only rpm, itpm and otpm; the organization's
            // tpm and tpd are enforced by its pool alone.
            narrowed.rpm = narrowed.itpm = narrowed.otpm = narrowed.tpm = narrowed.tpd = std::nullopt;
            auto read = [&](const char* key, std::optional<double>& target,
                            const std::optional<double>& org_limit) {
                const auto v = pool_node.get(key);
                if (!v) return;
                target = read_count(*v, key_spec("api.workspaces.*.pools.*", key));
                if (org_limit && *target > *org_limit)
                    v->error(fmt::format("{:g} is above the organization's {} of {:g}", *target, key,
                                         *org_limit),
                             fmt::format("at most {:g} (a workspace can only lower a limit)",
                                         *org_limit));
            };
            read("rpm", narrowed.rpm, org->rpm);
            read("itpm", narrowed.itpm, org->itpm);
            read("otpm", narrowed.otpm, org->otpm);
            ws.pools.push_back(std::move(narrowed));
        }
        workspaces.push_back(std::move(ws));
    }
    return workspaces;
}

void apply_model_latency(std::vector<models::PoolConfig>& pools,
                         const std::optional<YamlNode>& latency) {
    const bool ttft_given = latency && latency->has("time_to_first_token");
    const bool speed_given = latency && latency->has("output_tokens_per_second");
    for (auto& pool : pools) {
        std::optional<models::ModelInfo> info;
        for (const auto& model : pool.models)
            if ((info = models::model_info(model))) break;
        if (!info) continue;
        const models::ModelLatency& l = info->latency;
        if (!ttft_given)
            pool.time_to_first_token_s = models::Distribution::lognormal_from_median_p95(
                l.time_to_first_token_median_s, l.time_to_first_token_p95_s);
        if (!speed_given)
            pool.output_tokens_per_second =
                models::Distribution::normal(l.output_tokens_per_second, l.output_tokens_per_second / 6);
    }
}

std::optional<double> read_spend_cap(const YamlNode& node) {
    const KeySpec& key = key_spec("api", "spend_cap");
    if (node.is_scalar() && node.raw().Scalar() == key.alternative) return std::nullopt;
    return read_number(node, key);
}

void read_spend_month(const YamlNode& node, models::ApiConfig& api) {
    node.expect_map("{spent: USD, ends_in: DURATION}");
    constexpr std::string_view kSection = "api.spend_month";
    node.check_keys(keys_of(kSection));
    if (auto v = node.get("spent")) api.spent_usd = read_number(*v, key_spec(kSection, "spent"));
    if (auto v = node.get("ends_in"))
        api.month_ends_at = read_duration(*v, key_spec(kSection, "ends_in"));
}

models::AccelerationConfig read_acceleration(const YamlNode& node) {
    models::AccelerationConfig a;
    if (node.is_scalar() && node.raw().Scalar() == key_spec("api", "acceleration").alternative)
        return a;
    node.expect_map("off, or {window: 1m, growth: 2, floor: 50}");
    constexpr std::string_view kSection = "api.acceleration";
    node.check_keys(keys_of(kSection));
    a.enabled = true;
    if (auto v = node.get("window")) a.window = read_duration(*v, key_spec(kSection, "window"));
    if (auto v = node.get("growth")) a.growth = read_number(*v, key_spec(kSection, "growth"));
    if (auto v = node.get("floor")) a.floor = read_number(*v, key_spec(kSection, "floor"));
    return a;
}

models::MessageBatchesConfig read_message_batches(const YamlNode& node, const std::string& base_dir) {
    constexpr std::string_view kSection = "api.batches";
    node.check_keys(keys_of(kSection));
    models::MessageBatchesConfig b;
    if (auto v = node.get("rpm")) b.rpm = read_count(*v, key_spec(kSection, "rpm"));
    if (auto v = node.get("queue")) b.queue = read_count(*v, key_spec(kSection, "queue"));
    if (auto v = node.get("max_batch_requests"))
        b.max_batch_requests = read_integer(*v, key_spec(kSection, "max_batch_requests"));
    if (auto v = node.get("turnaround")) {
        b.turnaround_s = read_distribution(*v, Quantity::duration, base_dir);
        if (!(b.turnaround_s.max() > 0))
            v->error("every batch would be done at once", "a duration distribution with values > 0");
    }
    if (auto v = node.get("expiry")) b.expiry = read_duration(*v, key_spec(kSection, "expiry"));
    if (auto v = node.get("price_factor")) b.price_factor = v->fraction();
    return b;
}

}  // namespace ratesim::scenario
