#pragma once
// Aggregates one run's observations into RunMetrics, in memory that does not
// grow with simulated time, and records the binned time series as it goes.
// With two or more client groups it counts each group on its own counters
// too, next to the organization's.
#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/model_catalog.hpp"
#include "models/observer.hpp"
#include "models/world.hpp"
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

    // Hands the series to `receiver` in parts of kSeriesPart bins as the run
    // goes, each part then cleared from the series, so that a long run holds
    // at most one part; the bins of the last part stay in the series. Null:
    // the series keeps every bin until the run ends.
    void stream_series_to(SeriesReceiver* receiver) { stream_to_ = receiver; }
    static constexpr std::size_t kSeriesPart = 1024;

    // Closes the run at `end` (its last partial bin included) and computes the
    // figures; `left` is what each group still owed (World::items_left()).
    RunMetrics finish(engine::Time end, const std::vector<models::ItemsLeft>& left, std::uint64_t events);

private:
    // What one scope counts: the organization, or one client group.
    struct Tally {
        RunMetrics m;
        LatencyHistogram latency;
        double ok_input_tokens = 0, ok_output_tokens = 0;
        engine::Time last_finish = 0;
        std::array<double, 3> limits{};  // rpm, itpm, otpm of the pools it uses; NaN where not limited
        std::size_t first_worker = 0, workers = 0;  // its workers in successes_
        bool finite_work = true;  // makespan is defined only for fixed items and traces
        BinCounts bin;            // the open bin
    };

    // Applies `count` to the organization's tally and, with several groups, to the group's.
    template <class Count>
    void count(int group, Count count) {
        count(org_);
        if (!groups_.empty()) count(groups_[static_cast<std::size_t>(group)]);
    }
    void roll_bins(engine::Time t);
    void close_bins(engine::Time end);
    void report_simulated_time(engine::Time now);
    // With stream_series_to: hands a full part over.
    void hand_over_part();
    // `owed`: of `left`, the items the scope still owed (see RunMetrics::owed).
    RunMetrics figures(Tally& tally, engine::Time end, models::ItemsLeft left, std::int64_t owed,
                       std::uint64_t events) const;

    // Counts `count` on the per-model rows of the organization and the group, with routing.
    template <class Count>
    void count_model(int group, int model, Count count) {
        if (model_rows_.empty()) return;
        const std::size_t n = models_.size(), m = static_cast<std::size_t>(model);
        count(model_rows_[m]);
        if (!groups_.empty()) count(model_rows_[(static_cast<std::size_t>(group) + 1) * n + m]);
    }

    const scenario::ScenarioConfig& scenario_;
    std::vector<std::string> models_;  // models_in_use(): what observations' `model` indexes
    std::vector<bool> priced_;         // per model: the catalogue has its prices
    // With routing: per scope (the organization, then each group when there
    // are two or more), one row per model; else empty.
    std::vector<ModelMetrics> model_rows_;
    std::vector<std::size_t> first_worker_;                   // per group, in successes_
    std::vector<bool> open_loop_;  // per group: its workload arrives over time (poisson, trace)
    std::vector<std::int64_t> successes_;                     // per worker
    std::vector<std::size_t> used_pools_;  // whose bucket levels the series keeps
    std::string variant_;
    int replication_;
    RunSeries* series_;
    SeriesReceiver* stream_to_ = nullptr;

    Tally org_;
    std::vector<Tally> groups_;  // per client group when there are two or more; else empty
    std::int64_t current_bin_ = -1;  // the open bin's index; -1 before the first
    std::atomic<std::int64_t>* simulated_total_ = nullptr;
    engine::Time reported_until_ = 0;
};

}  // namespace ratesim::run
