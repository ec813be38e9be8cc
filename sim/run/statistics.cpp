#include "sim/run/statistics.hpp"

#include <cmath>
#include <limits>

#include <Eigen/Dense>
#include <fmt/format.h>
#include <boost/math/distributions/students_t.hpp>

namespace ratesim::run {

double student_t_quantile(double confidence, int df) {
    if (df < 1 || !(confidence > 0 && confidence < 1)) return std::numeric_limits<double>::quiet_NaN();
    const boost::math::students_t_distribution<double> t(static_cast<double>(df));
    return boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2));
}

std::string confidence_percent(double confidence) { return fmt::format("{:g}%", 100 * confidence); }

std::string confidence_name(double confidence) { return fmt::format("ci{:g}", 100 * confidence); }

Table operator-(const Table& a, const Table& b) {
    Table difference(a.rows(), a.columns());
    for (std::size_t r = 0; r < a.rows(); ++r)
        for (std::size_t c = 0; c < a.columns(); ++c) difference(r, c) = a(r, c) - b(r, c);
    return difference;
}

ColumnSummary summarize_columns(const Table& table, double confidence) {
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Map<const RowMajor> rows(table.data(), static_cast<Eigen::Index>(table.rows()),
                                          static_cast<Eigen::Index>(table.columns()));
    const Eigen::Index cols = rows.cols();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    ColumnSummary s{std::vector<double>(table.columns(), nan), std::vector<double>(table.columns(), nan),
                    confidence};
    for (Eigen::Index c = 0; c < cols; ++c) {
        const Eigen::VectorXd column = rows.col(c);
        const auto valid = column.array().isFinite();
        const Eigen::Index n = valid.count();
        if (n == 0) continue;
        const double mean = valid.select(column.array(), 0.0).sum() / static_cast<double>(n);
        s.mean[static_cast<std::size_t>(c)] = mean;
        if (n < 2) continue;
        const double ss = valid.select(column.array() - mean, 0.0).square().sum();
        const double sd = std::sqrt(ss / static_cast<double>(n - 1));
        s.half_width[static_cast<std::size_t>(c)] =
            student_t_quantile(confidence, static_cast<int>(n - 1)) * sd / std::sqrt(static_cast<double>(n));
    }
    return s;
}

}  // namespace ratesim::run
