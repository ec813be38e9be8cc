#include "sim/playground/playground_run.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <vector>

#include "sim/run/experiment.hpp"
#include "sim/run/metric_columns.hpp"
#include "sim/scenario/resolved_scenario.hpp"

namespace ratesim::playground {

namespace {

using nlohmann::ordered_json;

ordered_json number(double x) { return std::isfinite(x) ? ordered_json(x) : ordered_json(); }

ordered_json by_column(const std::vector<double>& values) {
    ordered_json out = ordered_json::object();
    const auto& columns = run::metric_columns();
    for (std::size_t i = 0; i < columns.size() && i < values.size(); ++i) out[columns[i].name] = number(values[i]);
    return out;
}

ordered_json run_figures(const run::RunMetrics& metrics) {
    ordered_json out = ordered_json::object();
    for (const auto& column : run::metric_columns()) out[column.name] = number(column.get(metrics));
    return out;
}

// Replication 0's series of each variant, the organization's bins only.
class FirstReplication : public run::SeriesReceiver {
public:
    void take(const run::RunSeries& series) override {
        if (series.replication != 0) return;
        ordered_json& s = series_[series.variant];
        if (s.is_null()) s = empty();
        std::size_t fill = 0;
        for (const auto& bin : series.bins) {
            if (const auto* counts = std::get_if<run::BinCounts>(&bin)) {
                if (counts->group >= 0) continue;
                s["t_s"].push_back(engine::to_seconds(counts->end));
                s["attempts"].push_back(counts->attempts);
                s["ok"].push_back(counts->ok);
                s["r429"].push_back(counts->r429);
                s["r529"].push_back(counts->r529);
                s["timeouts"].push_back(counts->timeouts);
                s["goodput_rpm"].push_back(counts->goodput_rpm());
                continue;
            }
            const auto& levels = std::get<run::BinLevels>(bin);
            s["in_flight"].push_back(levels.in_flight);
            s["queued"].push_back(levels.queued);
            if (levels.server_queue >= 0) s["server_queue"].push_back(levels.server_queue);
            for (const std::string& pool : series.pools)
                for (const models::Dimension dimension : models::kAllDimensions) {
                    const double level = series.bucket_fill[fill++];
                    if (std::isnan(level)) continue;
                    s["buckets"][pool + " " + models::dimension_name(dimension)].push_back(level);
                }
        }
    }
    ordered_json of(const std::string& variant) const {
        const auto it = series_.find(variant);
        return it == series_.end() ? empty() : it->second;
    }

private:
    static ordered_json empty() {
        ordered_json s = ordered_json::object();
        for (const char* key : {"t_s", "attempts", "ok", "r429", "r529", "timeouts", "goodput_rpm", "in_flight",
                                "queued"})
            s[key] = ordered_json::array();
        s["buckets"] = ordered_json::object();
        return s;
    }
    std::map<std::string, ordered_json> series_;
};

// Keeps only the named strategies of compare.strategies, in the scenario's order.
void keep_variants(scenario::ScenarioConfig& config, const std::vector<std::string>& names) {
    std::vector<std::string> known;
    for (const auto& v : config.variants) known.push_back(v.name);
    for (const auto& name : names)
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string allowed;
            for (const auto& k : known) allowed += (allowed.empty() ? "" : ", ") + k;
            throw std::invalid_argument("variants: no strategy named '" + name + "' in compare.strategies; allowed: " +
                                        (allowed.empty() ? "none (the scenario has no compare section)" : allowed));
        }
    std::erase_if(config.variants, [&](const models::StrategyConfig& v) {
        return std::find(names.begin(), names.end(), v.name) == names.end();
    });
}

ordered_json run_scenario(const nlohmann::json& request) {
    if (!request.is_object() || !request.contains("scenario"))
        throw std::invalid_argument("the request has no scenario; allowed: {scenario, set, variants}");
    const auto sets = request.value("set", std::vector<std::string>{});
    scenario::ScenarioConfig config = scenario::load_resolved_scenario(request["scenario"], "<playground>", sets);
    if (request.contains("variants")) keep_variants(config, request["variants"].get<std::vector<std::string>>());

    FirstReplication series;
    run::ExperimentOptions options;
    options.threads = 1;
    options.timeseries = &series;
    const auto results = run::run_experiment(config, options);

    ordered_json out{{"ok", true}, {"columns", ordered_json::array()}, {"variants", ordered_json::array()}};
    for (const auto& column : run::metric_columns()) out["columns"].push_back(column.name);
    for (const auto& result : results) {
        ordered_json v{{"name", result.variant.name},
                       {"mean", by_column(result.summary.mean)},
                       {"half_width", by_column(result.summary.half_width)},
                       {"runs", ordered_json::array()}};
        for (const auto& r : result.runs) v["runs"].push_back(run_figures(r));
        if (!result.groups.empty()) {
            v["groups"] = ordered_json::array();
            for (const auto& g : result.groups)
                v["groups"].push_back({{"name", g.name},
                                       {"mean", by_column(g.summary.mean)},
                                       {"half_width", by_column(g.summary.half_width)}});
        }
        v["series"] = series.of(result.variant.name);
        out["variants"].push_back(std::move(v));
    }
    return out;
}

}  // namespace

std::string run_request(const std::string& request_json) {
    try {
        return run_scenario(nlohmann::json::parse(request_json)).dump();
    } catch (const std::exception& e) {
        return ordered_json{{"ok", false}, {"error", e.what()}}.dump();
    }
}

}  // namespace ratesim::playground
