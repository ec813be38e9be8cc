#pragma once
// A finished output directory read back for plots and the report: the
// resolved scenario and each variant's means (summary.json), the time series
// summed over replications (timeseries.csv), the latency CDF
// (latency_cdf.csv) and a sweep's curves (curves.csv). Rendering needs
// nothing else, so `ratesim plot DIR` never simulates.
#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/output/curves_file.hpp"
#include "sim/output/summary_files.hpp"
#include "sim/output/timeseries_file.hpp"

namespace ratesim::output {

struct ResultDir {
    std::filesystem::path path;
    nlohmann::json scenario;  // the resolved scenario, as summary.json holds it
    int replications = 1;
    double bin_s = 10;                       // the time series' bin width (output.bin)
    double confidence = 0.95;                // the level of every interval (`confidence:`)
    std::vector<VariantSummary> variants;    // in the run's order
    std::vector<VariantTimeline> timelines;  // parallel to variants
    // Parallel to variants: mean latency (s) over replications at each of
    // latency_cdf_fractions(); empty when the file or the successes are missing.
    std::vector<std::vector<double>> latency_cdf;
    std::vector<CurvePoint> curves;  // empty without curves.csv
};

// Throws ResultFileError naming the file when summary.json is missing or
// unreadable, or a CSV line is malformed. timeseries.csv, latency_cdf.csv
// and curves.csv are optional. Throws run::Interrupted once `stop` (may be
// null) is set.
ResultDir read_result_dir(const std::filesystem::path& dir, const std::atomic<bool>* stop = nullptr);

}  // namespace ratesim::output
