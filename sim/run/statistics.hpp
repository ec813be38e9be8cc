#pragma once
// Means and Student-t confidence half-widths across replications.
#include <vector>

#include <Eigen/Dense>

namespace ratesim::run {

// The 97.5% quantile of Student's t with `df` degrees of freedom (df >= 1).
double student_t_975(int df);

struct ColumnSummary {
    Eigen::VectorXd mean;
    Eigen::VectorXd half_width;  // 95% confidence; NaN with fewer than two rows
};

// Rows are replications, columns metrics. NaN entries are skipped per column.
ColumnSummary summarize_columns(const Eigen::MatrixXd& rows);

}  // namespace ratesim::run
