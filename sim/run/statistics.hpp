#pragma once
// Means and Student-t confidence half-widths across replications. Eigen does
// the arithmetic and Boost.Math the t quantile, inside statistics.cpp;
// nothing outside sees either.
#include <cstddef>
#include <string>
#include <vector>

namespace ratesim::run {

// The two-sided Student t quantile: the t with P(-t <= T <= t) = `confidence`
// for T with `df` degrees of freedom (2.776... at 0.95 and df 4). NaN when
// df < 1 or `confidence` is not strictly between 0 and 1.
double student_t_quantile(double confidence, int df);

// Values by row (a replication) and column (a metric).
class Table {
public:
    Table(std::size_t rows, std::size_t columns) : rows_(rows), columns_(columns), values_(rows * columns) {}
    std::size_t rows() const { return rows_; }
    std::size_t columns() const { return columns_; }
    double& operator()(std::size_t row, std::size_t column) { return values_[row * columns_ + column]; }
    double operator()(std::size_t row, std::size_t column) const { return values_[row * columns_ + column]; }
    const double* data() const { return values_.data(); }

private:
    std::size_t rows_, columns_;
    std::vector<double> values_;
};

// Element by element; the tables have the same shape.
Table operator-(const Table& a, const Table& b);

struct ColumnSummary {
    std::vector<double> mean;
    std::vector<double> half_width;  // at `confidence`; NaN with fewer than two rows
    double confidence = 0.95;        // the level the half-widths are for
};

// "95%", "90%", "97.5%": a confidence level as a percentage.
std::string confidence_percent(double confidence);
// "ci95", "ci90", "ci97.5": how the summary files name the half-widths at a level.
std::string confidence_name(double confidence);

// Rows are replications, columns metrics. NaN entries are skipped per column.
// Half-widths are of the `confidence` interval of each column's mean
// (the scenario's `confidence:`, 0.95 unless set).
ColumnSummary summarize_columns(const Table& rows, double confidence);

}  // namespace ratesim::run
