#include "sim/scenario/scenario_json.hpp"

#include <cmath>
#include <cstdint>

#include "models/config.hpp"
#include "models/strategy/registry.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/rate_profile_json.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

using nlohmann::json;

// Whole numbers print as integers (1024, not 1024.0).
json number(double x) {
    if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 9e15)
        return static_cast<std::int64_t>(x);
    return x;
}

json optional_limit(const std::optional<double>& limit) {
    return limit ? number(*limit) : json(nullptr);
}

json param_to_json(const models::ParamSpec* spec, const models::ParamValue& value) {
    if (const auto* set = std::get_if<models::StatusSet>(&value)) return set->describe();
    if (const auto* text = std::get_if<std::string>(&value)) return *text;
    const double x = std::get<double>(value);
    if (spec == nullptr) return number(x);
    switch (spec->type) {
        case models::ParamType::number:
        case models::ParamType::fraction:
        case models::ParamType::count:
            return number(x);
        case models::ParamType::retries:
        case models::ParamType::number_or_none:
            if (std::isfinite(x)) return number(x);
            return models::describe_value(*spec, value);
        case models::ParamType::duration:
        case models::ParamType::duration_or_none:
            return format_duration_seconds(x);
        default:
            return models::describe_value(*spec, value);
    }
}

json part_to_json(models::Part part, const models::PartConfig& config) {
    json out = json::object();
    out["kind"] = config.kind;
    const models::PartKind* kind = models::find_kind(part, config.kind);
    for (const auto& [name, value] : config.params.values()) {
        const models::ParamSpec* spec = nullptr;
        if (kind != nullptr)
            for (const auto& candidate : kind->params)
                if (candidate.name == name) spec = &candidate;
        out[name] = param_to_json(spec, value);
    }
    return out;
}

// Only where set: a scenario without error rules echoes as it did before they existed.
void add_errors(json& out, const std::vector<models::ErrorRule>& errors) {
    if (errors.empty()) return;
    json rules = json::array();
    for (const auto& e : errors) {
        json rule = {{"status", e.status}, {"rate", number(e.rate)}};
        if (e.should_retry != models::ShouldRetry::absent)
            rule["should_retry"] = e.should_retry == models::ShouldRetry::yes;
        if (e.retry_after != engine::kNever) rule["retry_after"] = format_duration(e.retry_after);
        rules.push_back(rule);
    }
    out["errors"] = rules;
}

json pool_to_json(const models::PoolConfig& pool) {
    json out{{"models", pool.models},
             {"rpm", optional_limit(pool.rpm)},
             {"itpm", optional_limit(pool.itpm)},
             {"otpm", optional_limit(pool.otpm)},
             {"output_accounting", models::output_accounting_name(pool.output_accounting)},
             {"cache_reads_count", pool.cache_reads_count}};
    // The model catalogue's latency, where api.latency left it out.
    if (pool.time_to_first_token_s)
        out["time_to_first_token"] = distribution_to_json(*pool.time_to_first_token_s, true);
    if (pool.output_tokens_per_second)
        out["output_tokens_per_second"] = distribution_to_json(*pool.output_tokens_per_second, false);
    // Only where set: a scenario without the legacy limits echoes as it did before them.
    if (pool.tpm) out["tpm"] = number(*pool.tpm);
    if (pool.tpd) {
        out["tpd"] = number(*pool.tpd);
        out["tpd_burst"] = format_duration(pool.tpd_burst);
    }
    add_errors(out, pool.errors);
    if (pool.max_request_tokens) out["max_request_tokens"] = number(*pool.max_request_tokens);
    return out;
}

// Only where set: a scenario without it echoes as it did before midstream existed.
void add_midstream(json& incident, const models::MidstreamConfig& midstream) {
    if (midstream.enabled())
        incident["midstream"] = {{"fraction", number(midstream.fraction)}, {"after", number(midstream.after)}};
}

