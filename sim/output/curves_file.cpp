#include "sim/output/curves_file.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/output/csv_text.hpp"
#include "sim/run/metric_columns.hpp"

namespace ratesim::output {

void write_curves_csv(const std::filesystem::path& file, const std::string& parameter,
                      const std::vector<run::VariantResult>& results) {
    std::ofstream out(file);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    const auto& columns = run::metric_columns();
    out << "parameter,value,strategy,metric,mean,ci_low,ci_high\n";
    for (const auto& r : results)
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const double mean = r.summary.mean(static_cast<Eigen::Index>(c));
            const double half = r.summary.half_width(static_cast<Eigen::Index>(c));
            out << csv_text(parameter) << ',' << csv_text(r.sweep_value) << ','
                << csv_text(r.strategy_name) << ',' << columns[c].name << ',' << csv_number(mean)
                << ',' << csv_number(mean - half) << ',' << csv_number(mean + half) << '\n';
        }
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace ratesim::output
