#pragma once
// The compact comparison table printed after a run: one row per variant.
#include <string>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::sim {

std::string comparison_table(const std::vector<VariantResult>& results);

// "850ms", "12.3s", "4.5m", "2.1h"; "-" for NaN.
std::string format_duration(double seconds);

}  // namespace ratesim::sim
