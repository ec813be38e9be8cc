#include "sim/run/experiment.hpp"

#include <memory>

#include <fmt/format.h>

#include "models/strategy/registry.hpp"
#include "models/world.hpp"
#include "sim/run/memory_budget.hpp"
#include "sim/run/metric_columns.hpp"
#include "sim/run/metrics_sink.hpp"
#include "sim/run/ordered_jobs.hpp"
#include "sim/run/series_parts.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::run {

namespace {

// The world's event handler, plus a way to stop it from outside.
struct StoppableWorld {
    models::World& world;
    const std::atomic<bool>* stop;
    void handle(const engine::Event& e) { world.handle(e); }
    bool keep_running() const {
        return world.keep_running() && (stop == nullptr || !stop->load(std::memory_order_relaxed));
    }
};

}  // namespace

Table metric_table(const std::vector<RunMetrics>& runs, std::optional<std::size_t> group) {
    const auto& columns = metric_columns();
    Table table(runs.size(), columns.size());
    for (std::size_t rep = 0; rep < runs.size(); ++rep) {
        const RunMetrics& m = group ? runs[rep].groups[*group] : runs[rep];
        for (std::size_t c = 0; c < columns.size(); ++c) table(rep, c) = columns[c].get(m);
    }
    return table;
}

std::vector<Variant> variants_of(const scenario::ScenarioConfig& scenario) {
    std::vector<Variant> variants;
    for (const auto& s : scenario.variants)
        variants.push_back({s.name, models::describe_strategy(s), s});
    if (!variants.empty()) return variants;
    // No comparison: one variant, named after the groups' strategy.
    Variant own{"scenario", "", std::nullopt};
    bool same = true;
    for (const auto& g : scenario.clients) {
        same &= g.strategy.name == scenario.clients.front().strategy.name;
        own.description += (own.description.empty() ? "" : " | ") + g.name + ": " +
                           models::describe_strategy(g.strategy);
    }
    if (same && !scenario.clients.empty()) own.name = scenario.clients.front().strategy.name;
    return {own};
}

std::string sweep_parameter_label(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
}

std::vector<ExperimentCell> cells_of(const scenario::ScenarioConfig& scenario) {
    std::vector<ExperimentCell> cells;
    if (scenario.sweep_points.empty()) {
        for (auto& v : variants_of(scenario)) cells.push_back({&scenario, v, v.name, ""});
        return cells;
    }
    const std::string label = sweep_parameter_label(scenario.sweep_path);
    for (std::size_t p = 0; p < scenario.sweep_points.size(); ++p)
        for (auto v : variants_of(scenario.sweep_points[p])) {
            const std::string strategy = v.name;
            v.name = strategy + " " + label + "=" + scenario.sweep_values[p];
            cells.push_back({&scenario.sweep_points[p], v, strategy, scenario.sweep_values[p]});
        }
    return cells;
}

RunMetrics run_once(const scenario::ScenarioConfig& scenario, const Variant& variant, int replication,
                    RunSeries* series, const std::atomic<bool>* stop,
                    std::atomic<std::int64_t>* simulated_us, std::int64_t max_waiting_items, bool fast_paths,
                    SeriesReceiver* stream_series) {
    models::WorldConfig world_config;
    world_config.max_waiting_items = max_waiting_items;
    world_config.fast_paths = fast_paths;
    world_config.api = scenario.api;
    world_config.groups = scenario.clients;
    if (variant.strategy)
        for (auto& g : world_config.groups) g.strategy = *variant.strategy;
    world_config.seed = scenario.seed;
    world_config.replication = static_cast<std::uint64_t>(replication);
    world_config.sample_every = scenario.bin;
    world_config.arrivals_until = scenario.duration;

    MetricsSink sink(scenario, world_config.groups, variant.name, replication, series);
    sink.report_simulated_time_to(simulated_us);
    if (series != nullptr) sink.stream_series_to(stream_series);
    engine::Scheduler scheduler;
    models::World world(world_config, scheduler, sink);
    world.start();
    StoppableWorld handler{world, stop};
    std::uint64_t events = 0;
    try {
        events = scheduler.run_until(scenario.time_cap(), handler);
    } catch (const models::WaitingLimitReached& full) {
        const auto& g = scenario.clients[static_cast<std::size_t>(full.group)];
        throw MemoryBudgetError(fmt::format(
            "{}: error: clients[{}].workload: {} items of group '{}' were waiting for its {} worker(s) at {} "
            "into {} replication {}, the most the memory budget allows (--max-memory); the run stopped, "
            "nothing was dropped; allowed: a lower arrival rate, more workers, a shorter duration, or a "
            "larger --max-memory",
            scenario.file, full.group, full.waiting, g.name, g.workers,
            scenario::display_duration(engine::to_seconds(full.at)), variant.name, replication));
    }
    if (stop != nullptr && stop->load()) throw Interrupted();
    world.bill_abandoned();
    RunMetrics m = sink.finish(scheduler.now(), world.items_left(), events);
    m.strategy = variant.description;
    for (auto& g : m.groups) g.strategy = variant.description;
    return m;
}

