#include "sim/output/result_dir.hpp"

#include <map>
#include <string>

#include "sim/output/latency_cdf_file.hpp"

namespace ratesim::output {

ResultDir read_result_dir(const std::filesystem::path& dir, const std::atomic<bool>* stop) {
    ResultDir result;
    result.path = dir;
    SummaryJson summary = read_summary_json(dir);
    result.scenario = std::move(summary.scenario);
    result.replications = summary.replications;
    result.bin_s = summary.bin_s;
    result.confidence = summary.confidence;
    result.variants = std::move(summary.variants);
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < result.variants.size(); ++i) index[result.variants[i].name] = i;
    const std::size_t variants = result.variants.size();
    result.timelines = read_timeseries_csv(dir / "timeseries.csv", index, variants, result.bin_s, stop);
    result.latency_cdf = read_latency_cdf_csv(dir / "latency_cdf.csv", index, variants);
    result.curves = read_curves_csv(dir / "curves.csv");
    return result;
}

}  // namespace ratesim::output
