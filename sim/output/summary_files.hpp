#pragma once
// summary.csv and summary.json: every run's figures, then each variant's
// mean with confidence half-widths (95% unless `confidence:` says
// otherwise), for the organization (group "all") and, with two or more
// client groups, for each group; and summary.json read back.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

void write_summary_csv(const std::filesystem::path& file, const std::vector<run::VariantResult>& results);
void write_summary_json(const std::filesystem::path& file, const scenario::ScenarioConfig& scenario,
                        const std::vector<run::VariantResult>& results);

// One variant of summary.json.
struct VariantSummary {
    std::string name;
    std::string strategy;                             // its parts, as summary.json describes them
    std::map<std::string, double> mean;               // by summary.csv column; NaN where empty
    std::map<std::string, double> half_width;         // at the scenario's confidence level
    // Each replication's value, by summary.csv column, in replication order.
    std::map<std::string, std::vector<double>> runs;
    double mean_of(const std::string& metric) const;  // NaN when absent
    // Per client group (name: the group's), when there are two or more.
    std::vector<VariantSummary> groups;
};

struct SummaryJson {
    nlohmann::json scenario;  // the resolved scenario
    int replications = 1;
    double bin_s = 10;  // the time series' bin width (output.bin)
    double confidence = 0.95;  // the level of the half-widths (`confidence:`)
    std::vector<VariantSummary> variants;  // in the run's order
};

// `dir`/summary.json; throws ResultFileError when it is missing or unreadable.
SummaryJson read_summary_json(const std::filesystem::path& dir);

}  // namespace ratesim::output