std::vector<RunSlot> run_slots(const std::vector<ExperimentCell>& cells) {
    std::vector<RunSlot> slots;
    for (std::size_t c = 0; c < cells.size(); ++c)
        for (int rep = 0; rep < cells[c].scenario->replications; ++rep) slots.push_back({c, rep});
    return slots;
}

std::vector<VariantResult> empty_results(const std::vector<ExperimentCell>& cells) {
    std::vector<VariantResult> results;
    for (const auto& cell : cells) {
        VariantResult& r = results.emplace_back();
        r.variant = cell.variant;
        r.strategy_name = cell.strategy_name;
        r.sweep_value = cell.sweep_value;
        r.runs.resize(static_cast<std::size_t>(cell.scenario->replications));
    }
    return results;
}

std::vector<VariantResult> run_experiment(const scenario::ScenarioConfig& scenario,
                                          const ExperimentOptions& options) {
    const std::vector<ExperimentCell> cells = cells_of(scenario);
    const std::vector<RunSlot> slots = run_slots(cells);
    std::vector<VariantResult> results = empty_results(cells);
    std::vector<std::size_t> jobs;  // the runs to make, by index into slots
    for (std::size_t j = 0; j < slots.size(); ++j)
        if (!options.shard || options.shard->owns(j)) jobs.push_back(j);
    if (options.progress) options.progress->runs_total += static_cast<int>(jobs.size());

    const bool keep_series = options.timeseries != nullptr || options.runs != nullptr;
    std::vector<RunSeries> series(keep_series ? jobs.size() : 0);  // each kept until delivered
    // The time series goes to its receiver in parts while each run goes
    // (SeriesParts), unless a RunReceiver wants each run's whole, with its figures.
    const bool stream_series = options.timeseries != nullptr && options.runs == nullptr;
    std::vector<std::unique_ptr<SeriesParts>> parts(stream_series ? jobs.size() : 0);
    std::atomic<std::size_t> delivered{0};
    const auto metrics_of = [&](std::size_t j) -> RunMetrics& {
        return results[slots[jobs[j]].cell].runs[static_cast<std::size_t>(slots[jobs[j]].replication)];
    };
    OrderedJobs pool;
    pool.count = static_cast<int>(jobs.size());
    pool.threads = options.threads;
    pool.stop = options.stop;
    pool.run = [&](int j) {
        const RunSlot& slot = slots[jobs[static_cast<std::size_t>(j)]];
        const ExperimentCell& cell = cells[slot.cell];
        const auto k = static_cast<std::size_t>(j);
        if (stream_series) parts[k] = std::make_unique<SeriesParts>(*options.timeseries, delivered, k);
        metrics_of(k) = run_once(*cell.scenario, cell.variant, slot.replication, keep_series ? &series[k] : nullptr,
                                 options.stop, options.progress ? &options.progress->simulated_us : nullptr,
                                 options.max_waiting_items, options.fast_paths,
                                 stream_series ? parts[k].get() : nullptr);
        if (options.progress) ++options.progress->runs_done;
    };
    pool.deliver = [&](int j) {
        if (!keep_series) return;
        const auto k = static_cast<std::size_t>(j);
        if (stream_series) {
            parts[k]->deliver(series[k]);
            parts[k].reset();
        } else if (options.timeseries) {
            options.timeseries->take(series[k]);
        }
        if (options.runs) options.runs->take(jobs[k], metrics_of(k), series[k]);
        series[k] = RunSeries{};
        delivered.store(k + 1, std::memory_order_release);
    };
    if (run_ordered(pool) < pool.count) throw Interrupted();
    if (!options.shard) summarize_results(cells, results);
    return results;
}

void summarize_results(const std::vector<ExperimentCell>& cells, std::vector<VariantResult>& results) {
    const VariantResult* baseline = nullptr;
    for (std::size_t c = 0; c < results.size(); ++c) {
        VariantResult& r = results[c];
        const Table table = metric_table(r.runs);
        const double confidence = cells[c].scenario->confidence;
        r.summary = summarize_columns(table, confidence);
        const std::size_t groups = r.runs.empty() ? 0 : r.runs.front().groups.size();
        for (std::size_t g = 0; g < groups; ++g)
            r.groups.push_back({r.runs.front().groups[g].group, summarize_columns(metric_table(r.runs, g), confidence), {}});
        if (c == 0 || cells[c].scenario != cells[c - 1].scenario) {
            baseline = &r;
            continue;
        }
        r.paired_baseline = baseline->variant.name;
        r.paired_difference = summarize_columns(table - metric_table(baseline->runs), confidence);
        for (std::size_t g = 0; g < groups; ++g)
            r.groups[g].paired_difference =
                summarize_columns(metric_table(r.runs, g) - metric_table(baseline->runs, g), confidence);
    }
}

std::vector<VariantResult> group_view(const std::vector<VariantResult>& results, std::size_t group) {
    std::vector<VariantResult> view;
    for (const auto& r : results) {
        VariantResult& v = view.emplace_back();
        v.variant = r.variant;
        v.strategy_name = r.strategy_name;
        v.sweep_value = r.sweep_value;
        for (const auto& run : r.runs) v.runs.push_back(run.groups[group]);
        v.summary = r.groups[group].summary;
        v.paired_baseline = r.paired_baseline;
        v.paired_difference = r.groups[group].paired_difference;
    }
    return view;
}

}  // namespace ratesim::run
