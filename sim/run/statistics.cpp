#include "sim/run/statistics.hpp"

#include <cmath>
#include <limits>

#include <Eigen/Dense>

namespace ratesim::run {

double student_t_975(int df) {
    static const double table[] = {
        12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
        2.364624252,  2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
        2.160368656,  2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
        2.093024054,  2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
        2.059538553,  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456};
    if (df < 1) return std::numeric_limits<double>::quiet_NaN();
    if (df <= 30) return table[df - 1];
    // Cornish-Fisher expansion around the normal quantile; error < 1e-6 for df > 30.
    const double z = 1.959963984540054, n = df;
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
    return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n) +
           (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n);
}

Table operator-(const Table& a, const Table& b) {
    Table difference(a.rows(), a.columns());
    for (std::size_t r = 0; r < a.rows(); ++r)
        for (std::size_t c = 0; c < a.columns(); ++c) difference(r, c) = a(r, c) - b(r, c);
    return difference;
}

ColumnSummary summarize_columns(const Table& table) {
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Map<const RowMajor> rows(table.data(), static_cast<Eigen::Index>(table.rows()),
                                          static_cast<Eigen::Index>(table.columns()));
    const Eigen::Index cols = rows.cols();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    ColumnSummary s{std::vector<double>(table.columns(), nan), std::vector<double>(table.columns(), nan)};
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
        s.half_width[static_cast<std::size_t>(c)] = student_t_975(static_cast<int>(n - 1)) * sd / std::sqrt(static_cast<double>(n));
    }
    return s;
}

}  // namespace ratesim::run
