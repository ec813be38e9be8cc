#pragma once
// report.html: one self-contained page for an ops review or a slide. The
// scenario, what happened (in sentences from the numbers), the comparison
// table and every plot as inline SVG; inline CSS, no script, no external URL.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/output/plots.hpp"
#include "sim/output/result_dir.hpp"

namespace ratesim::output {

// `plots` are inlined from `plots_dir`/NAME.svg. When `no_plots_note` is not
// empty the plots were not drawn: the page says why, and keeps its tables.
void write_report_html(const std::filesystem::path& file, const ResultDir& result,
                       const std::vector<Plot>& plots, const std::filesystem::path& plots_dir,
                       const std::string& no_plots_note);

// An SVG file's <svg> element for inlining in HTML: without the XML prolog,
// doctype and namespace declarations, every id prefixed with `prefix` so
// several plots on one page never share one. Empty when unreadable.
std::string inline_svg(const std::filesystem::path& file, const std::string& prefix);

}  // namespace ratesim::output
