#include "sim/output/summary_files.hpp"
#include "sim/output/written_file.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/output/csv_text.hpp"
#include "sim/run/metric_columns.hpp"
#include "sim/run/statistics.hpp"
#include "sim/output/result_file_error.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace {

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string readable_json_error(const nlohmann::json::exception& e) {
    std::string text = e.what();
    if (!text.empty() && text[0] == '[') {
        const auto end = text.find("] ");
        if (end != std::string::npos) text.erase(0, end + 2);
    }
    return text;
}

SummaryJson summary_of(const nlohmann::json& doc, const std::filesystem::path& file);

std::ofstream open_for_writing(const std::filesystem::path& file) {
    std::ofstream out(file);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    return out;
}

// Per-run values: integers exact, rates to 6 significant digits. Means and
// half-widths: 10 significant digits, so mean counts stay exact.
std::string csv_run_value(double x, bool integer) {
    if (!std::isfinite(x)) return "";
    return integer ? fmt::format("{:.0f}", x) : fmt::format("{:.6g}", x);
}


nlohmann::json json_number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); }

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double lookup(const std::map<std::string, double>& values, const std::string& key) {
    const auto it = values.find(key);
    return it == values.end() ? kNaN : it->second;
}

std::map<std::string, double> numbers_of(const nlohmann::json& object) {
    std::map<std::string, double> out;
    if (!object.is_object()) return out;
    for (const auto& [key, value] : object.items())
        out[key] = value.is_number() ? value.get<double>() : kNaN;
    return out;
}

}  // namespace

void write_summary_csv(const std::filesystem::path& file, const std::vector<run::VariantResult>& results) {
    const auto& columns = run::metric_columns();
    std::ofstream out = open_for_writing(file);
    out << "variant,group,strategy,replication";
    for (const auto& c : columns) out << ',' << c.name;
    const std::string ci = run::confidence_name(results.empty() ? 0.95 : results.front().summary.confidence);
    for (const auto& c : columns) out << ',' << c.name << '_' << ci;
    out << '\n';
    for (const auto& r : results) {
        auto label = [&](const std::string& group) {
            return csv_text(r.variant.name) + ',' + csv_text(group) + ',' + csv_text(r.variant.description);
        };
        auto run_row = [&](const run::RunMetrics& run) {
            out << label(run.group) << ',' << run.replication;
            for (const auto& c : columns) out << ',' << csv_run_value(c.get(run), c.integer);
            for (std::size_t i = 0; i < columns.size(); ++i) out << ',';
            out << '\n';
        };
        auto mean_row = [&](const std::string& group, const run::ColumnSummary& summary) {
            out << label(group) << ",mean";
            for (std::size_t i = 0; i < columns.size(); ++i) out << ',' << csv_number(summary.mean[i]);
            for (std::size_t i = 0; i < columns.size(); ++i) out << ',' << csv_number(summary.half_width[i]);
            out << '\n';
        };
        for (const auto& run : r.runs) {
            run_row(run);
            for (const auto& group : run.groups) run_row(group);
        }
        mean_row(run::kAllGroups, r.summary);
        for (const auto& group : r.groups) mean_row(group.name, group.summary);
    }
    close_written(out, file);
}

namespace {

// A scope's runs, means, half-widths and paired difference, as summary.json holds them.
void put_figures(nlohmann::ordered_json& v, const std::vector<const run::RunMetrics*>& runs,
                 const run::ColumnSummary& summary, const std::string& baseline,
                 const run::ColumnSummary& difference) {
    const auto& columns = run::metric_columns();
    v["runs"] = nlohmann::ordered_json::array();
    for (const run::RunMetrics* run : runs) {
        nlohmann::ordered_json j;
        j["replication"] = run->replication;
        for (const auto& c : columns) j[c.name] = json_number(c.get(*run));
        v["runs"].push_back(j);
    }
    nlohmann::ordered_json mean, ci;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        mean[columns[i].name] = json_number(summary.mean[i]);
        ci[columns[i].name] = json_number(summary.half_width[i]);
    }
    v["mean"] = mean;
    v[run::confidence_name(summary.confidence) + "_half_width"] = ci;
    if (baseline.empty()) return;
    nlohmann::ordered_json diff, diff_ci;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        diff[columns[i].name] = json_number(difference.mean[i]);
        diff_ci[columns[i].name] = json_number(difference.half_width[i]);
    }
    v["paired_difference"] = {{"minus", baseline},
                              {"note", "this variant minus the baseline, replication by replication, "
                                       "on common random numbers"},
                              {"mean", diff},
                              {run::confidence_name(difference.confidence) + "_half_width", diff_ci}};
}

