#include "sim/output/result_dir.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "sim/output/csv_fields.hpp"
#include "sim/run/latency_histogram.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace fs = std::filesystem;

namespace {

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

[[noreturn]] void bad_file(const fs::path& file, std::size_t line, const std::string& problem) {
    throw scenario::ScenarioError(
        fmt::format("error: {}:{}: {}; this file is written by `ratesim run`, "
                    "so run it again to recreate it",
                    file.string(), line, problem));
}

double number_field(const fs::path& file, std::size_t line, const std::string& text) {
    try {
        std::size_t used = 0;
        const double x = std::stod(text, &used);
        if (used == text.size()) return x;
    } catch (const std::exception&) {
    }
    bad_file(file, line, fmt::format("'{}' is not a number", text));
}

// Calls `row(line number, fields)` for every data row of a CSV whose header is `header`.
template <class Row>
void read_csv(const fs::path& file, const std::string& header, std::size_t columns, Row row) {
    std::ifstream in(file);
    if (!in) return;
    std::string line;
    if (!std::getline(in, line) || line != header)
        bad_file(file, 1, fmt::format("the header is not '{}'", header));
    for (std::size_t number = 2; std::getline(in, line); ++number) {
        if (line.empty()) continue;
        const std::vector<std::string> fields = csv_fields(line);
        if (fields.size() != columns)
            bad_file(file, number, fmt::format("{} fields, expected {}", fields.size(), columns));
        row(number, fields);
    }
}

void read_summary(ResultDir& result) {
    const fs::path file = result.path / "summary.json";
    std::ifstream in(file);
    if (!in)
        throw scenario::ScenarioError(fmt::format(
            "error: '{}' holds no summary.json; give a directory written by `ratesim run`",
            result.path.string()));
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw scenario::ScenarioError(fmt::format("error: {}: not valid JSON ({})", file.string(), e.what()));
    }
    if (!doc.contains("scenario") || !doc.contains("variants") || !doc["variants"].is_array())
        throw scenario::ScenarioError(fmt::format(
            "error: {}: no 'scenario' and 'variants'; give a directory written by `ratesim run`",
            file.string()));
    result.scenario = doc["scenario"];
    result.replications = result.scenario.value("replications", 1);
    const auto bin = scenario::parse_duration_seconds(
        result.scenario.value("/output/bin"_json_pointer, std::string("10s")));
    if (bin && *bin.value > 0) result.bin_s = *bin.value;
    for (const auto& v : doc["variants"]) {
        VariantSummary s;
        s.name = v.value("name", "");
        s.strategy = v.value("strategy", "");
        s.mean = numbers_of(v.value("mean", nlohmann::json::object()));
        s.ci95 = numbers_of(v.value("ci95_half_width", nlohmann::json::object()));
        for (const auto& run : v.value("runs", nlohmann::json::array()))
            for (const auto& [metric, x] : numbers_of(run)) s.runs[metric].push_back(x);
        result.variants.push_back(std::move(s));
    }
}

}  // namespace

double VariantSummary::mean_of(const std::string& metric) const { return lookup(mean, metric); }
double VariantSummary::ci95_of(const std::string& metric) const { return lookup(ci95, metric); }

ResultDir read_result_dir(const fs::path& dir) {
    ResultDir result;
    result.path = dir;
    read_summary(result);
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < result.variants.size(); ++i) index[result.variants[i].name] = i;
    result.timelines.resize(result.variants.size());
    result.latency_cdf.resize(result.variants.size());

    const fs::path timeseries = dir / "timeseries.csv";
    read_csv(timeseries, "variant,replication,t_s,metric,value", 5,
             [&](std::size_t line, const std::vector<std::string>& f) {
                 const auto it = index.find(f[0]);
                 if (it == index.end()) return;
                 VariantTimeline& timeline = result.timelines[it->second];
                 const double t = number_field(timeseries, line, f[2]);
                 const double value = number_field(timeseries, line, f[4]);
                 const std::string& metric = f[3];
                 if (metric.rfind("bucket_", 0) == 0) {
                     if (f[1] == "0") timeline.buckets[metric.substr(7)].emplace_back(t, value);
                     return;
                 }
                 TimeBin* bin = nullptr;
                 auto slot = [&]() -> TimeBin& {
                     if (!bin)
                         bin = &timeline.bins[std::ceil(t / result.bin_s - 1e-9) * result.bin_s];
                     return *bin;
                 };
                 if (metric == "attempts")
                     slot().attempts += value;
                 else if (metric == "ok")
                     slot().ok += value;
                 else if (metric == "r429")
                     slot().r429 += value;
                 else if (metric == "r529")
                     slot().r529 += value;
                 else if (metric == "timeouts")
                     slot().timeouts += value;
             });

    const fs::path cdf = dir / "latency_cdf.csv";
    const std::size_t points = run::latency_cdf_fractions().size();
    std::vector<std::vector<int>> counts(result.variants.size(), std::vector<int>(points, 0));
    for (auto& c : result.latency_cdf) c.assign(points, 0.0);
    read_csv(cdf, "variant,replication,fraction,latency_s", 4,
             [&](std::size_t line, const std::vector<std::string>& f) {
                 const auto it = index.find(f[0]);
                 if (it == index.end()) return;
                 const double fraction = number_field(cdf, line, f[2]);
                 const auto& fractions = run::latency_cdf_fractions();
                 for (std::size_t i = 0; i < points; ++i)
                     if (std::fabs(fractions[i] - fraction) < 1e-9) {
                         result.latency_cdf[it->second][i] += number_field(cdf, line, f[3]);
                         ++counts[it->second][i];
                     }
             });
    for (std::size_t v = 0; v < result.variants.size(); ++v) {
        bool complete = true;
        for (std::size_t i = 0; i < points; ++i) {
            complete &= counts[v][i] > 0;
            if (counts[v][i] > 0) result.latency_cdf[v][i] /= counts[v][i];
        }
        if (!complete) result.latency_cdf[v].clear();
    }

    const fs::path curves = dir / "curves.csv";
    read_csv(curves, "parameter,value,strategy,metric,mean,ci_low,ci_high", 7,
             [&](std::size_t line, const std::vector<std::string>& f) {
                 CurvePoint p{f[0], f[1], f[2], f[3], kNaN, kNaN, kNaN};
                 if (!f[4].empty()) p.mean = number_field(curves, line, f[4]);
                 if (!f[5].empty()) p.low = number_field(curves, line, f[5]);
                 if (!f[6].empty()) p.high = number_field(curves, line, f[6]);
                 result.curves.push_back(std::move(p));
             });
    return result;
}

}  // namespace ratesim::output
