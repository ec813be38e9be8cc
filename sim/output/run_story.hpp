#pragma once
// "What happened": a few plain sentences generated from a result's numbers
// (which strategy wasted attempts, which kept the 429 rate low, whether the
// limit or the strategy set the pace), for the report.
#include <string>
#include <vector>

#include "sim/output/result_dir.hpp"

namespace ratesim::output {

// Plain text, one sentence per entry; empty without variants.
std::vector<std::string> what_happened(const ResultDir& result);

// The sentence on common random numbers, for every report.
std::string common_random_numbers_note(const ResultDir& result);

}  // namespace ratesim::output
