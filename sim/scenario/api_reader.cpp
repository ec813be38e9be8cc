// The `api:` section: limit pools, burst, output accounting, latency, capacity.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_values.hpp"
#include "sim/scenario/limits_reader.hpp"
#include "sim/scenario/sections.hpp"

namespace ratesim::scenario {

namespace {

constexpr std::string_view kPool = "api.pools.*";

// x-should-retry: true, false, or none (not sent).
models::ShouldRetry read_should_retry(const YamlNode& node) {
    if (node.is_scalar() && node.text("") == "none") return models::ShouldRetry::absent;
    return node.boolean() ? models::ShouldRetry::yes : models::ShouldRetry::no;
}

// A list of <error rule> maps: api.pools.*.errors, api.capacity.incidents[].errors.
std::vector<models::ErrorRule> read_error_rules(const YamlNode& node) {
    constexpr std::string_view kRule = "<error rule>";
    const std::string forms = "a list of {" + join(keys_of(kRule)) + "}";
    std::vector<models::ErrorRule> rules;
    double total = 0;
    for (const YamlNode& item : node.elements(forms)) {
        item.expect_map(forms);
        item.check_keys(keys_of(kRule));
        models::ErrorRule rule;
        const KeySpec& status = key_spec(kRule, "status");
        const YamlNode status_node = require_key(item, status);
        rule.status = static_cast<int>(read_integer(status_node, status));
        if (rule.status != 408 && rule.status != 409 && rule.status != 500 && rule.status != 504)
            status_node.error(fmt::format("status {} is not one ratesim answers at random", rule.status),
                              std::string(status.forms));
        rule.rate = require_key(item, key_spec(kRule, "rate")).fraction();
        total += rule.rate;
        if (auto v = item.get("should_retry")) rule.should_retry = read_should_retry(*v);
        if (auto v = item.get("retry_after"))
            rule.retry_after = read_duration(*v, key_spec(kRule, "retry_after"));
        if (total > 1)
            item.error(fmt::format("the rates add up to {} here", total), "rates that add up to at most 1");
        rules.push_back(rule);
    }
    return rules;
}

models::OutputAccounting read_accounting(const YamlNode& node, const KeySpec& key) {
    return read_choice(node, key) == "streamed" ? models::OutputAccounting::streamed
                                                : models::OutputAccounting::reserve_max_tokens;
}

std::vector<models::PoolConfig> read_pools(const YamlNode& node,
                                           models::OutputAccounting default_accounting) {
    const char* what = "a map of pool name -> {models: [...], rpm, itpm, otpm}";
    node.expect_map(what);
    const auto entries = node.entries();
    if (entries.empty())
        node.error("no pools",
                   "at least one pool, e.g. sonnet: {models: [claude-sonnet-4-5], rpm: 50}");
    node.check_keys([&] {
        std::vector<std::string> names;
        for (const auto& entry : entries) names.push_back(entry.first);
        return names;
    }());                                      // duplicates and non-string keys
    std::map<std::string, std::string> owner;  // model -> pool
    std::vector<models::PoolConfig> pools;
    for (const auto& [name, pool_node] : entries) {
        if (name.empty()) pool_node.error("the pool name is empty", "a non-empty name");
        pool_node.check_keys(keys_of(kPool));
        models::PoolConfig pool;
        pool.name = name;
        const std::string model_forms(key_spec(kPool, "models").forms);
        const auto models = pool_node.require("models", model_forms).elements(model_forms);
        if (models.empty())
            pool_node.require("models", model_forms).error("the list is empty", model_forms);
        for (const YamlNode& model_node : models) {
            const std::string model = model_node.text("a model name");
            if (model.empty()) model_node.error("the model name is empty", "a model name");
            if (auto it = owner.find(model); it != owner.end())
                model_node.error(
                    fmt::format("model '{}' is already in pool '{}'", model, it->second),
                    "each model in one pool only");
            owner[model] = name;
            pool.models.push_back(model);
        }
        if (auto v = pool_node.get("rpm")) pool.rpm = read_count(*v, key_spec(kPool, "rpm"));
        if (auto v = pool_node.get("itpm")) pool.itpm = read_count(*v, key_spec(kPool, "itpm"));
        if (auto v = pool_node.get("otpm")) pool.otpm = read_count(*v, key_spec(kPool, "otpm"));
        if (auto v = pool_node.get("tpm")) pool.tpm = read_count(*v, key_spec(kPool, "tpm"));
        if (auto v = pool_node.get("tpd")) pool.tpd = read_count(*v, key_spec(kPool, "tpd"));
        if (auto v = pool_node.get("tpd_burst"))
            pool.tpd_burst = read_duration(*v, key_spec(kPool, "tpd_burst"));
        pool.output_accounting = default_accounting;
        if (auto v = pool_node.get("output_accounting"))
            pool.output_accounting = read_accounting(*v, key_spec(kPool, "output_accounting"));
        if (auto v = pool_node.get("cache_reads_count")) pool.cache_reads_count = v->boolean();
        if (auto v = pool_node.get("errors")) pool.errors = read_error_rules(*v);
        if (auto v = pool_node.get("max_request_tokens"))
            pool.max_request_tokens = read_count(*v, key_spec(kPool, "max_request_tokens"));
        pools.push_back(std::move(pool));
    }
    return pools;
}

models::LatencyConfig read_latency(const YamlNode& node, const std::string& base_dir) {
    node.check_keys(keys_of("api.latency"));
    models::LatencyConfig latency;
    if (auto v = node.get("round_trip"))
        latency.round_trip_s = read_distribution(*v, Quantity::duration, base_dir);
    if (auto v = node.get("time_to_first_token"))
        latency.time_to_first_token_s = read_distribution(*v, Quantity::duration, base_dir);
    if (auto v = node.get("output_tokens_per_second")) {
        const auto d = read_distribution(*v, Quantity::number, base_dir);
        using Kind = models::Distribution::Kind;
        const bool bounded =
            d.kind() == Kind::constant || d.kind() == Kind::uniform || d.kind() == Kind::empirical;
        if ((bounded && !(d.min() > 0)) || (d.kind() == Kind::normal && !(d.mean() > 0)))
            v->error(fmt::format("the distribution {} allows a speed of 0", d.describe()),
                     "a speed > 0 tokens per second");
        latency.output_tokens_per_second = d;
    }
    return latency;
}

models::MidstreamConfig read_midstream(const YamlNode& node, std::string_view section) {
    node.expect_map("a map {fraction, after}");
    node.check_keys(keys_of(section));
    models::MidstreamConfig midstream;
    midstream.fraction = require_key(node, key_spec(section, "fraction")).fraction();
    if (auto v = node.get("after")) midstream.after = v->fraction();
    return midstream;
}

models::IncidentConfig read_incident(const YamlNode& node) {
    constexpr std::string_view kSection = "api.capacity.incidents[]";
    node.check_keys(keys_of(kSection));
    const KeySpec& at = key_spec(kSection, "at");
    const KeySpec& length = key_spec(kSection, "for");
    models::IncidentConfig incident;
    incident.at = read_duration(require_key(node, at), at);
    incident.length = read_duration(require_key(node, length), length);
    incident.overload = require_key(node, key_spec(kSection, "overload")).fraction();
    if (auto v = node.get("midstream")) incident.midstream = read_midstream(*v, "api.capacity.incidents[].midstream");
    if (auto v = node.get("errors")) incident.errors = read_error_rules(*v);
    if (auto v = node.get("slowdown")) incident.slowdown = read_number(*v, key_spec(kSection, "slowdown"));
    return incident;
}

models::IncidentsConfig read_incidents(const YamlNode& node, const std::string& base_dir) {
    node.check_keys(keys_of("api.capacity"));
    models::IncidentsConfig incidents;
    if (auto v = node.get("incidents")) {
        const std::string forms = "a list of {" + join(keys_of("api.capacity.incidents[]")) + "}";
        for (const YamlNode& item : v->elements(forms))
            incidents.scheduled.push_back(read_incident(item));
        std::stable_sort(incidents.scheduled.begin(), incidents.scheduled.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });
    }
    if (auto v = node.get("random")) {
        v->check_keys(keys_of("api.capacity.random"));
        const KeySpec& every = key_spec("api.capacity.random", "every");
        incidents.random.mean_gap = read_duration(require_key(*v, every), every);
        if (auto length = v->get("for")) {
            incidents.random.length_s = read_distribution(*length, Quantity::duration, base_dir);
            if (!(incidents.random.length_s.max() > 0))
                length->error("incidents would last 0s", "a duration distribution with values > 0");
        }
        if (auto overload = v->get("overload")) incidents.random.overload = overload->fraction();
        if (auto midstream = v->get("midstream"))
            incidents.random.midstream = read_midstream(*midstream, "api.capacity.random.midstream");
    }
    if (auto v = node.get("retry_after"))
        incidents.retry_after = read_duration(*v, key_spec("api.capacity", "retry_after"));
    if (auto v = node.get("should_retry")) incidents.should_retry = read_should_retry(*v);
    if (auto v = node.get("consumes_budget")) incidents.consumes_budget = v->boolean();
    if (auto v = node.get("latency_factor"))
        incidents.latency_factor = read_number(*v, key_spec("api.capacity", "latency_factor"));
    return incidents;
}

// api.queue: off, or {concurrency, scope, timeout, timeout_status}.
models::QueueConfig read_queue(const YamlNode& node) {
    constexpr std::string_view kSection = "api.queue";
    models::QueueConfig q;
    if (node.is_scalar() && node.raw().Scalar() == key_spec("api", "queue").alternative) return q;
    node.expect_map(std::string(key_spec("api", "queue").forms));
    node.check_keys(keys_of(kSection));
    const KeySpec& concurrency = key_spec(kSection, "concurrency");
    q.concurrency = read_integer(require_key(node, concurrency), concurrency);
    if (auto v = node.get("scope"))
        q.scope = read_choice(*v, key_spec(kSection, "scope")) == "organization"
                      ? models::QueueConfig::Scope::organization
                      : models::QueueConfig::Scope::pool;
    if (auto v = node.get("timeout")) q.timeout = read_duration(*v, key_spec(kSection, "timeout"));
    if (auto v = node.get("timeout_status")) {
        const KeySpec& status = key_spec(kSection, "timeout_status");
        q.timeout_status = static_cast<int>(read_integer(*v, status));
        if (q.timeout_status != models::status::overloaded &&
            q.timeout_status != models::status::gateway_timeout)
            v->error(fmt::format("status {} is not one a queue timeout answers", q.timeout_status),
                     std::string(status.forms));
    }
    return q;
}

}  // namespace

