#include "sim/output/plan_report.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "sim/output/curves_file.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace {


std::string with_ci(const run::PlanTarget& t, const run::VariantResult& r) {
    const auto c = static_cast<Eigen::Index>(t.column);
    const double mean = r.summary.mean(c), half = r.summary.half_width(c);
    if (std::isnan(mean) && t.metric == "makespan_s") return "unfinished";  // items left at the end
    if (std::isnan(half) || std::isnan(mean)) return run::format_target_value(t, mean);
    return run::format_target_value(t, mean) + " ± " + run::format_target_value(t, half);
}

std::string margin_text(const run::PlanTarget& t, double margin) {
    if (t.percent) return fmt::format("{:.2f} points", margin * 100);
    return run::format_target_value(t, margin);
}

}  // namespace

std::vector<std::size_t> probes_by_value(const run::PlanResult& plan, const std::string& strategy) {
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < plan.probes.size(); ++i)
        if (plan.probes[i].strategy == strategy) indices.push_back(i);
    std::stable_sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) {
        // Numbers sort by value; anything else (tier names) keeps its given order.
        const auto x = scenario::parse_number(plan.probes[a].value).value, y = scenario::parse_number(plan.probes[b].value).value;
        return x && y && *x < *y;
    });
    return indices;
}

std::string plan_table(const run::PlanResult& plan, const std::vector<run::PlanTarget>& targets) {
    std::size_t value_width = plan.parameter.size(), strategy_width = 8;
    for (const auto& p : plan.probes) {
        value_width = std::max(value_width, p.value.size());
        strategy_width = std::max(strategy_width, p.strategy.size());
    }
    std::vector<std::size_t> widths;
    std::string out = fmt::format("{:<{}}  {:<{}}", plan.parameter, value_width, "strategy", strategy_width);
    for (const auto& t : targets) {
        widths.push_back(std::max<std::size_t>(t.text.size(), 20));
        out += fmt::format("  {:>{}}", t.text, widths.back());
    }
    out += "  meets all\n";
    out += std::string(out.size() - 1, '-') + "\n";
    for (const auto& answer : plan.answers)
        for (std::size_t i : probes_by_value(plan, answer.strategy)) {
            const run::PlanProbe& p = plan.probes[i];
            out += fmt::format("{:<{}}  {:<{}}", p.value, value_width, p.strategy, strategy_width);
            for (std::size_t t = 0; t < targets.size(); ++t)
                out += fmt::format("  {:>{}}", with_ci(targets[t], p.result) + (p.checks[t].met ? "  " : " x"),
                                   widths[t]);
            out += p.met ? "  yes" : "  no";
            out += answer.probe == i ? "  <- answer\n" : "\n";
        }
    return out;
}

std::string plan_answer(const run::PlanResult& plan, const std::vector<run::PlanTarget>& targets) {
    std::string out;
    for (const auto& answer : plan.answers) {
        if (!answer.probe) {
            out += fmt::format("{}: none of the candidates meets every target{}\n", answer.strategy,
                               answer.why.empty() ? "" : " (" + answer.why + ")");
            continue;
        }
        const run::PlanProbe& p = plan.probes[*answer.probe];
        out += fmt::format("{}: {} = {} ({})\n", answer.strategy, plan.parameter, p.value, answer.why);
        for (std::size_t t = 0; t < targets.size(); ++t)
            if (!targets[t].implied)
                out += fmt::format("    {} is {}, target {} (margin {})\n", run::target_metric_label(targets[t]),
                               with_ci(targets[t], p.result), targets[t].text,
                               margin_text(targets[t], p.checks[t].margin));
    }
    return out;
}

void write_plan_csv(const std::filesystem::path& file, const run::PlanResult& plan) {
    std::vector<run::VariantResult> ordered;
    for (const auto& answer : plan.answers)
        for (std::size_t i : probes_by_value(plan, answer.strategy)) ordered.push_back(plan.probes[i].result);
    write_curves_csv(file, plan.parameter, ordered);
}

}  // namespace ratesim::output