json incidents_to_json(const models::IncidentsConfig& config) {
    json incidents = json::array();
    for (const auto& incident : config.scheduled) {
        json one = {{"at", format_duration(incident.at)},
                    {"for", format_duration(incident.length)},
                    {"overload", number(incident.overload)}};
        add_midstream(one, incident.midstream);
        add_errors(one, incident.errors);
        if (incident.slowdown != 1) one["slowdown"] = number(incident.slowdown);  // only where set
        incidents.push_back(one);
    }
    json random = nullptr;
    if (config.random.mean_gap > 0) {
        random = {{"every", format_duration(config.random.mean_gap)},
                  {"for", distribution_to_json(config.random.length_s, true)},
                  {"overload", number(config.random.overload)}};
        add_midstream(random, config.random.midstream);
    }
    json out{{"incidents", incidents},
             {"random", random},
             {"retry_after", format_duration(config.retry_after)},
             {"consumes_budget", config.consumes_budget},
             {"latency_factor", number(config.latency_factor)}};
    // Only where set: a scenario without it echoes as it did before.
    if (config.should_retry != models::ShouldRetry::absent)
        out["should_retry"] = config.should_retry == models::ShouldRetry::yes;
    return out;
}

json api_to_json(const models::ApiConfig& api) {
    json pools = json::object();
    for (const auto& pool : api.pools) pools[pool.name] = pool_to_json(pool);
    json out{
        {"pools", pools},
        {"burst", format_duration(api.burst)},
        {"output_accounting", models::output_accounting_name(api.output_accounting)},
        {"latency",
         {{"round_trip", distribution_to_json(api.latency.round_trip_s, true)},
          {"time_to_first_token", distribution_to_json(api.latency.time_to_first_token_s, true)},
          {"output_tokens_per_second",
           distribution_to_json(api.latency.output_tokens_per_second, false)}}},
        {"capacity", incidents_to_json(api.incidents)}};
    json workspaces = json::object();
    for (const auto& ws : api.workspaces) {
        json narrowed = json::object();
        for (const auto& pool : ws.pools)
            narrowed[pool.name] = {{"rpm", optional_limit(pool.rpm)},
                                   {"itpm", optional_limit(pool.itpm)},
                                   {"otpm", optional_limit(pool.otpm)}};
        workspaces[ws.name] = {{"pools", narrowed}};
    }
    out["workspaces"] = workspaces;
    out["spend_cap"] = api.spend_cap_usd ? json(*api.spend_cap_usd) : json("none");
    out["spend_month"] = {{"spent", api.spent_usd}, {"ends_in", format_duration(api.month_ends_at)}};
    out["acceleration"] = api.acceleration.enabled
                              ? json{{"window", format_duration(api.acceleration.window)},
                                     {"growth", number(api.acceleration.growth)},
                                     {"floor", number(api.acceleration.floor)}}
                              : json("off");
    const auto& b = api.message_batches;
    out["batches"] = {{"rpm", optional_limit(b.rpm)},
                      {"queue", optional_limit(b.queue)},
                      {"max_batch_requests", b.max_batch_requests},
                      {"turnaround", distribution_to_json(b.turnaround_s, true)},
                      {"expiry", format_duration(b.expiry)},
                      {"price_factor", number(b.price_factor)}};
    // Only where set: a scenario without a server queue echoes as it did before.
    if (api.queue.enabled())
        out["queue"] = {{"concurrency", api.queue.concurrency},
                        {"scope", api.queue.scope == models::QueueConfig::Scope::pool ? "pool" : "organization"},
                        {"timeout", format_duration(api.queue.timeout)},
                        {"timeout_status", api.queue.timeout_status}};
    return out;
}

