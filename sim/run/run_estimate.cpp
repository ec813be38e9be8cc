#include "sim/run/run_estimate.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/run/experiment.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::run {

namespace {

// Faster than any run measured (bench/run: the bare event queue takes about
// 50 ns per event), so the time below is a floor, never an overstatement.
constexpr double kFastestEventSeconds = 20e-9;
// Measured: 10^6 workers of one group take about 530 MB (bench notes in
// docs/performance.md); rounded down.
constexpr double kBytesPerWorker = 500;
// A waiting open-loop item: (item number, creation time) in a deque.
constexpr double kBytesPerWaitingItem = 16;

// timeseries.csv per bin of a run (a row per metric the bin has): measured,
// `ratesim run scenarios/quickstart.yaml` writes 6416 bytes for 2 runs x 60
// bins, 53 a bin; busier bins have more rows. Rounded down.
constexpr double kBytesPerTimeseriesRow = 50;

constexpr double kWarnSeconds = 60;
constexpr double kWarnBytes = 2.0 * (1u << 30);

std::string bytes_text(double bytes) { return fmt::format("{:.1f} GiB", bytes / (1u << 30)); }

}  // namespace

RunEstimate estimate_run(const scenario::ScenarioConfig& scenario) {
    RunEstimate e;
    e.runs = static_cast<double>(variants_of(scenario).size()) * scenario.replications;
    for (const auto& g : scenario.clients) {
        e.workers += static_cast<double>(g.workers);
        if (g.workload.kind == models::WorkloadConfig::Kind::poisson)
            e.arrivals_per_run +=
                g.workload.rate.integral(0, engine::to_seconds(std::max<engine::Time>(0, scenario.duration - g.start)));
    }
    const double runs_for = engine::to_seconds(scenario.duration);
    if (scenario.api.incidents.random.mean_gap > 0)
        e.incidents_per_run = runs_for / engine::to_seconds(scenario.api.incidents.random.mean_gap);
    if (scenario.bin > 0) {
        const double bins = std::ceil(engine::to_seconds(scenario.time_cap()) / engine::to_seconds(scenario.bin));
        const double rows = 1.0 + (scenario.clients.size() > 1 ? static_cast<double>(scenario.clients.size()) : 0.0);
        e.timeseries_bytes = e.runs * bins * rows * kBytesPerTimeseriesRow;
    }
    e.worker_bytes = e.workers * kBytesPerWorker;
    e.worst_queue_bytes = e.arrivals_per_run * kBytesPerWaitingItem;
    e.min_seconds = e.runs * (e.arrivals_per_run + e.incidents_per_run) * kFastestEventSeconds;
    return e;
}

std::vector<std::string> run_warnings(const scenario::ScenarioConfig& scenario) {
    const RunEstimate e = estimate_run(scenario);
    std::vector<std::string> warnings;
    if (e.min_seconds > kWarnSeconds && e.incidents_per_run > e.arrivals_per_run)
        warnings.push_back(fmt::format(
            "api.capacity.random.every: {:.3g} random incidents per run over {:.0f} runs, one draw each at "
            "least: this takes more than {:.0f} minutes; a longer `every` shows the same outages sooner",
            e.incidents_per_run, e.runs, e.min_seconds / 60));
    else if (e.min_seconds > kWarnSeconds)
        warnings.push_back(fmt::format(
            "{:.3g} open-loop arrivals per run over {:.0f} runs, one event each at least: this "
            "takes more than {:.0f} minutes, likely several times that; a shorter duration or a "
            "lower rate shows the same behaviour sooner",
            e.arrivals_per_run, e.runs, e.min_seconds / 60));
    if (e.timeseries_bytes > kWarnBytes)
        warnings.push_back(fmt::format(
            "timeseries.csv will take about {} ({:.0f} runs of {} bins); fewer replications or a "
            "longer output.bin make it smaller",
            bytes_text(e.timeseries_bytes), e.runs,
            std::ceil(engine::to_seconds(scenario.time_cap()) / engine::to_seconds(scenario.bin))));
    const double fastest = scenario.api.latency.round_trip_s.min();
    for (std::size_t i = 0; i < scenario.clients.size(); ++i)
        if (engine::to_seconds(scenario.clients[i].timeout) < fastest)
            warnings.push_back(fmt::format(
                "clients[{}].timeout: {} is shorter than any response (the round trip takes {} at least): "
                "every attempt of group '{}' times out",
                i, fmt::format("{:g}ms", engine::to_seconds(scenario.clients[i].timeout) * 1000),
                scenario::display_duration(fastest), scenario.clients[i].name));
    if (e.worst_queue_bytes > kWarnBytes)
        warnings.push_back(fmt::format(
            "{:.3g} open-loop arrivals per run: if the workers fall behind, the items waiting for "
            "them can take up to {} of memory",
            e.arrivals_per_run, bytes_text(e.worst_queue_bytes)));
    if (e.worker_bytes > kWarnBytes)
        warnings.push_back(fmt::format("{:.0f} workers take about {} of memory", e.workers,
                                       bytes_text(e.worker_bytes)));
    return warnings;
}

}  // namespace ratesim::run
