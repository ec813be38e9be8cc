#pragma once
// Means and Student-t confidence half-widths across replications. Eigen does
// the arithmetic inside statistics.cpp; nothing outside sees it.
#include <cstddef>
#include <vector>

namespace ratesim::run {

// The 97.5% quantile of Student's t with `df` degrees of freedom (df >= 1).
double student_t_975(int df);

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
    std::vector<double> half_width;  // 95% confidence; NaN with fewer than two rows
};

// Rows are replications, columns metrics. NaN entries are skipped per column.
ColumnSummary summarize_columns(const Table& rows);

}  // namespace ratesim::run