json group_to_json(const models::ClientGroupConfig& group) {
    json workload =
        group.workload.kind == models::WorkloadConfig::Kind::fixed_items
            ? json{{"kind", "batch"}, {"items", group.workload.items}}
            : json{{"kind", "poisson"}, {"rate", rate_to_json(group.workload.rate)}};
    if (group.workload.kind == models::WorkloadConfig::Kind::trace) {
        workload = json{{"kind", "trace"}, {"file", group.workload.trace_file},
                        {"requests", group.workload.items}};
        if (group.workload.trace_rate_scale != 1)
            workload["rate_scale"] = number(group.workload.trace_rate_scale);
    }
    const auto& r = group.request;
    json out{
        {"name", group.name},
        {"workers", group.workers},
        {"start", format_duration(group.start)},
        {"workload", workload},
        {"request",
         {{"model", r.model},
          {"input_tokens", distribution_to_json(r.input_tokens, false)},
          {"cache_read_tokens", distribution_to_json(r.cache_read_tokens, false)},
          {"cache_creation_tokens", distribution_to_json(r.cache_creation_tokens, false)},
          {"max_tokens", distribution_to_json(r.max_tokens, false)},
          {"output_tokens", distribution_to_json(r.output_tokens, false)},
          {"cache_ttl", r.cache_ttl_1h ? "1h" : "5m"}}},
        {"coordination", group.coordination == models::Coordination::shared ? "shared" : "none"},
        {"timeout", format_duration(group.timeout)},
        {"deadline", format_duration(group.deadline)}};
    // A group without its own strategy (compare.strategies supplies them) has no label.
    out["strategy"] =
        group.strategy.name.empty() ? json(nullptr) : strategy_to_json(group.strategy);
    out["workspace"] = group.workspace.empty() ? json(nullptr) : json(group.workspace);
    out["batch_size"] = group.message_batch_size;
    if (!group.route.empty()) {  // only where used: other scenarios' summary.json stays as it was
        json route = json::object();
        for (const auto& r : group.route) route[r.model] = number(r.share);
        out["route"] = route;
    }
    return out;
}

}  // namespace

json distribution_to_json(const models::Distribution& distribution, bool seconds) {
    using Kind = models::Distribution::Kind;
    json out{{"dist", models::Distribution::kind_name(distribution.kind())}};
    if (distribution.kind() == Kind::empirical) {
        const auto [file, column] = split_empirical_source(distribution.source());
        out["file"] = file;
        out["column"] = column;
    }
    for (const auto& [name, value] : distribution.parameters()) {
        // mu and sigma are in ln units, the empirical count is a count.
        const bool in_units = seconds && name != "mu" && name != "sigma" && name != "count";
        out[name] = in_units ? json(format_duration_seconds(value)) : number(value);
    }
    // Its mean (after truncation, for a normal), for readers of the resolved
    // scenario: a pool's binding limit is its limits over the mean request.
    if (distribution.kind() != Kind::constant)
        out["expected_value"] =
            seconds ? json(format_duration_seconds(distribution.mean())) : number(distribution.mean());
    return out;
}

json strategy_to_json(const models::StrategyConfig& strategy) {
    json out{{"name", strategy.name},
             {"preset", strategy.strategy_preset.empty() ? json(nullptr) : json(strategy.strategy_preset)},
             {"retry", part_to_json(models::Part::retry, strategy.retry)},
             {"pacing", part_to_json(models::Part::pacing, strategy.pacing)},
             {"budget", part_to_json(models::Part::budget, strategy.budget)}};
    if (strategy.max_in_flight > 0) out["max_in_flight"] = strategy.max_in_flight;  // beside the budget
    if (strategy.routing.enabled())  // only where used, as route
        out["routing"] = {{"fallbacks", strategy.routing.fallbacks},
                          {"on", strategy.routing.on.describe()},
                          {"cooldown", format_duration_seconds(strategy.routing.cooldown_s)},
                          {"max_fallbacks", number(strategy.routing.max_fallbacks)}};
    return out;
}

json scenario_to_json(const ScenarioConfig& config) {
    json clients = json::array();
    for (const auto& group : config.clients) clients.push_back(group_to_json(group));
    json strategies = json::array();
    for (const auto& variant : config.variants) strategies.push_back(strategy_to_json(variant));
    json out{{"file", config.file},
                {"name", config.name},
                {"description", config.description},
                {"seed", config.seed},
                {"duration", format_duration(config.duration)},
                {"drain", format_duration(config.drain_limit())},
                {"replications", config.replications},
                {"confidence", config.confidence},
                {"api", api_to_json(config.api)},
                {"clients", clients},
                {"compare", {{"strategies", strategies}}},
                {"output", {{"bin", format_duration(config.bin)}}}};
    if (!config.sweep_path.empty())
        out["sweep"] = json{{"path", config.sweep_path}, {"values", config.sweep_values}};
    return out;
}

}  // namespace ratesim::scenario
