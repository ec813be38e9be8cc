#pragma once
// What every gnuplot script shares: the variant palette, quoting, the
// terminals (SVG, then PNG through pngcairo or plain png), the time axis and
// the shading of 529 incident windows. Used by the plots_*.cpp writers.
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ratesim::output {

// The color of the variant (or sweep strategy) at `index`, as "#rrggbb";
// twenty colours, then they repeat with another dash pattern.
std::string variant_color(std::size_t index);
// Its gnuplot dash type: solid (1) for the first twenty slots, another
// pattern for each further twenty; a variant that did not finish every item
// is drawn dashed (2 for the first twenty). No two (slot, finished) pairs of
// the first 80 slots share both colour and dash.
int variant_dash(std::size_t index, bool unfinished);
// "lc rgb '#4e79a7' dt 1": the line style of that slot.
std::string variant_line_style(std::size_t index, bool unfinished);

// A gnuplot single-quoted string literal holding `text`.
std::string gp_string(std::string_view text);

// The start of a script: comments, reset, the SVG terminal and shared style.
std::string gp_prologue(const std::string& name, const std::string& title);
// The end: the PNG terminal, replot, close.
std::string gp_epilogue(const std::string& name);

// A double-quoted string for a data file (double quotes inside become single).
std::string gp_data_label(std::string_view text);

// `plot CLAUSE, \ CLAUSE, ...` with one clause a line.
std::string gp_plot(const std::vector<std::string>& clauses);

// Simulated time on the x axis: minutes when the run spans 5 minutes or more.
struct TimeAxis {
    double divisor = 1;  // seconds per unit
    std::string label;   // "simulated time (min)"
};
TimeAxis time_axis(double span_s);

// gnuplot lines shading those windows behind the data, and a key entry;
// empty without incidents. `extra_plot` receives the key entry's plot clause.
std::string gp_incidents(const nlohmann::json& scenario, const TimeAxis& axis,
                         std::string& extra_plot);

// Writes `text` to `file`; throws on failure.
void write_text_file(const std::filesystem::path& file, const std::string& text);

// A number for a data file: "%.6g", or NaN (missing) when not finite.
std::string gp_number(double x);

}  // namespace ratesim::output
