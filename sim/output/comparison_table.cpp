#include "sim/output/comparison_table.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

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

}  // namespace

ComparisonCells comparison_cells(const std::vector<std::pair<std::string, std::vector<double>>>& means) {
    ComparisonCells cells;
    cells.header = {"variant",  "items ok/failed", "attempts", "429 rate", "529 rate",
                    "goodput/min", "util RPM",     "p50",      "p99",      "makespan", "cost"};
    for (const auto& [name, r] : means) {
        const double pending = mean_of(r, "pending");
        std::string items = fmt::format("{:.0f}/{:.0f}", mean_of(r, "succeeded"), mean_of(r, "failed"));
        if (pending > 0) items += fmt::format(" (+{:.0f} pending)", pending);
        cells.rows.push_back({name, items, fmt::format("{:.0f}", mean_of(r, "attempts")),
                              percent(mean_of(r, "rate_429")), percent(mean_of(r, "rate_529")),
                              fmt::format("{:.1f}", mean_of(r, "goodput_rpm")),
                              percent(mean_of(r, "util_rpm")), scenario::display_duration(mean_of(r, "latency_p50_s")),
                              scenario::display_duration(mean_of(r, "latency_p99_s")),
                              scenario::display_duration(mean_of(r, "makespan_s")), dollars(mean_of(r, "cost_usd"))});
    }
    return cells;
}

std::string comparison_table(const std::vector<run::VariantResult>& results) {
    std::vector<std::pair<std::string, std::vector<double>>> means;
    for (const auto& r : results)
        means.emplace_back(r.variant.name, std::vector<double>(r.summary.mean.data(),
                                                               r.summary.mean.data() + r.summary.mean.size()));
    const auto [header, rows] = comparison_cells(means);
    std::vector<std::size_t> width(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        width[c] = header[c].size();
        for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
    }
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c > 0) out += "  ";
            out += c == 0 ? fmt::format("{:<{}}", cells[c], width[c])
                          : fmt::format("{:>{}}", cells[c], width[c]);
        }
        out += '\n';
    };
    line(header);
    std::size_t total = 0;
    for (auto w : width) total += w + 2;
    out += std::string(total - 2, '-') + '\n';
    for (const auto& row : rows) line(row);
    return out;
}

}  // namespace ratesim::output
