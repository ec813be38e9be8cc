#include "sim/output/plan_report.hpp"
#include "sim/output/written_file.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/run/statistics.hpp"

#include "sim/output/curves_file.hpp"
#include "sim/output/gnuplot_runner.hpp"
#include "sim/output/plan_plots.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace {

std::string with_ci(const run::PlanTarget& t, const run::VariantResult& r) {
    const std::size_t c = t.column;
    const run::ColumnSummary& summary = run::target_summary(t, r);
    const double mean = summary.mean[c], half = summary.half_width[c];
    if (std::isnan(mean) && t.metric == "makespan_s") return "unfinished";  // items left at the end
    if (std::isnan(half) || std::isnan(mean)) return run::format_target_value(t, mean);
    return run::format_target_value(t, mean) + " ± " + run::format_target_value(t, half);
}

std::string margin_text(const run::PlanTarget& t, double margin) {
    if (t.percent) return fmt::format("{:.2f} points", margin * 100);
    return run::format_target_value(t, margin);
}

std::string listed(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

// How the candidates were chosen.
std::string method(const scenario::PlanConfig& plan, const run::PlanResult& result) {
    switch (plan.mode) {
        case scenario::PlanConfig::Mode::bisect:
            return fmt::format("bisecting {} over {}..{}", plan.path, plan.low, plan.high);
        case scenario::PlanConfig::Mode::search:
            return fmt::format("searching {} over {}", plan.path, listed(result.candidates));
        default:  // tiers
            return fmt::format("trying the {} tiers, cheapest first: {}", plan.family, listed(result.candidates));
    }
}

std::string plan_text(const scenario::ScenarioConfig& scenario, const scenario::PlanConfig& plan,
                      const run::PlanResult& result, const std::vector<run::PlanTarget>& targets) {
    std::string text =
        fmt::format("{}: {}\n{}; targets: ", scenario.name, scenario.description, method(plan, result));
    for (std::size_t i = 0; i < targets.size(); ++i) text += (i ? ", " : "") + targets[i].text;
    text += fmt::format(
        "\na target is met when the whole {} confidence interval of its mean over {} replication{} "
        "lies inside it; x marks a miss\n\n",
        run::confidence_percent(scenario.confidence), scenario.replications, scenario.replications == 1 ? " (so: when the mean is)" : "s");
    return text + plan_table(result, targets) + "\nanswer:\n" + plan_answer(result, targets);
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

PlanFiles write_plan_files(const std::filesystem::path& dir, const scenario::ScenarioConfig& scenario,
                           const scenario::PlanConfig& plan, const run::PlanResult& result,
                           const std::vector<run::PlanTarget>& targets, bool plots,
                           const std::atomic<bool>* stop) {
    PlanFiles files;
    files.text = plan_text(scenario, plan, result, targets);
    {
        std::ofstream answer(dir / "plan.txt");
        answer << files.text;
        close_written(answer, dir / "plan.txt");
    }
    write_plan_csv(dir / "plan.csv", result);
    if (!plots) return files;
    files.plots = ", plots/plan_*.png";
    const auto plots_dir = dir / "plots";
    std::filesystem::create_directories(plots_dir);
    const GnuplotRun run = run_gnuplot(plots_dir, write_plan_plots(plots_dir, result, targets), stop);
    if (run.status != GnuplotRun::Status::done) {
        files.plots = ", plots/plan_*.gp (not drawn)";
        files.notice = run.status == GnuplotRun::Status::missing
                           ? "gnuplot is not installed, so the plan's plots were not drawn "
                             "(apt-get install gnuplot-nox)"
                           : "gnuplot failed on the plan's plots:\n" + run.message;
    }
    return files;
}

}  // namespace ratesim::output
