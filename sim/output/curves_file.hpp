#pragma once
// curves.csv for sweeps: one row per sweep value x strategy x metric, with
// the mean over replications and its 95% confidence interval.
#include <filesystem>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

// Header: parameter,value,strategy,metric,mean,ci_low,ci_high. CI bounds are
// empty with a single replication; metrics are summary.csv's columns.
void write_curves_csv(const std::filesystem::path& file, const std::string& parameter,
                      const std::vector<run::VariantResult>& results);

}  // namespace ratesim::output
