#pragma once
// latency_cdf.csv: each run's item latency (creation to success) at fixed
// fractions of its successes, for the latency CDF plot.
#include <filesystem>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

// Header `variant,replication,fraction,latency_s`; runs without successes have no rows.
void write_latency_cdf_csv(const std::filesystem::path& file,
                           const std::vector<run::VariantResult>& results);

}  // namespace ratesim::output
