// A sweep's curves (curves.csv): one plot per parameter and metric, the
// metric against the parameter's values, one line per strategy with its
// confidence interval (the scenario's level) as error bars.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/output/comparison_table.hpp"
#include "sim/output/plot_style.hpp"
#include "sim/output/plot_writers.hpp"
#include "sim/run/statistics.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace fs = std::filesystem;

namespace {

struct SweepMetric {
    const char* name;
    const char* label;  // y axis
    double scale;       // applied to the values
};

constexpr SweepMetric kSweepMetrics[] = {
    {"goodput_rpm", "goodput (successful requests per minute)", 1},
    {"rate_429", "429 rate (% of attempts)", 100},
    {"makespan_s", "makespan (s)", 1},
    {"latency_p99_s", "p99 latency from creation to success (s)", 1},
};

std::string file_stem(const std::string& text) {
    std::string out;
    for (char c : text)
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '-';
    return out;
}

template <class T>
std::size_t index_in(std::vector<T>& list, const T& x) {
    auto it = std::find(list.begin(), list.end(), x);
    if (it == list.end()) {
        list.push_back(x);
        return list.size() - 1;
    }
    return static_cast<std::size_t>(it - list.begin());
}


// Whether `strategy` at `value` of `parameter` failed items or left some
// pending (its means in curves.csv).
bool point_unfinished(const ResultDir& r, const CurvePoint& point) {
    double failed = 0, pending = 0;
    for (const auto& p : r.curves)
        if (p.parameter == point.parameter && p.value == point.value && p.strategy == point.strategy) {
            if (p.metric == "failed") failed = p.mean;
            if (p.metric == "pending") pending = p.mean;
        }
    return unfinished(failed, pending);
}

}  // namespace

std::vector<Plot> write_sweep_plots(const ResultDir& r, const fs::path& dir) {
    std::vector<std::string> parameters, strategies;
    for (const auto& p : r.curves) {
        index_in(parameters, p.parameter);
        index_in(strategies, p.strategy);
    }
    std::vector<Plot> plots;
    for (const auto& parameter : parameters)
        for (const auto& metric : kSweepMetrics) {
            std::vector<const CurvePoint*> points;
            for (const auto& p : r.curves)
                if (p.parameter == parameter && p.metric == metric.name) points.push_back(&p);
            if (points.empty()) continue;
            bool all_numeric = true;
            double lo = INFINITY, hi = -INFINITY;
            std::vector<std::string> values;
            for (const auto* p : points) {
                index_in(values, p->value);
                const auto x = scenario::parse_number(p->value).value;
                all_numeric &= x.has_value();
                if (all_numeric) lo = std::min(lo, *x), hi = std::max(hi, *x);
            }
            const bool log_x = all_numeric && lo > 0 && hi / lo >= 16;
            const std::string name = fmt::format("sweep_{}_{}", file_stem(parameter), metric.name);
            std::string data;
            std::vector<std::string> clauses;
            bool any_hollow = false;
            for (std::size_t s = 0; s < strategies.size(); ++s) {
                data += fmt::format("# {}\n# x mean ci_low ci_high value unfinished_mean\n", strategies[s]);
                std::vector<std::pair<double, const CurvePoint*>> rows;
                for (const auto* p : points)
                    if (p->strategy == strategies[s]) {
                        double at = static_cast<double>(index_in(values, p->value));
                        if (all_numeric) at = *scenario::parse_number(p->value).value;
                        rows.emplace_back(at, p);
                    }
                std::stable_sort(rows.begin(), rows.end(),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
                for (const auto& [at, p] : rows) {
                    const double mean = p->mean * metric.scale;
                    const double low = std::isfinite(p->low) ? p->low * metric.scale : mean;
                    const double high = std::isfinite(p->high) ? p->high * metric.scale : mean;
                    const bool hollow = point_unfinished(r, *p);
                    any_hollow |= hollow;
                    data += fmt::format("{:.10g} {} {} {} {} {}\n", at, gp_number(mean),
                                        gp_number(low), gp_number(high), gp_data_label(p->value),
                                        hollow ? gp_number(mean) : std::string("NaN"));
                }
                data += "\n\n";
                if (rows.empty()) continue;
                clauses.push_back(
                    fmt::format("'{}.dat' index {} using 1:2:3:4{} with yerrorlines lw 2.5 pt 7 ps "
                                "1.2 {} title {}",
                                name, s, all_numeric ? "" : ":xtic(5)", variant_line_style(s, false),
                                gp_string(strategies[s])));
                // A value where the strategy did not finish every item: the point hollow.
                clauses.push_back(fmt::format("'{0}.dat' index {1} using 1:6 with points pt 7 ps 1.3 "
                                              "lc rgb '#ffffff' notitle, '{0}.dat' index {1} using 1:6 "
                                              "with points pt 6 ps 1.3 lw 2 lc rgb '{2}' notitle",
                                              name, s, variant_color(s)));
            }
            if (any_hollow)
                clauses.push_back("keyentry with points pt 6 ps 1.3 lw 2 lc rgb '#555555' title "
                                  "'hollow: did not finish every item'");
            write_text_file(dir / (name + ".dat"), data);
            Plot plot{name, fmt::format("{} against {}", metric.label, parameter),
                      fmt::format(
                          "The sweep over {}: each point is the mean over the replications at one "
                          "value, the bars its {} confidence interval; one line per strategy. A "
                          "hollow point is a strategy that did not finish every item at that value "
                          "(it gave up on some, or left some pending): its goodput and makespan "
                          "cover less work and do not rank with the filled points.",
                          parameter, run::confidence_percent(r.confidence))};
            std::string gp = gp_prologue(name, plot.title);
            gp += fmt::format("set xlabel {}\nset ylabel {}\nset yrange [0:*]\n",
                              gp_string(parameter + (log_x ? " (log scale)" : "")),
                              gp_string(metric.label));
            if (log_x) gp += "set logscale x\nset format x '%g'\n";
            if (!all_numeric)
                gp +=
                    fmt::format("set xrange [-0.5:{}]\n", static_cast<double>(values.size()) - 0.5);
            else
                gp += "set offsets graph 0.03, graph 0.03, 0, 0\n";
            gp += gp_plot(clauses) + gp_epilogue(name);
            write_text_file(dir / (name + ".gp"), gp);
            plots.push_back(std::move(plot));
        }
    return plots;
}

}  // namespace ratesim::output
