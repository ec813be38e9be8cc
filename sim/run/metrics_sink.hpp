#pragma once
// Aggregates one run's observations into RunMetrics, in memory that does not
// grow with simulated time, and records the binned time series as it goes.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/model_catalog.hpp"
#include "models/observer.hpp"
#include "sim/run/latency_histogram.hpp"
#include "sim/run/run_metrics.hpp"
#include "sim/run/run_series.hpp"
#include "sim/scenario/scenario.hpp"

namespace ratesim::run {

class MetricsSink final : public models::Observer {
public:
    // `series` receives the run's bins as they close; may be null.
    MetricsSink(const scenario::ScenarioConfig& scenario, const std::vector<models::ClientGroupConfig>& groups,
                std::string variant, int replication, RunSeries* series);

    void items_created(int group, engine::Time at, std::int64_t count) override;
    void attempt_sent(int group, std::uint32_t worker, engine::Time at) override;
    void attempt_answered(const models::AttemptObservation& attempt) override;
    void attempt_billed(const models::BilledObservation& billed) override;
    void item_finished(const models::ItemObservation& item) override;
    void sample(const models::WorldSample& sample) override;

    // Adds the simulated time this run covers to `*total` as it goes (for
    // progress reports); null stops reporting.
    void report_simulated_time_to(std::atomic<std::int64_t>* total) { simulated_total_ = total; }

    // Closes the run at `end` (its last partial bin included) and computes the figures.
    RunMetrics finish(engine::Time end, std::int64_t pending, std::uint64_t events);

private:
    BinCounts& bin_at(engine::Time t);
    void close_bin(engine::Time end);
    void report_simulated_time(engine::Time now);

    const scenario::ScenarioConfig& scenario_;
    std::vector<std::optional<models::ModelPrices>> prices_;  // per group
    std::vector<std::size_t> first_worker_;                   // per group, in successes_
    std::vector<std::int64_t> successes_;                     // per worker
    std::vector<double> limits_;                              // rpm, itpm, otpm summed over used pools
    std::vector<std::size_t> used_pools_;  // whose bucket levels the series keeps
    std::string variant_;
    int replication_;
    RunSeries* series_;
    bool finite_work_only_ = true;  // makespan is defined only when every group's work is finite (fixed items, trace)

    RunMetrics m_;
    LatencyHistogram latency_;
    double ok_input_tokens_ = 0, ok_output_tokens_ = 0;
    engine::Time last_finish_ = 0;
    std::int64_t current_bin_ = 0;
    BinCounts bin_;
    std::atomic<std::int64_t>* simulated_total_ = nullptr;
    engine::Time reported_until_ = 0;
};

}  // namespace ratesim::run
