#include "sim/output/scenario_limits.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "sim/scenario/rate_profile_json.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace {

using nlohmann::json;

std::optional<double> limit_of(const json& pool, const char* key) {
    if (!pool.contains(key) || !pool[key].is_number()) return std::nullopt;
    return pool[key].get<double>();
}

// A token distribution's mean as the resolved scenario states it: a
// constant's value, else its expected_value (0 when absent).
double distribution_mean(const json& request, const char* key) {
    const json d = request.value(key, json());
    if (d.is_number()) return d.get<double>();
    if (!d.is_object()) return 0;
    const json x = d.value(d.value("dist", "") == "constant" ? "value" : "expected_value", json());
    return x.is_number() ? x.get<double>() : 0;
}

// How many requests a group sends over a run: its items, or for a Poisson
// group its rate integrated over the duration; 0 for a trace group.
double requests_sent(const json& scenario, const json& group) {
    const json workload = group.value("workload", json::object());
    const std::string kind = workload.value("kind", "");
    if (kind == "batch" && workload.value("items", json()).is_number())
        return workload["items"].get<double>();
    if (kind == "poisson") {
        const auto rate = scenario::rate_from_json(workload.value("rate", json()));
        const auto duration = scenario::parse_duration_seconds(scenario.value("duration", ""));
        if (rate && duration.value) return rate->integral(0, *duration.value);
    }
    return 0;
}

bool calls_pool(const json& group, const json& pool) {
    const std::string model = group.value("/request/model"_json_pointer, std::string());
    for (const auto& m : pool.value("models", json::array()))
        if (m.is_string() && m.get<std::string>() == model) return true;
    return false;
}

std::string binding_text(const run::BindingLimit& b) {
    if (b.dimension == run::LimitDimension::rpm) return fmt::format("RPM {:g}/min", b.limit);
    // A daily limit allows well under one request a minute: two significant digits.
    if (b.dimension == run::LimitDimension::tpd)
        return fmt::format("TPD {}/day ≈ {:.2g} requests/min", limit_text(b.limit), b.requests_per_minute);
    return fmt::format("{} {} ≈ {:.0f} requests/min", run::limit_dimension_name(b.dimension),
                       limit_text(b.limit), b.requests_per_minute);
}

}  // namespace

std::string limit_text(double limit) {
    const double a = std::fabs(limit);
    if (a >= 1e6 && std::fmod(a, 1e5) == 0) return fmt::format("{:g}M", limit / 1e6);
    if (a >= 1e3 && std::fmod(a, 100) == 0) return fmt::format("{:g}k", limit / 1e3);
    return fmt::format("{:g}", limit);
}

run::MeanRequest mean_request_of_group(const json& group, bool cache_reads_count) {
    const json request = group.value("request", json::object());
    const double input = distribution_mean(request, "input_tokens") + distribution_mean(request, "cache_creation_tokens") +
                         (cache_reads_count ? distribution_mean(request, "cache_read_tokens") : 0.0);
    return {input, std::min(distribution_mean(request, "output_tokens"), distribution_mean(request, "max_tokens"))};
}

run::MeanRequest mean_request_of_pool(const json& scenario, const std::string& pool_name) {
    const json pool = scenario.value("/api/pools"_json_pointer, json::object()).value(pool_name, json::object());
    const bool reads_count = pool.value("cache_reads_count", false);
    double weight = 0, input = 0, output = 0;
    for (const auto& group : scenario.value("clients", json::array())) {
        if (!calls_pool(group, pool)) continue;
        const double w = requests_sent(scenario, group);
        if (w <= 0) continue;
        const run::MeanRequest mean = mean_request_of_group(group, reads_count);
        input += w * mean.input_tokens;
        output += w * mean.output_tokens;
        weight += w;
    }
    if (weight <= 0) return {};
    return {input / weight, output / weight};
}

std::optional<ScenarioBinding> scenario_binding_limit(const json& scenario) {
    std::set<std::string> used;
    for (const auto& group : scenario.value("clients", json::array()))
        used.insert(group.value("/request/model"_json_pointer, std::string()));
    ScenarioBinding out;
    std::set<run::LimitDimension> dimensions;
    bool any = false;
    const json pools = scenario.value("/api/pools"_json_pointer, json::object());
    for (const auto& [name, pool] : pools.items()) {
        bool serves = false;
        for (const auto& model : pool.value("models", json::array()))
            serves |= model.is_string() && used.count(model.get<std::string>()) > 0;
        if (!serves) continue;
        const auto b = run::binding_limit({limit_of(pool, "rpm"), limit_of(pool, "itpm"), limit_of(pool, "otpm"),
                                            limit_of(pool, "tpm"), limit_of(pool, "tpd")},
                                          mean_request_of_pool(scenario, name));
        if (!b) return std::nullopt;
        out.requests_per_minute += b->requests_per_minute;
        out.label += (out.label.empty() ? "" : "; ") + binding_text(*b);
        dimensions.insert(b->dimension);
        any = true;
    }
    if (!any) return std::nullopt;
    if (dimensions.size() == 1) out.dimension = *dimensions.begin();
    return out;
}

}  // namespace ratesim::output
