#pragma once
// latency_cdf.csv: each run's item latency (creation to success) at fixed
// fractions of its successes, for the latency CDF plot; and the file read back.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

// Header `variant,replication,fraction,latency_s`; runs without successes have no rows.
void write_latency_cdf_csv(const std::filesystem::path& file,
                           const std::vector<run::VariantResult>& results);

// Per variant (`variants` of them, `index` giving a position by name), the
// mean latency (s) over replications at each of latency_cdf_fractions();
// empty for a variant the file does not cover at every fraction.
std::vector<std::vector<double>> read_latency_cdf_csv(const std::filesystem::path& file,
                                                      const std::map<std::string, std::size_t>& index,
                                                      std::size_t variants);

}  // namespace ratesim::output
