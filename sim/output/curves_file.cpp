#include "sim/output/curves_file.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "sim/output/written_file.hpp"
#include "sim/output/csv_reader.hpp"
#include "sim/output/csv_text.hpp"
#include "sim/run/metric_columns.hpp"

namespace ratesim::output {

namespace {
constexpr const char* kCurvesHeader = "parameter,value,strategy,metric,mean,ci_low,ci_high";
}

void write_curves_csv(const std::filesystem::path& file, const std::string& parameter,
                      const std::vector<run::VariantResult>& results) {
    std::ofstream out(file);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    const auto& columns = run::metric_columns();
    out << kCurvesHeader << '\n';
    for (const auto& r : results)
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const double mean = r.summary.mean[c];
            const double half = r.summary.half_width[c];
            out << csv_text(parameter) << ',' << csv_text(r.sweep_value) << ','
                << csv_text(r.strategy_name) << ',' << columns[c].name << ',' << csv_number(mean)
                << ',' << csv_number(mean - half) << ',' << csv_number(mean + half) << '\n';
        }
    close_written(out, file);
}

std::vector<CurvePoint> read_curves_csv(const std::filesystem::path& file) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    std::vector<CurvePoint> curves;
    read_csv_rows(file, kCurvesHeader, 7, [&](std::size_t line, const std::vector<std::string>& f) {
        CurvePoint p{f[0], f[1], f[2], f[3], kNaN, kNaN, kNaN};
        if (!f[4].empty()) p.mean = number_field(file, line, f[4]);
        if (!f[5].empty()) p.low = number_field(file, line, f[5]);
        if (!f[6].empty()) p.high = number_field(file, line, f[6]);
        curves.push_back(std::move(p));
    });
    return curves;
}

}  // namespace ratesim::output