const char* workload_name(models::WorkloadConfig::Kind kind) {
    switch (kind) {
        case models::WorkloadConfig::Kind::poisson: return "poisson";
        case models::WorkloadConfig::Kind::trace: return "trace";
        default: return "batch";
    }
}

}  // namespace

void write_summary_json(const std::filesystem::path& file, const scenario::ScenarioConfig& scenario,
                        const std::vector<run::VariantResult>& results) {
    nlohmann::ordered_json doc;
    doc["scenario"] = nlohmann::ordered_json::parse(scenario::scenario_to_json(scenario).dump());
    doc["variants"] = nlohmann::ordered_json::array();
    for (const auto& r : results) {
        nlohmann::ordered_json v;
        v["name"] = r.variant.name;
        v["strategy"] = r.variant.description;
        std::vector<const run::RunMetrics*> runs;
        for (const auto& run : r.runs) runs.push_back(&run);
        put_figures(v, runs, r.summary, r.paired_baseline, r.paired_difference);
        if (!r.groups.empty()) {
            v["groups"] = nlohmann::ordered_json::array();
            for (std::size_t g = 0; g < r.groups.size(); ++g) {
                nlohmann::ordered_json group;
                group["name"] = r.groups[g].name;
                const auto kind = g < scenario.clients.size() ? scenario.clients[g].workload.kind
                                                              : models::WorkloadConfig::Kind::fixed_items;
                group["workload"] = workload_name(kind);
                if (kind == models::WorkloadConfig::Kind::poisson)
                    group["makespan_note"] = "an open-loop (poisson) group has no makespan: its work never ends";
                std::vector<const run::RunMetrics*> group_runs;
                for (const auto& run : r.runs) group_runs.push_back(&run.groups[g]);
                put_figures(group, group_runs, r.groups[g].summary, r.paired_baseline,
                            r.groups[g].paired_difference);
                v["groups"].push_back(group);
            }
        }
        doc["variants"].push_back(v);
    }
    std::ofstream out = open_for_writing(file);
    out << doc.dump(2) << '\n';
    close_written(out, file);
}

double VariantSummary::mean_of(const std::string& metric) const { return lookup(mean, metric); }

SummaryJson read_summary_json(const std::filesystem::path& dir) {
    const std::filesystem::path file = dir / "summary.json";
    std::ifstream in(file);
    if (!in)
        throw ResultFileError(fmt::format(
            "error: '{}' holds no summary.json; give a directory written by `ratesim run`", dir.string()));
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw ResultFileError(fmt::format("{}: error: not valid JSON at byte {}: {}; allowed: the "
                                          "summary.json that `ratesim run` writes",
                                          file.string(), e.byte, readable_json_error(e)));
    }
    try {
        return summary_of(doc, file);
    } catch (const nlohmann::json::exception& e) {
        throw ResultFileError(fmt::format("{}: error: a value does not have the type ratesim "
                                          "writes: {}; allowed: the summary.json that `ratesim run` "
                                          "writes",
                                          file.string(), readable_json_error(e)));
    }
}

namespace {

SummaryJson summary_of(const nlohmann::json& doc, const std::filesystem::path& file) {
    if (!doc.contains("scenario") || !doc.contains("variants") || !doc.at("variants").is_array())
        throw ResultFileError(fmt::format(
            "error: {}: no 'scenario' and 'variants'; give a directory written by `ratesim run`",
            file.string()));
    SummaryJson summary;
    summary.scenario = doc.at("scenario");
    summary.replications = summary.scenario.value("replications", 1);
    summary.confidence = summary.scenario.value("confidence", 0.95);
    const auto bin = scenario::parse_duration_seconds(
        summary.scenario.value("/output/bin"_json_pointer, std::string("10s")));
    if (bin && *bin.value > 0) summary.bin_s = *bin.value;
    const auto figures_of = [&summary](const nlohmann::json& v) {
        VariantSummary s;
        s.name = v.value("name", "");
        s.strategy = v.value("strategy", "");
        s.mean = numbers_of(v.value("mean", nlohmann::json::object()));
        s.half_width = numbers_of(v.value(
            run::confidence_name(summary.confidence) + "_half_width", nlohmann::json::object()));
        for (const auto& run : v.value("runs", nlohmann::json::array()))
            for (const auto& [metric, x] : numbers_of(run)) s.runs[metric].push_back(x);
        return s;
    };
    for (const auto& v : doc.at("variants")) {
        VariantSummary s = figures_of(v);
        for (const auto& g : v.value("groups", nlohmann::json::array())) {
            VariantSummary group = figures_of(g);
            group.strategy = s.strategy;
            s.groups.push_back(std::move(group));
        }
        summary.variants.push_back(std::move(s));
    }
    return summary;
}

}  // namespace

}  // namespace ratesim::output
