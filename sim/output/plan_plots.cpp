#include "sim/output/plan_plots.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "sim/output/plan_report.hpp"
#include "sim/output/plot_style.hpp"
#include "sim/run/statistics.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace {


// "tier-2" for "anthropic-2025/tier-2": the family is in the axis label.
std::string short_label(const std::string& value) { return value.substr(value.rfind('/') + 1); }

}  // namespace

TargetUnit target_unit(const run::PlanTarget& target) {
    if (target.percent) return {100, "%"};
    if (!target.seconds) return {1, ""};
    // The unit the bound was written in: the letters that end the target's text.
    std::size_t end = target.text.size();
    while (end > 0 && std::isspace(static_cast<unsigned char>(target.text[end - 1]))) --end;
    std::size_t start = end;
    while (start > 0 && std::isalpha(static_cast<unsigned char>(target.text[start - 1]))) --start;
    const std::string unit = target.text.substr(start, end - start);
    if (unit == "ms") return {1000, "ms"};
    if (unit == "m" || unit == "min") return {1.0 / 60, "min"};
    if (unit == "h") return {1.0 / 3600, "h"};
    if (unit == "d") return {1.0 / 86400, "d"};
    return {1, "s"};
}

std::vector<std::string> write_plan_plots(const std::filesystem::path& dir, const run::PlanResult& plan,
                                          const std::vector<run::PlanTarget>& targets) {
    // Candidates on the x axis: by value when every candidate is a number,
    // else in the order given (tier names), labelled.
    std::vector<std::string> labels;
    bool all_numeric = true;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& answer : plan.answers)
        for (std::size_t i : probes_by_value(plan, answer.strategy)) {
            const std::string& v = plan.probes[i].value;
            if (std::find(labels.begin(), labels.end(), v) == labels.end()) labels.push_back(v);
            const auto x = scenario::parse_number(v).value;
            all_numeric &= x.has_value();
            if (all_numeric) lo = std::min(lo, *x), hi = std::max(hi, *x);
        }
    const bool log_x = all_numeric && lo > 0 && hi / lo >= 16;
    std::vector<std::string> scripts;
    for (std::size_t target = 0; target < targets.size(); ++target) {
        const run::PlanTarget& t = targets[target];
        if (t.implied) continue;
        const TargetUnit unit_of_target = target_unit(t);
        const double scale = unit_of_target.scale;
        bool any_miss = false;
        const std::string name = "plan_" + (t.group.empty() ? "" : t.group + "_") + t.metric;
        std::string data;
        std::vector<std::string> clauses;
        for (std::size_t s = 0; s < plan.answers.size(); ++s) {
            data += fmt::format("# {}\n# x mean ci_low ci_high candidate missed_mean\n", plan.answers[s].strategy);
            for (std::size_t i : probes_by_value(plan, plan.answers[s].strategy)) {
                const run::PlanProbe& p = plan.probes[i];
                double x = static_cast<double>(std::find(labels.begin(), labels.end(), p.value) - labels.begin());
                if (all_numeric) x = *scenario::parse_number(p.value).value;
                const std::size_t c = t.column;
                const run::ColumnSummary& summary = run::target_summary(t, p.result);
                const double mean = summary.mean[c] * scale;
                const double half = summary.half_width[c] * scale;
                const double spread = std::isfinite(half) ? half : 0.0;
                const bool missed = target < p.checks.size() && !p.checks[target].met;
                any_miss |= missed;
                data += fmt::format("{:.10g} {} {} {} {} {}\n", x, gp_number(mean), gp_number(mean - spread),
                                    gp_number(mean + spread), gp_data_label(short_label(p.value)),
                                    missed ? gp_number(mean) : std::string("NaN"));
            }
            data += "\n\n";
            clauses.push_back(fmt::format("'{}.dat' index {} using 1:2:3:4{} with yerrorlines lw 2.5 pt 7 "
                                          "ps 1.2 lc rgb '{}' title {}",
                                          name, s, all_numeric ? "" : ":xtic(5)", variant_color(s),
                                          gp_string(plan.answers[s].strategy)));
            // A candidate that misses this target: crossed out.
            clauses.push_back(fmt::format("'{}.dat' index {} using 1:6 with points pt 2 ps 2.2 lw 2.5 lc rgb "
                                          "'#000000' notitle",
                                          name, s));
        }
        if (any_miss)
            clauses.push_back("keyentry with points pt 2 ps 2.2 lw 2.5 lc rgb '#000000' title "
                              "'x: misses this target'");
        clauses.push_back(fmt::format("{:.10g} with lines dt 2 lw 2 lc rgb '#000000' title {}", t.bound * scale,
                                      gp_string("target: " + t.text)));
        write_text_file(dir / (name + ".dat"), data);
        const std::string unit = unit_of_target.name.empty() ? "" : " (" + unit_of_target.name + ")";
        const std::string metric = run::target_metric_label(t);  // makespan: the unit is in the label
        std::string gp = gp_prologue(name, fmt::format("{} against {}", metric, plan.parameter));
        const auto slash = labels.empty() ? std::string::npos : labels.front().rfind('/');
        const std::string family = all_numeric || slash == std::string::npos ? "" : " (" + labels.front().substr(0, slash) + ")";
        gp += fmt::format("set xlabel {}\nset ylabel {}\nset yrange [0:*]\n",
                          gp_string(plan.parameter + family + (log_x ? " (log scale)" : "")),
                          gp_string(metric + unit + ", mean and " +
                                    run::confidence_percent(plan.probes.empty() ? 0.95 : plan.probes.front().result.summary.confidence) +
                                    " interval"));
        if (log_x) gp += "set logscale x\nset format x '%g'\n";
        if (all_numeric)
            gp += "set offsets graph 0.03, graph 0.03, 0, 0\n";
        else
            gp += fmt::format("set xrange [-0.5:{}]\n", static_cast<double>(labels.size()) - 0.5);
        gp += gp_plot(clauses) + gp_epilogue(name);
        write_text_file(dir / (name + ".gp"), gp);
        scripts.push_back(name + ".gp");
    }
    return scripts;
}

}  // namespace ratesim::output
