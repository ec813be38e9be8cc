#include "sim/output/plot_style.hpp"
#include "sim/output/written_file.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace {
// Tableau 10 (distinct in print and for most color-blind readers), then ten
// more from Tableau 20 that stay apart from the first ten.
constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
                                    "#a0cbe8", "#ffbe7d", "#d37295", "#86bcb6", "#8cd17d",
                                    "#b6992d", "#d4a6c8", "#499894", "#d7b5a6", "#79706e"};
constexpr std::size_t kColors = std::size(kPalette);
// Dash patterns (gnuplot `dt`): solid while the palette lasts, then others,
// so that no two slots share both colour and dash.
constexpr int kFinishedDashes[] = {1, 4, 6, 8};
constexpr int kUnfinishedDashes[] = {2, 5, 7, 9};
constexpr const char* kTerminal = "size 1200,700 noenhanced font 'Sans,14' background rgb 'white'";

// The scenario's scheduled incidents as (start, end) in seconds.
std::vector<std::pair<double, double>> incident_windows(const nlohmann::json& scenario) {
    std::vector<std::pair<double, double>> windows;
    const auto capacity = scenario.value("/api/capacity"_json_pointer, nlohmann::json::object());
    if (!capacity.contains("incidents") || !capacity["incidents"].is_array()) return windows;
    for (const auto& incident : capacity["incidents"]) {
        const auto at = scenario::parse_duration_seconds(incident.value("at", ""));
        const auto length = scenario::parse_duration_seconds(incident.value("for", ""));
        if (at && length) windows.emplace_back(*at.value, *at.value + *length.value);
    }
    return windows;
}

// Whether a scheduled incident slows the server (api.capacity.incidents[].slowdown).
bool incidents_slow_down(const nlohmann::json& scenario) {
    const auto capacity = scenario.value("/api/capacity"_json_pointer, nlohmann::json::object());
    if (!capacity.contains("incidents") || !capacity["incidents"].is_array()) return false;
    for (const auto& incident : capacity["incidents"])
        if (incident.is_object() && incident.contains("slowdown")) return true;
    return false;
}

}  // namespace

std::string variant_color(std::size_t index) { return kPalette[index % kColors]; }

int variant_dash(std::size_t index, bool unfinished) {
    const std::size_t cycle = (index / kColors) % std::size(kFinishedDashes);
    return unfinished ? kUnfinishedDashes[cycle] : kFinishedDashes[cycle];
}

std::string variant_line_style(std::size_t index, bool unfinished) {
    return fmt::format("lc rgb '{}' dt {}", variant_color(index), variant_dash(index, unfinished));
}

std::string gp_string(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += "''";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out + "'";
}

std::string gp_prologue(const std::string& name, const std::string& title) {
    return fmt::format(
        "# {0}.gp: {1}\n"
        "# Written by ratesim from {0}.dat. Edit and run `gnuplot {0}.gp` in this\n"
        "# directory to redraw {0}.svg and {0}.png.\n"
        "reset\n"
        "set encoding utf8\n"
        "set datafile missing 'NaN'\n"
        "set terminal svg {2}\n"
        "set output '{0}.svg'\n"
        "set title {3} font ',17'\n"
        "set key outside right top vertical Left reverse noautotitle samplen 2 spacing 1.2\n"
        "set grid ytics lc rgb '#dddddd' lw 1 dt 1\n"
        "set border 3 lc rgb '#444444'\n"
        "set tics nomirror\n",
        name, title, kTerminal, gp_string(title));
}

std::string gp_epilogue(const std::string& name) {
    return fmt::format(
        "set output\n"
        "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {{\n"
        "    set terminal pngcairo {1}\n"
        "}} else {{\n"
        "    set terminal png size 1200,700 noenhanced\n"
        "}}\n"
        "set output '{0}.png'\n"
        "replot\n"
        "set output\n",
        name, kTerminal);
}

std::string gp_data_label(std::string_view text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' ? '\'' : (c == '\n' || c == '\r') ? ' ' : c;
    return out + "\"";
}

std::string gp_plot(const std::vector<std::string>& clauses) {
    std::string out = "plot ";
    for (std::size_t i = 0; i < clauses.size(); ++i) out += (i ? ", \\\n     " : "") + clauses[i];
    return out + "\n";
}

TimeAxis time_axis(double span_s) {
    if (span_s >= 300) return {60, "simulated time (min)"};
    return {1, "simulated time (s)"};
}

std::string gp_incidents(const nlohmann::json& scenario, const TimeAxis& axis,
                         std::string& extra_plot) {
    const auto windows = incident_windows(scenario);
    if (windows.empty()) return "";
    std::string out;
    for (const auto& [from, to] : windows)
        out += fmt::format(
            "set object rect from {:g}, graph 0 to {:g}, graph 1 behind "
            "fillcolor rgb '#f6d6d6' fillstyle solid 1.0 noborder\n",
            from / axis.divisor, to / axis.divisor);
    extra_plot = fmt::format(
        "keyentry with boxes fillcolor rgb '#f6d6d6' fillstyle solid 1.0 noborder title '{}'",
        incidents_slow_down(scenario) ? "incident (server slowed)" : "529 incident");
    return out;
}

void write_text_file(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
    close_written(out, file);
}

std::string gp_number(double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : "NaN"; }

}  // namespace ratesim::output
