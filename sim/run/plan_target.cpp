#include "sim/run/plan_target.hpp"

#include <cmath>

#include <fmt/format.h>

#include "sim/run/metric_columns.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::run {

namespace {

std::string metric_names() {
    std::string names;
    for (const auto& c : metric_columns()) names += (names.empty() ? "" : ", ") + std::string(c.name);
    return names;
}

bool is_time(const std::string& metric) {
    return metric.size() > 2 && metric.compare(metric.size() - 2, 2, "_s") == 0;
}

bool is_fraction(const std::string& metric) {
    return metric.rfind("rate_", 0) == 0 || metric.rfind("util_", 0) == 0;
}

}  // namespace

PlanTarget parse_plan_target(const std::string& text, const std::string& where) {
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
    const auto& columns = metric_columns();
    bool found = false;
    for (std::size_t c = 0; c < columns.size() && !found; ++c) {
        const std::string name = columns[c].name;
        if (name == metric || name == metric + "_s") {
            t.metric = name;
            t.column = c;
            found = true;
        }
    }
    if (!found) fail(fmt::format("unknown metric '{}'", metric), metric_names());
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

std::vector<PlanTarget> plan_targets(const scenario::PlanConfig& plan) {
    std::vector<PlanTarget> targets;
    bool about_items = false;
    for (const auto& t : plan.targets) {
        targets.push_back(parse_plan_target(t.text, t.where));
        const std::string& m = targets.back().metric;
        about_items |= m == "failed" || m == "pending" || m == "succeeded";
    }
    if (!about_items && !targets.empty()) {
        for (const char* implied : {"failed <= 0", "pending <= 0"}) {
            targets.push_back(parse_plan_target(implied, "(implied)"));
            targets.back().implied = true;
        }
    }
    return targets;
}

std::string target_metric_label(const PlanTarget& target) {
    return target.seconds ? target.metric.substr(0, target.metric.size() - 2) : target.metric;
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
