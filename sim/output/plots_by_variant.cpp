// Figures with one entry per variant: the latency CDF and attempts by outcome,
// for every variant (or, in a sweep, the strategies at one value).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/output/bar_labels.hpp"
#include "sim/output/comparison_table.hpp"
#include "sim/output/plot_style.hpp"
#include "sim/output/plot_writers.hpp"
#include "sim/output/variant_focus.hpp"
#include "sim/run/latency_histogram.hpp"

namespace ratesim::output {

namespace fs = std::filesystem;

std::optional<Plot> write_latency_cdf_plot(const ResultDir& r, const fs::path& dir) {
    const auto& fractions = run::latency_cdf_fractions();
    std::string data;
    std::vector<std::string> clauses;
    const VariantFocus focus = variant_focus(r);
    std::size_t block = 0;
    for (const std::size_t v : focus.variants) {
        data += fmt::format("# {}\n# latency_s fraction_of_successes\n", r.variants[v].name);
        for (std::size_t i = 0; i < r.latency_cdf[v].size(); ++i)
            if (r.latency_cdf[v][i] > 0)
                data += fmt::format("{} {:g}\n", gp_number(r.latency_cdf[v][i]), fractions[i]);
        data += "\n\n";
        if (!r.latency_cdf[v].empty())
            clauses.push_back(fmt::format(
                "'latency_cdf.dat' index {} using 1:2 with lines lw 2.5 {} title {}", block,
                variant_line_style(color_slot(r, v), unfinished(undone_of(r.variants[v]))),
                gp_string(r.variants[v].name)));
        ++block;
    }
    if (clauses.empty()) return std::nullopt;
    write_text_file(dir / "latency_cdf.dat", data);
    Plot plot{
        "latency_cdf",
        fmt::format("Latency from item creation to success ({}{})",
                    r.replications > 1
                        ? fmt::format("quantiles averaged over {} replications", r.replications)
                        : std::string("one replication"),
                    focus.at.empty() ? "" : "; at " + focus.at),
        "For each latency on the x axis (log scale), the share of successful items that "
        "finished within it. A curve further left is faster; a long tail to the right means "
        "some items waited much longer than most. In a batch, latency includes waiting for "
        "a worker."};
    std::string gp = gp_prologue(plot.name, plot.title);
    gp +=
        "set xlabel 'latency (s, log scale)'\nset ylabel 'fraction of successful items'\n"
        "set logscale x\nset format x '%g'\nset yrange [0:1]\nset grid xtics ytics lc rgb "
        "'#dddddd'\n"
        "set key inside left top\n";
    gp += gp_plot(clauses) + gp_epilogue(plot.name);
    write_text_file(dir / "latency_cdf.gp", gp);
    return plot;
}

std::optional<Plot> write_attempts_plot(const ResultDir& r, const fs::path& dir) {
    const VariantFocus focus = variant_focus(r);
    if (focus.variants.empty()) return std::nullopt;
    auto mean = [](const VariantSummary& v, const char* metric) {
        const double x = v.mean_of(metric);
        return std::isfinite(x) ? x : 0.0;
    };
    // Streams broken mid-way get a segment of their own, only where there are any.
    bool midstream = false;
    for (const std::size_t index : focus.variants) midstream |= mean(r.variants[index], "midstream_errors") > 0;
    std::string data = midstream ? "# variant ok 429 529 timeout midstream (means per replication)\n"
                                 : "# variant ok 429 529 timeout (means per replication)\n";
    std::vector<double> totals;
    std::size_t longest = 0;
    for (const std::size_t index : focus.variants) {
        const VariantSummary& v = r.variants[index];
        data += fmt::format("{} {:.6g} {:.6g} {:.6g} {:.6g}", gp_data_label(v.name),
                            mean(v, "ok"), mean(v, "r429"), mean(v, "r529"), mean(v, "timeouts"));
        data += midstream ? fmt::format(" {:.6g}\n", mean(v, "midstream_errors")) : "\n";
        totals.push_back(mean(v, "ok") + mean(v, "r429") + mean(v, "r529") + mean(v, "timeouts") +
                         mean(v, "midstream_errors"));
        longest = std::max(longest, v.name.size());
    }
    write_text_file(dir / "attempts.dat", data);
    const bool log_y = needs_log_scale(totals);
    Plot plot{"attempts",
              fmt::format("Attempts by outcome ({}{})",
                          r.replications > 1
                              ? fmt::format("mean per run of {} replications", r.replications)
                              : std::string("one replication"),
                          focus.at.empty() ? "" : "; at " + focus.at),
              std::string("Every attempt each variant sent, stacked by its answer. The green part is the work "
                          "that had to be done; everything above it was refused (429, 529) or timed out, and "
                          "is the price of the strategy.") +
                  (midstream ? " The purple part is the streams that broke off after their 200 (an incident's "
                               "midstream rule)."
                             : "") +
                  (log_y ? " The bars span more than 100x, so the axis is logarithmic: equal heights are "
                           "equal ratios, and the number above each bar is its total."
                         : "")};
    std::string gp = gp_prologue(plot.name, plot.title);
    gp += fmt::format("set style fill solid 0.9 noborder\nset ylabel {}\n",
                      gp_string(log_y ? "attempts per run (log scale)" : "attempts per run"));
    gp += log_y ? "set logscale y\nset yrange [1:*]\nset format y '%g'\n" : "set yrange [0:*]\nset format y '%.0f'\n";
    // The variant names, in each variant's color, under its bar, laid out so that none overlap
    // (about 1000 px of the 1200 px canvas are the plot).
    const BarLabelLayout layout = bar_label_layout(focus.variants.size(), longest, 1000);
    gp += fmt::format("set bmargin {}\n", layout.bottom_margin);
    gp += fmt::format("unset xtics\nset xrange [-0.6:{}]\n",
                      static_cast<double>(focus.variants.size()) - 0.4);
    for (std::size_t bar = 0; bar < focus.variants.size(); ++bar) {
        const std::size_t v = focus.variants[bar];
        gp += fmt::format(
            "set label {} at {}, graph 0 offset 0,-1.2 {} front textcolor rgb '{}' font ',{}'\n",
            gp_string(r.variants[v].name), bar,
            layout.angle == 0 ? std::string("center") : fmt::format("right rotate by {}", layout.angle),
            variant_color(color_slot(r, v)), layout.font_pt);
    }
    // Each segment a box from the sum below it to the sum with it, so that the
    // stack reads the same on a log axis (where the first starts at 1).
    const char* base = log_y ? "1" : "0";
    auto segment = [&](const char* low, const char* high, const char* title, const char* color) {
        return fmt::format("'attempts.dat' using 0:({1}):($0-0.3):($0+0.3):({0}):({1}) with boxxyerror "
                           "title '{2}' lc rgb '{3}'",
                           low, high, title, color);
    };
    std::vector<std::string> clauses = {segment(base, "$2", "ok", "#3a8a3a"),
                                        segment("$2", "$2+$3", "429 rate limited", "#f0a030"),
                                        segment("$2+$3", "$2+$3+$4", "529 overloaded", "#c03030"),
                                        segment("$2+$3+$4", "$2+$3+$4+$5", "timeout", "#888888")};
    const char* total = "$2+$3+$4+$5";
    if (midstream) {
        clauses.push_back(segment("$2+$3+$4+$5", "$2+$3+$4+$5+$6", "stream broke (overloaded_error after 200)",
                                  "#7a3aa0"));
        total = "$2+$3+$4+$5+$6";
    }
    clauses.push_back(fmt::format("'' using 0:({0}):(sprintf('%.0f', {0})) with labels offset 0,0.8 "
                                  "font ',12' notitle",
                                  total));
    gp += gp_plot(clauses);
    gp += gp_epilogue(plot.name);
    write_text_file(dir / "attempts.gp", gp);
    return plot;
}

}  // namespace ratesim::output
