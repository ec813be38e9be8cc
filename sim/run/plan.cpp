#include "sim/run/plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "sim/scenario/tier_presets.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/sweep_option.hpp"

namespace ratesim::run {

namespace {

PlanProbe judge(std::string value, VariantResult result, const std::vector<PlanTarget>& targets) {
    result.sweep_value = value;
    PlanProbe probe{std::move(value), result.strategy_name, std::move(result), {}, true};
    for (const auto& t : targets) {
        const ColumnSummary& summary = target_summary(t, probe.result);
        probe.checks.push_back(check_target(t, summary.mean[t.column], summary.half_width[t.column]));
        probe.met &= probe.checks.back().met;
    }
    return probe;
}

// What `probe` missed, for an answer that found no candidate: a growing
// backlog said as such, other targets by their values.
std::string misses(const PlanProbe& probe, const std::vector<PlanTarget>& targets) {
    std::string out;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (probe.checks[i].met) continue;
        const PlanTarget& t = targets[i];
        const double mean = target_summary(t, probe.result).mean[t.column];
        std::string miss;
        if (std::isnan(mean) && t.metric == "makespan_s")
            miss = fmt::format("{} is unfinished", target_metric_label(t));
        else if (t.metric == "unserved")
            miss = fmt::format("the backlog grew{}: {:.0f} items that arrived were never served by the end of "
                               "the drain", t.group.empty() ? "" : " in " + t.group, mean);
        else
            miss = fmt::format("{} is {}", target_metric_label(t), format_target_value(t, mean));
        out += (out.empty() ? "" : "; ") + miss;
    }
    return out;
}

std::string format_value(double v, bool whole) {
    return whole ? fmt::format("{:.0f}", v) : fmt::format("{:.6g}", v);
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ",") + v;
    return out;
}

// The limits of the pools that serve the scenario's client groups.
std::vector<std::optional<double>> limits_in_use(const scenario::ScenarioConfig& scenario) {
    std::vector<std::optional<double>> limits;
    for (const auto& group : scenario.clients)
        for (const auto& pool : scenario.api.pools)
            if (std::find(pool.models.begin(), pool.models.end(), group.request.model) != pool.models.end())
                limits.insert(limits.end(), {pool.rpm, pool.itpm, pool.otpm, pool.tpm, pool.tpd});
    return limits;
}

// The tiers of the plan's family, cheapest first.
std::vector<std::string> family_tiers(const scenario::PlanConfig& plan) {
    try {
        return scenario::tier_preset_family_tiers(plan.family);
    } catch (const scenario::ScenarioError& e) {
        throw scenario::ScenarioError(plan.where + ": " + e.what());
    }
}

}  // namespace

void check_plannable(const scenario::ScenarioConfig& scenario) {
    if (!scenario.sweep_path.empty())
        throw scenario::ScenarioError(fmt::format(
            "{}: error: sweep: plan chooses among its own candidates; allowed: a scenario without "
            "sweep (use plan.search for candidates)", scenario.file));
}

std::string candidates_set(const scenario::PlanConfig& plan) {
    if (plan.mode == scenario::PlanConfig::Mode::tiers)
        return scenario::sweep_option_as_set("api.preset=" + joined(family_tiers(plan)));
    return scenario::sweep_option_as_set(plan.path + "=" + joined(plan.values));
}

void check_candidates(const scenario::PlanConfig& plan, const scenario::ScenarioConfig& swept) {
    if (plan.mode != scenario::PlanConfig::Mode::tiers) return;
    // The scenario's own api.pools win over every tier's: then all tiers are one.
    bool differ = false;
    for (const auto& point : swept.sweep_points)
        differ |= limits_in_use(point) != limits_in_use(swept.sweep_points.front());
    if (!differ)
        throw scenario::ScenarioError(fmt::format(
            "{}: error: every {} tier gives the same limits here, because the scenario's own "
            "api.pools override the preset's; allowed: a scenario whose api names the preset "
            "(api.preset) without writing the pools out, or --search/--bisect over a limit",
            plan.where, plan.family));
}

PlanResult plan(const scenario::PlanConfig& plan, const ScenarioWithSet& with_set,
                const std::vector<PlanTarget>& targets, const ExperimentOptions& options) {
    if (plan.mode == scenario::PlanConfig::Mode::bisect)
        return plan_bisect(plan.path, plan.low, plan.high,
                           [&](const std::string& v) { return with_set(plan.path + "=" + v); }, targets, options);
    const scenario::ScenarioConfig swept = with_set(candidates_set(plan));
    check_candidates(plan, swept);
    return plan_search(swept, targets, options);
}

PlanResult plan_search(const scenario::ScenarioConfig& swept, const std::vector<PlanTarget>& targets,
                       const ExperimentOptions& options) {
    return judge_candidates(swept, run_experiment(swept, options), targets);
}

PlanResult judge_candidates(const scenario::ScenarioConfig& swept, std::vector<VariantResult> results,
                            const std::vector<PlanTarget>& targets) {
    PlanResult plan;
    plan.parameter = swept.sweep_path;
    plan.candidates = swept.sweep_values;
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
        if (answer.probe)
            answer.why = "the first candidate, in the order given, that meets every target";
        else if (!plan.probes.empty())
            answer.why = fmt::format("at {}: {}", plan.probes.back().value, misses(plan.probes.back(), targets));
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
            answer.why = fmt::format("even {} = {} misses a target: {}", path, format_value(high, whole),
                                     misses(plan.probes[probes[high]], targets));
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
