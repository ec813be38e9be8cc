#pragma once
// A finished output directory read back for plots and the report: the
// resolved scenario and each variant's means (summary.json), the time series
// summed over replications (timeseries.csv), the latency CDF
// (latency_cdf.csv) and a sweep's curves (curves.csv). Rendering needs
// nothing else, so `ratesim plot DIR` never simulates.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace ratesim::output {

struct VariantSummary {
    std::string name;
    std::string strategy;                             // its parts, as summary.json describes them
    std::map<std::string, double> mean;               // by summary.csv column; NaN where empty
    std::map<std::string, double> ci95;               // 95% half-widths
    // Each replication's value, by summary.csv column, in replication order.
    std::map<std::string, std::vector<double>> runs;
    double mean_of(const std::string& metric) const;  // NaN when absent
    double ci95_of(const std::string& metric) const;
};

// One time bin of one variant: counts summed over replications.
struct TimeBin {
    double attempts = 0, ok = 0, r429 = 0, r529 = 0, timeouts = 0;
};

struct VariantTimeline {
    // By bin end in seconds; a run's last, partial bin counts as a whole one.
    std::map<double, TimeBin> bins;
    // Replication 0's bucket levels (fraction of capacity), by "<pool>_<dimension>".
    std::map<std::string, std::vector<std::pair<double, double>>> buckets;
};

// One row of curves.csv: a metric's mean and 95% interval at one parameter value.
struct CurvePoint {
    std::string parameter, value, strategy, metric;
    double mean = 0, low = 0, high = 0;
};

struct ResultDir {
    std::filesystem::path path;
    nlohmann::json scenario;  // the resolved scenario, as summary.json holds it
    int replications = 1;
    double bin_s = 10;                       // the time series' bin width (output.bin)
    std::vector<VariantSummary> variants;    // in the run's order
    std::vector<VariantTimeline> timelines;  // parallel to variants
    // Parallel to variants: mean latency (s) over replications at each of
    // latency_cdf_fractions(); empty when the file or the successes are missing.
    std::vector<std::vector<double>> latency_cdf;
    std::vector<CurvePoint> curves;  // empty without curves.csv
};

// Throws ScenarioError naming the file when summary.json is missing or
// unreadable, or a CSV line is malformed. timeseries.csv, latency_cdf.csv
// and curves.csv are optional.
ResultDir read_result_dir(const std::filesystem::path& dir);

}  // namespace ratesim::output
