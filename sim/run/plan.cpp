#include "sim/run/plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace ratesim::run {

namespace {

PlanProbe judge(std::string value, VariantResult result, const std::vector<PlanTarget>& targets) {
    result.sweep_value = value;
    PlanProbe probe{std::move(value), result.strategy_name, std::move(result), {}, true};
    for (const auto& t : targets) {
        const auto c = static_cast<Eigen::Index>(t.column);
        probe.checks.push_back(check_target(t, probe.result.summary.mean(c), probe.result.summary.half_width(c)));
        probe.met &= probe.checks.back().met;
    }
    return probe;
}

std::string format_value(double v, bool whole) {
    return whole ? fmt::format("{:.0f}", v) : fmt::format("{:.6g}", v);
}

}  // namespace

PlanResult plan_search(const scenario::ScenarioConfig& swept, const std::vector<PlanTarget>& targets,
                       const ExperimentOptions& options) {
    PlanResult plan;
    plan.parameter = swept.sweep_path;
    std::vector<VariantResult> results = run_experiment(swept, options);
    // Group by strategy, keeping the candidates' order.
    std::vector<std::string> strategies;
    for (const auto& r : results)
        if (std::find(strategies.begin(), strategies.end(), r.strategy_name) == strategies.end())
            strategies.push_back(r.strategy_name);
    for (const auto& strategy : strategies) {
        PlanAnswer answer{strategy, std::nullopt, ""};
        for (auto& r : results) {
            if (r.strategy_name != strategy) continue;
            std::string value = r.sweep_value;
            plan.probes.push_back(judge(std::move(value), std::move(r), targets));
            if (!answer.probe && plan.probes.back().met) answer.probe = plan.probes.size() - 1;
        }
        answer.why = answer.probe ? "the first candidate, in the order given, that meets every target" : "";
        plan.answers.push_back(answer);
    }
    return plan;
}

PlanResult plan_bisect(const std::string& path, double low, double high,
                       const std::function<scenario::ScenarioConfig(const std::string&)>& scenario_at,
                       const std::vector<PlanTarget>& targets, const ExperimentOptions& options) {
    PlanResult plan;
    plan.parameter = path;
    const bool whole = low == std::floor(low) && high == std::floor(high);
    const std::vector<Variant> variants = variants_of(scenario_at(format_value(high, whole)));
    for (std::size_t v = 0; v < variants.size(); ++v) {
        std::map<double, std::size_t> probes;  // value -> index in plan.probes
        auto met_at = [&](double x) {
            scenario::ScenarioConfig scenario = scenario_at(format_value(x, whole));
            if (!scenario.variants.empty()) scenario.variants = {scenario.variants[v]};
            std::vector<VariantResult> results = run_experiment(scenario, options);
            plan.probes.push_back(judge(format_value(x, whole), std::move(results.front()), targets));
            probes[x] = plan.probes.size() - 1;
            return plan.probes.back().met;
        };
        PlanAnswer answer{variants[v].name, std::nullopt, ""};
        if (!met_at(high)) {
            answer.why = fmt::format("even {} = {} misses a target", path, format_value(high, whole));
        } else if (met_at(low)) {
            answer.probe = probes[low];
            answer.why = fmt::format("the lower end of the interval already meets every target");
        } else {
            double lo = low, hi = high;
            const auto close_enough = [&] { return hi - lo <= std::max(whole ? 1.0 : 0.0, hi / 100); };
            while (!close_enough()) {
                double mid = (lo + hi) / 2;
                if (whole) mid = std::floor(mid);
                if (mid <= lo || mid >= hi) break;
                (met_at(mid) ? hi : lo) = mid;
            }
            answer.probe = probes[hi];
            answer.why = fmt::format("bisection: {} misses a target, {} meets them all", format_value(lo, whole),
                                     format_value(hi, whole));
        }
        plan.answers.push_back(answer);
    }
    return plan;
}

}  // namespace ratesim::run
