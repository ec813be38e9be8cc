#pragma once
// Runs a scenario: every variant (compare.strategies, crossed with the sweep
// values) times every replication, each on the same random streams, and
// collects the figures. Runs go to a thread pool; results and time series
// come out in the same order, and with the same bytes, at any thread count.
#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/run/run_metrics.hpp"
#include "sim/run/run_series.hpp"
#include "sim/run/shard.hpp"
#include "sim/run/statistics.hpp"
#include "sim/scenario/scenario.hpp"

namespace ratesim::run {

struct Variant {
    std::string name;
    std::string description;  // the strategy's parts
    // Replaces every group's strategy; empty means the groups keep their own.
    std::optional<models::StrategyConfig> strategy;
};

// One client group's figures within a variant.
struct GroupResult {
    std::string name;
    ColumnSummary summary;            // over replications, in metric_columns() order
    ColumnSummary paired_difference;  // as VariantResult's, for this group; empty for the first variant
};

struct VariantResult {
    Variant variant;
    std::string strategy_name;  // the variant's name without the sweep value
    std::string sweep_value;    // empty outside a sweep
    std::vector<RunMetrics> runs;  // one per replication
    ColumnSummary summary;         // over replications, in metric_columns() order
    // This variant minus the first one of its sweep point, replication by
    // replication (paired on common random numbers); empty for the first.
    std::string paired_baseline;
    ColumnSummary paired_difference;
    // Per client group (each run's RunMetrics::groups), when there are two or more.
    std::vector<GroupResult> groups;
};

// Each run's figures as a table: rows are replications, columns
// metric_columns(); the organization's figures, or with `group` that group's.
Table metric_table(const std::vector<RunMetrics>& runs, std::optional<std::size_t> group = std::nullopt);

// The results as one client group saw them: each variant's runs and summary
// are the group's (index into VariantResult::groups), so the tables and
// files drawn for the organization can be drawn for the group.
std::vector<VariantResult> group_view(const std::vector<VariantResult>& results, std::size_t group);

// The variants of one (unswept) scenario.
std::vector<Variant> variants_of(const scenario::ScenarioConfig& scenario);

// What an experiment runs: each sweep point (or the scenario itself) with
// each of its variants. Sweep variants are named "naive workers=8".
struct ExperimentCell {
    const scenario::ScenarioConfig* scenario;
    Variant variant;
    std::string strategy_name;
    std::string sweep_value;
};
std::vector<ExperimentCell> cells_of(const scenario::ScenarioConfig& scenario);

// Every run of an experiment, in run order (cell by cell, replication by
// replication): its cell (index into cells_of) and replication.
struct RunSlot {
    std::size_t cell;
    int replication;
};
std::vector<RunSlot> run_slots(const std::vector<ExperimentCell>& cells);

// The results before any run: one per cell, named, with room for its runs.
std::vector<VariantResult> empty_results(const std::vector<ExperimentCell>& cells);
// Fills in every result's summaries and paired differences from its runs.
void summarize_results(const std::vector<ExperimentCell>& cells, std::vector<VariantResult>& results);

// Receives each run an experiment made, with its series, in run order;
// `run` is the run's index in run_slots().
class RunReceiver {
public:
    virtual ~RunReceiver() = default;
    virtual void take(std::size_t run, const RunMetrics& metrics, const RunSeries& series) = 0;
};

// The last segment of a sweep path: "workers" for clients.batch.workers.
std::string sweep_parameter_label(const std::string& path);

// Shared with whoever reports progress while an experiment runs.
struct ExperimentProgress {
    std::atomic<int> runs_done{0};
    std::atomic<int> runs_total{0};
    std::atomic<std::int64_t> simulated_us{0};  // summed over all runs so far
};

struct ExperimentOptions {
    int threads = 1;
    // Every run's binned series, in parts while each run goes unless `runs`
    // is set (SeriesParts); may be null.
    SeriesReceiver* timeseries = nullptr;
    const std::atomic<bool>* stop = nullptr;  // set (e.g. by Ctrl-C) to abandon the experiment
    ExperimentProgress* progress = nullptr;
    // Make only this shard's runs; the others are left empty and nothing is
    // summarized (`ratesim merge` does that from every shard's runs).
    std::optional<Shard> shard;
    RunReceiver* runs = nullptr;  // every run made, with its series; may be null
    // The most open-loop items that may wait in one group of one run (0: no
    // cap; run::waiting_item_cap gives it from the memory budget).
    std::int64_t max_waiting_items = 0;
    // false: the world and the engine take no shortcut (models::WorldConfig::fast_paths).
    bool fast_paths = true;
};

// Thrown when `stop` ended the experiment before every run finished.
struct Interrupted : std::runtime_error {
    Interrupted() : std::runtime_error("interrupted") {}
};

// Throws Interrupted when `stop` is set; for the steps after the runs
// (writing, plotting), so an interrupt there leaves nothing half-done either.
inline void throw_if_stopped(const std::atomic<bool>* stop) {
    if (stop != nullptr && stop->load()) throw Interrupted();
}

// One run. `series` receives its binned series; may be null. With
// `stream_series` (and `series`), the series goes there in parts while the
// run goes, and `series` keeps only the last part. Throws
// Interrupted when `stop` is set while it runs, and a MemoryBudgetError
// naming the group's workload when more than `max_waiting_items` (> 0) of
// its items wait for a worker.
RunMetrics run_once(const scenario::ScenarioConfig& scenario, const Variant& variant, int replication,
                    RunSeries* series, const std::atomic<bool>* stop = nullptr,
                    std::atomic<std::int64_t>* simulated_us = nullptr, std::int64_t max_waiting_items = 0,
                    bool fast_paths = true, SeriesReceiver* stream_series = nullptr);

std::vector<VariantResult> run_experiment(const scenario::ScenarioConfig& scenario,
                                          const ExperimentOptions& options);

}  // namespace ratesim::run
