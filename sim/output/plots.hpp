#pragma once
// The plots of an output directory. Each plot is a data file NAME.dat and a
// gnuplot script NAME.gp in DIR/plots/; the script draws NAME.svg and
// NAME.png (1200x700) from the data beside it, so a user can restyle it and
// run `gnuplot NAME.gp` there. Every variant keeps its color (by its order
// in the run) in every plot.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/output/result_dir.hpp"

namespace ratesim::output {

struct Plot {
    std::string name;     // file stem in plots/
    std::string title;    // as drawn
    std::string caption;  // how to read it, for the report
};

// Over-time plots draw at most this many variants: the first ones of the
// focus (variant_focus.hpp); the latency CDF and the attempts plot draw the
// whole focus, the report's tables every variant.
inline constexpr std::size_t kMaxVariantsOverTime = 8;

// Writes every plot's data and script into `plots_dir` and returns them in
// report order. `bucket_variant` names the variant whose bucket levels are
// drawn (empty: the first variant of the focus). Plots without data (no time series, no
// successes, no curves.csv) are left out.
std::vector<Plot> write_plots(const ResultDir& result, const std::filesystem::path& plots_dir,
                              const std::string& bucket_variant);

}  // namespace ratesim::output
