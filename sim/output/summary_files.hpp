#pragma once
// summary.csv and summary.json: every run's figures, then each variant's
// mean with 95% confidence half-widths.
#include <filesystem>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

void write_summary_csv(const std::filesystem::path& file, const std::vector<run::VariantResult>& results);
void write_summary_json(const std::filesystem::path& file, const scenario::ScenarioConfig& scenario,
                        const std::vector<run::VariantResult>& results);

}  // namespace ratesim::output
