#pragma once
// models.csv: where routing sent the traffic. One row per run, scope (the
// organization "all", then each client group) and model: attempts, their
// 429s and 529s, the items each model finished and what they cost at its
// prices. Written only when some group routes or falls back, so results
// without routing keep exactly their files.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

// Whether any run of `results` has per-model figures (RunMetrics::models).
bool has_model_results(const std::vector<run::VariantResult>& results);

// The terminal's "where the traffic went" table: per variant and model, the
// organization's figures as means over replications; "" without routing.
std::string model_split_table(const std::vector<run::VariantResult>& results);

void write_models_csv(const std::filesystem::path& file, const std::vector<run::VariantResult>& results);

}  // namespace ratesim::output
