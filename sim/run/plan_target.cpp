#include "sim/run/plan_target.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/run/metric_columns.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/spelling_hints.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::run {

namespace {

// What a target may name a metric: every summary column, times also without
// their _s, and the short names of the latency quantiles.
struct MetricName {
    std::string name;
    std::size_t column;
};
const std::vector<MetricName>& metric_names() {
    static const std::vector<MetricName> names = [] {
        std::vector<MetricName> out;
        const auto& columns = metric_columns();
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::string name = columns[c].name;
            out.push_back({name, c});
            if (name.size() > 2 && name.compare(name.size() - 2, 2, "_s") == 0)
                out.push_back({name.substr(0, name.size() - 2), c});
        }
        for (const char* q : {"p50", "p90", "p99"})
            for (std::size_t c = 0; c < columns.size(); ++c)
                if (columns[c].name == "latency_" + std::string(q) + "_s") out.push_back({q, c});
        return out;
    }();
    return names;
}


bool is_time(const std::string& metric) {
    return metric.size() > 2 && metric.compare(metric.size() - 2, 2, "_s") == 0;
}

bool is_fraction(const std::string& metric) {
    return metric.rfind("rate_", 0) == 0 || metric.rfind("util_", 0) == 0;
}

}  // namespace

PlanTarget parse_plan_target(const std::string& text, const std::string& where,
                             const std::vector<std::string>& groups) {
    auto fail = [&](const std::string& problem, const std::string& allowed) {
        throw scenario::ScenarioError(fmt::format("{}: error: target '{}': {}; allowed: {}", where, text, problem, allowed));
    };
    PlanTarget t;
    t.text = scenario::trim(text);
    auto op = t.text.find("<=");
    if (op != std::string::npos) {
        t.at_most = true;
    } else if ((op = t.text.find(">=")) != std::string::npos) {
        t.at_most = false;
    } else {
        fail("no '<=' or '>='", "METRIC <= VALUE or METRIC >= VALUE, e.g. makespan <= 1h, rate_429 <= 1%");
    }
    std::string metric = scenario::trim(t.text.substr(0, op));
    const std::string value = scenario::trim(t.text.substr(op + 2));
    if (const auto dot = metric.rfind('.'); dot != std::string::npos) {
        t.group = metric.substr(0, dot);
        metric = metric.substr(dot + 1);
        const auto named = std::find(groups.begin(), groups.end(), t.group);
        if (named == groups.end())
            fail(scenario::unknown_with_hint("group", t.group, groups),
                 groups.empty() ? std::string("a metric without a group")
                                : "GROUP.METRIC with GROUP one of " + scenario::join(groups));
        t.group_index = static_cast<std::size_t>(named - groups.begin());
    }
    std::vector<std::string> names;
    for (const auto& n : metric_names()) {
        names.push_back(n.name);
        if (n.name == metric && t.metric.empty()) {
            t.metric = metric_columns()[n.column].name;
            t.column = n.column;
        }
    }
    if (t.metric.empty()) {
        std::vector<std::string> columns;
        for (const auto& c : metric_columns()) columns.push_back(c.name);
        fail(scenario::unknown_with_hint("metric", metric, names),
             scenario::join(columns) + " (times also without _s; p50, p90, p99 for latency_p50_s, ...)");
    }
    t.seconds = is_time(t.metric);
    t.percent = is_fraction(t.metric);
    if (t.seconds) {
        const auto d = scenario::parse_duration_seconds(value);
        if (!d) fail(fmt::format("'{}' is not a duration", value), scenario::kDurationForms);
        t.bound = *d.value;
    } else if (!value.empty() && value.back() == '%') {
        const auto n = scenario::parse_number(value.substr(0, value.size() - 1));
        if (!n) fail(fmt::format("'{}' is not a percentage", value), "a number followed by %, e.g. 1%");
        t.bound = *n.value / 100;
    } else {
        const auto n = scenario::parse_count(value);
        if (!n) fail(fmt::format("'{}' is not a number", value), scenario::kCountForms);
        t.bound = *n.value;
    }
    if (t.bound < 0) fail(fmt::format("{} is negative", value), "a bound of 0 or more: every metric is");
    if (t.percent && t.bound > 1)
        fail(fmt::format("{} is above 100%", value), "a rate from 0 to 1, or 0% to 100%");
    return t;
}

std::vector<PlanTarget> plan_targets(const scenario::PlanConfig& plan,
                                     const std::vector<models::ClientGroupConfig>& groups) {
    std::vector<std::string> names;
    for (const auto& g : groups) names.push_back(g.name);
    std::vector<PlanTarget> targets;
    bool about_items = false;
    for (const auto& t : plan.targets) {
        targets.push_back(parse_plan_target(t.text, t.where, names));
        const std::string& m = targets.back().metric;
        about_items |= m == "failed" || m == "pending" || m == "in_progress" || m == "unserved" || m == "succeeded";
    }
    if (about_items || targets.empty()) return targets;
    auto imply = [&](const std::string& text) {
        targets.push_back(parse_plan_target(text, "(implied)", names));
        targets.back().implied = true;
    };
    auto owed = [](const models::ClientGroupConfig& g) {
        return g.workload.kind == models::WorkloadConfig::Kind::fixed_items ? "pending <= 0" : "unserved <= 0";
    };
    imply("failed <= 0");
    if (groups.size() == 1) {
        imply(owed(groups.front()));
    } else {
        for (const auto& g : groups) imply(g.name + "." + owed(g));
    }
    return targets;
}

std::string target_metric_label(const PlanTarget& target) {
    const std::string metric =
        target.seconds ? target.metric.substr(0, target.metric.size() - 2) : target.metric;
    return target.group.empty() ? metric : target.group + "." + metric;
}

const ColumnSummary& target_summary(const PlanTarget& target, const VariantResult& result) {
    if (target.group_index && *target.group_index < result.groups.size())
        return result.groups[*target.group_index].summary;
    return result.summary;
}

TargetCheck check_target(const PlanTarget& target, double mean, double half_width) {
    if (std::isnan(mean)) return {false, -INFINITY};  // e.g. no makespan: items left unfinished
    const double spread = std::isnan(half_width) ? 0.0 : half_width;
    const double worst = target.at_most ? mean + spread : mean - spread;
    const double margin = target.at_most ? target.bound - worst : worst - target.bound;
    return {margin >= 0, margin};
}

std::string format_target_value(const PlanTarget& target, double value) {
    if (std::isnan(value)) return "-";
    if (target.seconds) return scenario::display_duration(value);
    if (target.percent) return fmt::format("{:.2f}%", value * 100);
    return fmt::format("{:.4g}", value);
}

}  // namespace ratesim::run
