#pragma once
// curves.csv for sweeps (and plan.csv): one row per sweep value x strategy x
// metric, with the mean over replications and its confidence interval
// (at the scenario's `confidence:`);
// and curves.csv read back.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

// Header: parameter,value,strategy,metric,mean,ci_low,ci_high. CI bounds are
// empty with a single replication; metrics are summary.csv's columns.
void write_curves_csv(const std::filesystem::path& file, const std::string& parameter,
                      const std::vector<run::VariantResult>& results);

// One row of curves.csv: a metric's mean and confidence interval at one parameter value.
struct CurvePoint {
    std::string parameter, value, strategy, metric;
    double mean = 0, low = 0, high = 0;  // NaN where empty
};

// The rows of `file`; none without the file.
std::vector<CurvePoint> read_curves_csv(const std::filesystem::path& file);

}  // namespace ratesim::output
