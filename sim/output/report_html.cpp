#include "sim/output/report_html.hpp"

#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "sim/output/comparison_table.hpp"
#include "sim/output/group_blocks.hpp"
#include "sim/output/html_text.hpp"
#include "sim/output/plot_style.hpp"
#include "sim/output/report_scenario.hpp"
#include "sim/output/run_story.hpp"
#include "sim/output/variant_focus.hpp"
#include "sim/run/metric_columns.hpp"

namespace ratesim::output {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStyle = R"(
body { margin: 0; background: #f4f5f7; color: #1d2330;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 30px; margin: 8px 0 4px; }
h2 { font-size: 22px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e3e6eb; }
h3 { font-size: 17px; margin: 20px 0 6px; }
p.lead { font-size: 18px; color: #3b4354; margin-top: 4px; }
p.meta, p.note, figcaption p { color: #596174; font-size: 14px; }
ul.story { padding-left: 20px; font-size: 17px; }
ul.story li { margin: 4px 0; }
table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
th, td { padding: 5px 10px; border-bottom: 1px solid #e3e6eb; text-align: right; white-space: nowrap; }
th { background: #f0f2f5; font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
table.wide { table-layout: fixed; width: 100%; }
table.wide td { white-space: normal; text-align: left; overflow-wrap: anywhere; }
table.wide td:first-child { width: 22%; }
tr.unfinished td { color: #8a6d3b; font-style: italic; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px;
  vertical-align: -1px; }
figure { margin: 24px 0; }
figure svg { width: 100%; height: auto; border: 1px solid #e3e6eb; }
figcaption h3 { margin-bottom: 2px; }
.notice { background: #fff6e0; border-left: 4px solid #f0a030; padding: 10px 14px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
)";

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return "";
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The comparison table of the organization, or with `group` of that client group.
std::string comparison_html(const ResultDir& r, std::optional<std::size_t> group = std::nullopt) {
    const auto& columns = run::metric_columns();
    std::vector<std::pair<std::string, std::vector<double>>> means;
    for (const auto& v : r.variants) {
        const VariantSummary& figures = group && *group < v.groups.size() ? v.groups[*group] : v;
        std::vector<double> row;
        for (const auto& c : columns) row.push_back(figures.mean_of(c.name));
        means.emplace_back(v.name, std::move(row));
    }
    const ComparisonCells cells = comparison_cells(means);
    std::string out = "<table>\n<thead><tr>";
    for (const auto& h : cells.header) out += "<th>" + html_escape(h) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t row = 0; row < cells.rows.size(); ++row) {
        out += cells.unfinished[row] ? "<tr class=\"unfinished\">" : "<tr>";
        for (std::size_t c = 0; c < cells.rows[row].size(); ++c) {
            out += "<td>";
            if (c == 0)
                out += fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>",
                                   variant_color(color_slot(r, row)));
            out += html_escape(cells.rows[row][c]) + "</td>";
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    for (const auto& note : cells.notes) out += "<p class=\"note\">" + html_escape(note) + "</p>\n";
    return out;
}

std::string plots_html(const std::vector<Plot>& plots, const fs::path& plots_dir,
                       const std::string& note) {
    std::string out = "<section>\n<h2>Plots</h2>\n";
    if (!note.empty())
        return out + "<p class=\"notice\">" + html_escape(note) + "</p>\n</section>\n";
    int index = 0;
    for (const auto& plot : plots) {
        const std::string svg =
            inline_svg(plots_dir / (plot.name + ".svg"), fmt::format("p{}-", index++));
        out +=
            fmt::format("<figure id=\"{}\">\n<figcaption><h3>{}</h3><p>{}</p></figcaption>\n",
                        html_escape(plot.name), html_escape(plot.title), html_escape(plot.caption));
        out += svg.empty() ? fmt::format("<p class=\"notice\">plots/{}.svg was not drawn.</p>\n",
                                         html_escape(plot.name))
                           : svg + "\n";
        out += "</figure>\n";
    }
    return out + "</section>\n";
}

}  // namespace

std::string inline_svg(const fs::path& file, const std::string& prefix) {
    std::string svg = read_all(file);
    const auto start = svg.find("<svg");
    const auto end = svg.rfind("</svg>");
    if (start == std::string::npos || end == std::string::npos || end < start) return "";
    svg = svg.substr(start, end + 6 - start);
    static const std::regex xmlns(R"re(\s+xmlns(:\w+)?\s*=\s*("[^"]*"|'[^']*'))re");
    static const std::regex id(R"re(\bid\s*=\s*(["']))re");
    static const std::regex ref(R"re((href\s*=\s*["']#|url\(\s*#))re");
    svg = std::regex_replace(svg, xmlns, "");
    svg = std::regex_replace(svg, id, "id=$1" + prefix);
    svg = std::regex_replace(svg, ref, "$1" + prefix);
    return svg;
}

void write_report_html(const fs::path& file, const ResultDir& r, const std::vector<Plot>& plots,
                       const fs::path& plots_dir, const std::string& no_plots_note) {
    const std::string name = r.scenario.value("name", "ratesim result");
    const std::string description = r.scenario.value("description", "");
    std::string html = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>ratesim: {}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
        html_escape(name), kStyle);
    html += fmt::format("<h1>{}</h1>\n", html_escape(name));
    if (!description.empty())
        html += fmt::format("<p class=\"lead\">{}</p>\n", html_escape(description));
    html += fmt::format("<p class=\"meta\">ratesim report: {} variant{}, {} replication{}.</p>\n",
                        r.variants.size(), r.variants.size() == 1 ? "" : "s", r.replications,
                        r.replications == 1 ? "" : "s");

    html += "<section>\n<h2>What happened</h2>\n<ul class=\"story\">\n";
    for (const auto& sentence : what_happened(r))
        html += "<li>" + html_escape(sentence) + "</li>\n";
    html += "</ul>\n<p class=\"note\">" + html_escape(common_random_numbers_note(r)) +
            "</p>\n</section>\n";

    html += "<section>\n<h2>Comparison</h2>\n";
    const std::size_t groups = r.variants.empty() ? 0 : r.variants.front().groups.size();
    if (groups == 0) {
        html += comparison_html(r);
    } else {
        html += "<h3>All groups (the organization)</h3>\n" + comparison_html(r);
        const nlohmann::json clients = r.scenario.value("clients", nlohmann::json::array());
        for (std::size_t g = 0; g < groups; ++g)
            html += "<h3>" +
                    html_escape(g < clients.size() ? group_heading(clients[g])
                                                   : "group " + r.variants.front().groups[g].name) +
                    "</h3>\n" + comparison_html(r, g);
    }
    html +=
        "<p class=\"note\">Means per run. Items: succeeded, and failed or pending where any were; "
        "attempts: every request sent, retries included; goodput: successful requests per minute of "
        "simulated time; util: what the successes used of the limit named in the header (the "
        "dimension the variants used most, which is the one that binds), as a share of it; p50, p99: "
        "latency per item from its creation to its success; makespan: when the last item "
        "finished.</p>\n";
    if (groups > 0)
        html +=
            "<p class=\"note\">Each group is counted on its own; the organization's row counts every "
            "group. What p50, p99 and makespan mean depends on the group's workload: in a batch, an item "
            "is created when the batch starts, so its latency includes waiting for a worker, and makespan "
            "is when its last item finished; in an open-loop group (poisson, trace) an item is created "
            "when it arrives, and a poisson group has no makespan. A group's util is its goodput as a "
            "share of the limits of the pool it uses, which other groups share.</p>\n";
    html += "</section>\n";
    html += plots_html(plots, plots_dir, no_plots_note);
    html += scenario_section_html(r);
    html +=
        "<p class=\"note\">Written by ratesim. The data behind every plot, and the gnuplot script "
        "that draws "
        "it, are in <code>plots/</code>; the numbers are in <code>summary.csv</code>, "
        "<code>summary.json</code>, <code>timeseries.csv</code> and "
        "<code>latency_cdf.csv</code>.</p>\n";
    html += "</main>\n</body>\n</html>\n";
    write_text_file(file, html);
}

}  // namespace ratesim::output
