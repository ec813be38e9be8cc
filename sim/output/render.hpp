#pragma once
// Plots and report.html for a complete output directory, made from its files
// alone: `ratesim run` calls this on its staging directory before swapping
// it into place, `ratesim plot DIR` on a staged copy of DIR.
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace ratesim::output {

struct RenderOptions {
    bool plots = true;         // false: --no-plots (the report keeps its tables)
    std::string plot_variant;  // whose bucket levels are drawn; empty: the first variant
    std::string shown_dir;     // the directory as the user names it, for messages
    // Set (e.g. by Ctrl-C) to abandon rendering: gnuplot is stopped and
    // run::Interrupted thrown. May be null.
    const std::atomic<bool>* stop = nullptr;
    // Where the result's files are read from, when not `dir` itself: `ratesim
    // plot DIR` reads DIR (so a malformed file is named as the user knows it)
    // and draws into its staged copy. Empty: `dir`.
    std::string read_from = "";
};

struct RenderOutcome {
    bool plotted = false;  // SVG and PNG files were drawn
    std::string notice;    // to tell the user once (gnuplot missing or failed); empty if none
};

// Throws run::Interrupted once `options.stop` is set.
RenderOutcome render_result(const std::filesystem::path& dir, const RenderOptions& options);

// Throws ResultFileError unless `name` is empty or one of `variants`.
void check_plot_variant(const std::string& name, const std::vector<std::string>& variants);

}  // namespace ratesim::output
