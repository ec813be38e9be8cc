#pragma once
// Which variants the plots draw, and each variant's color. A sweep's
// variants are its values crossed with the strategies (value-major): the
// plots per variant draw the strategies at one value (the scenario's own
// value of the swept path when it is among the values, else the middle
// one), and a strategy keeps its color at every value and in the sweep's
// curves. Without a sweep, every variant is drawn, colored by its place.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/output/result_dir.hpp"

namespace ratesim::output {

struct VariantFocus {
    std::vector<std::size_t> variants;  // indices into ResultDir::variants, in order
    std::string at;                     // "workers=16" in a sweep, else empty
};

VariantFocus variant_focus(const ResultDir& result);

// The palette slot of a variant (variant_color's argument).
std::size_t color_slot(const ResultDir& result, std::size_t variant);

}  // namespace ratesim::output
