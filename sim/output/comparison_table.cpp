#include "sim/output/comparison_table.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/output/wrap_text.hpp"
#include "sim/run/metric_columns.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace {

double mean_of(const std::vector<double>& means, const char* metric) {
    const auto& columns = run::metric_columns();
    for (std::size_t i = 0; i < columns.size() && i < means.size(); ++i)
        if (std::string_view(columns[i].name) == metric) return means[i];
    return NAN;
}

std::string dollars(double x) { return std::isfinite(x) ? fmt::format("${:.2f}", x) : "-"; }

std::string percent(double x) { return std::isfinite(x) ? fmt::format("{:.1f}%", 100 * x) : "-"; }

// The utilization shown: of the dimension the variants used most (on
// average), which is the limit that binds them. RPM when none is limited.
struct Utilization {
    const char* metric = "util_rpm";
    const char* name = "RPM";
};
Utilization binding_utilization(const std::vector<std::pair<std::string, std::vector<double>>>& means) {
    static const Utilization dims[] = {{"util_rpm", "RPM"}, {"util_itpm", "ITPM"}, {"util_otpm", "OTPM"}};
    Utilization best = dims[0];
    double best_sum = -1;
    for (const auto& d : dims) {
        double sum = 0;
        bool any = false;
        for (const auto& [name, r] : means) {
            const double u = mean_of(r, d.metric);
            if (std::isfinite(u)) sum += u, any = true;
        }
        if (any && sum > best_sum) best = d, best_sum = sum;
    }
    return best;
}

constexpr const char* kUnfinishedNote =
    "* did not finish every item (it gave up on some, or some were still pending when the run "
    "stopped): its goodput, latency and makespan cover only the items it finished, so it does not "
    "rank with the variants that finished.";

constexpr const char* kInFlightNote =
    "in flight: requests of an open-loop group (poisson, trace) that arrived in its window and were "
    "still being served when the run stopped; they are not counted against the variant, nor by plan, "
    "which counts only arrivals that no worker took up (unserved).";

}  // namespace

Undone undone(double failed, double pending, double owed) {
    if (!std::isfinite(owed)) return {failed, pending, 0};
    return {failed, owed, std::isfinite(pending) ? std::max(0.0, pending - owed) : 0};
}

bool unfinished(const Undone& left) {
    return (std::isfinite(left.failed) && left.failed >= 0.5) || (std::isfinite(left.owed) && left.owed >= 0.5);
}

// A mean count: whole above 1, else with a decimal (a mean of 0.5 is no "0").
std::string count_text(double x) { return x < 0.95 ? fmt::format("{:.1f}", x) : fmt::format("{:.0f}", x); }

std::string items_text(double succeeded, const Undone& left) {
    std::string text = fmt::format("{:.0f} ok", succeeded);
    if (std::isfinite(left.failed) && left.failed >= 0.5) text += " / " + count_text(left.failed) + " failed";
    if (std::isfinite(left.owed) && left.owed >= 0.5) text += " / " + count_text(left.owed) + " pending";
    if (std::isfinite(left.in_flight) && left.in_flight >= 0.5)
        text += " / " + count_text(left.in_flight) + " in flight";
    return text;
}

ComparisonCells comparison_cells(const VariantMeans& means, const VariantMeans* dimension_of) {
    ComparisonCells cells;
    const Utilization util = binding_utilization(dimension_of ? *dimension_of : means);
    cells.header = {"variant",     "items",    "attempts", "429 rate", "529 rate", "goodput/min",
                    std::string("util ") + util.name, "p50", "p99", "makespan", "cost"};
    bool any_unfinished = false, any_in_flight = false;
    double most_util = 0;
    for (const auto& [name, r] : means) {
        const Undone left = undone(mean_of(r, "failed"), mean_of(r, "pending"), mean_of(r, "owed"));
        const bool marked = unfinished(left);
        any_unfinished |= marked;
        any_in_flight |= left.in_flight >= 0.5;
        const double u = mean_of(r, util.metric);
        if (std::isfinite(u)) most_util = std::max(most_util, u);
        cells.unfinished.push_back(marked);
        cells.rows.push_back({marked ? name + " *" : name,
                              items_text(mean_of(r, "succeeded"), left),
                              fmt::format("{:.0f}", mean_of(r, "attempts")), percent(mean_of(r, "rate_429")),
                              percent(mean_of(r, "rate_529")), fmt::format("{:.1f}", mean_of(r, "goodput_rpm")),
                              percent(u), scenario::display_duration(mean_of(r, "latency_p50_s")),
                              scenario::display_duration(mean_of(r, "latency_p99_s")),
                              scenario::display_duration(mean_of(r, "makespan_s")), dollars(mean_of(r, "cost_usd"))});
    }
    if (any_unfinished) cells.notes.push_back(kUnfinishedNote);
    if (any_in_flight) cells.notes.push_back(kInFlightNote);
    if (most_util > 1.0)
        cells.notes.push_back(fmt::format(
            "util {0} above 100%: the {0} bucket starts full (a burst's worth, by default a minute of the "
            "limit) and a short run spends it on top of the steady rate; requests sent through Message "
            "Batches count in goodput but not against the real-time limits.",
            util.name));
    return cells;
}

namespace {

VariantMeans means_of(const std::vector<run::VariantResult>& results) {
    VariantMeans means;
    for (const auto& r : results)
        means.emplace_back(r.variant.name, std::vector<double>(r.summary.mean.data(),
                                                               r.summary.mean.data() + r.summary.mean.size()));
    return means;
}

}  // namespace

std::string comparison_table(const std::vector<run::VariantResult>& results, std::size_t max_width,
                             const std::vector<run::VariantResult>* dimension_of) {
    const VariantMeans means = means_of(results);
    const VariantMeans dimension_means = dimension_of ? means_of(*dimension_of) : VariantMeans{};
    const ComparisonCells cells = comparison_cells(means, dimension_of ? &dimension_means : nullptr);
    const auto& header = cells.header;
    const auto& rows = cells.rows;
    std::vector<std::size_t> width(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        width[c] = header[c].size();
        for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
    }
    // Blocks of columns after the variant column, each as wide as fits.
    std::vector<std::vector<std::size_t>> blocks(1);
    std::size_t used = width[0];
    for (std::size_t c = 1; c < header.size(); ++c) {
        if (max_width > 0 && blocks.back().size() > 0 && used + 2 + width[c] > max_width) {
            blocks.emplace_back();
            used = width[0];
        }
        blocks.back().push_back(c);
        used += 2 + width[c];
    }
    std::string out;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        std::vector<std::size_t> shown = {0};
        shown.insert(shown.end(), blocks[b].begin(), blocks[b].end());
        auto line = [&](const std::vector<std::string>& row) {
            std::string text;
            for (std::size_t i = 0; i < shown.size(); ++i) {
                const std::size_t c = shown[i];
                if (i > 0) text += "  ";
                text += c == 0 ? fmt::format("{:<{}}", row[c], width[c]) : fmt::format("{:>{}}", row[c], width[c]);
            }
            out += text + '\n';
        };
        if (b > 0) out += '\n';
        line(header);
        std::size_t total = 0;
        for (const std::size_t c : shown) total += width[c] + 2;
        out += std::string(total - 2, '-') + '\n';
        for (const auto& row : rows) line(row);
    }
    for (const auto& note : cells.notes) out += '\n' + wrap_text(note, max_width > 0 ? max_width : 100);
    return out;
}

}  // namespace ratesim::output