models::ApiConfig read_api(const YamlNode& node, const std::string& base_dir) {
    node.expect_map("a map with keys pools, burst, output_accounting, latency, capacity");
    // `preset` was merged in by the loader (sim/scenario/tier_presets.hpp).
    node.check_keys(keys_of("api"));
    models::ApiConfig api;
    if (auto v = node.get("burst")) api.burst = read_duration(*v, key_spec("api", "burst"));
    if (auto v = node.get("output_accounting"))
        api.output_accounting = read_accounting(*v, key_spec("api", "output_accounting"));
    api.pools = read_pools(node.require("pools", "a map of pool name -> {models, rpm, itpm, otpm}"),
                           api.output_accounting);
    if (auto v = node.get("latency")) api.latency = read_latency(*v, base_dir);
    apply_model_latency(api.pools, node.get("latency"));
    if (auto v = node.get("capacity")) api.incidents = read_incidents(*v, base_dir);
    if (auto v = node.get("workspaces")) api.workspaces = read_workspaces(*v, api.pools);
    if (auto v = node.get("spend_cap")) api.spend_cap_usd = read_spend_cap(*v);
    if (auto v = node.get("spend_month")) read_spend_month(*v, api);
    if (auto v = node.get("acceleration")) api.acceleration = read_acceleration(*v);
    if (auto v = node.get("batches")) api.message_batches = read_message_batches(*v, base_dir);
    if (auto v = node.get("queue")) api.queue = read_queue(*v);
    return api;
}

}  // namespace ratesim::scenario
