#pragma once
// The per-run figures as named numeric columns, in the order summary.csv,
// summary.json and the replication means use them.
#include <vector>

#include "sim/run/run_metrics.hpp"

namespace ratesim::run {

struct MetricColumn {
    const char* name;
    double (*get)(const RunMetrics&);
    bool integer;  // printed without decimals
};

const std::vector<MetricColumn>& metric_columns();

}  // namespace ratesim::run
