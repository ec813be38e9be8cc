#pragma once
// Runs a scenario: every variant (compare.strategies) times every
// replication, each on the same random streams, and collects the figures.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/run/run_metrics.hpp"
#include "sim/run/statistics.hpp"
#include "sim/scenario/scenario.hpp"

namespace ratesim::sim {

struct Variant {
    std::string name;
    std::string description;  // the strategy's parts
    // Replaces every group's strategy; empty means the groups keep their own.
    std::optional<models::StrategyConfig> strategy;
};

struct VariantResult {
    Variant variant;
    std::vector<RunMetrics> runs;  // one per replication
    ColumnSummary summary;         // over replications, in metric_columns() order
};

std::vector<Variant> variants_of(const ScenarioConfig& scenario);

// One run. `timeseries` receives its binned rows; may be null.
RunMetrics run_once(const ScenarioConfig& scenario, const Variant& variant, int replication,
                    std::ostream* timeseries);

std::vector<VariantResult> run_experiment(const ScenarioConfig& scenario, std::ostream* timeseries);

}  // namespace ratesim::sim
