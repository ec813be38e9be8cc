#include "sim/run/memory_budget.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/run/experiment.hpp"
#include "sim/run/latency_histogram.hpp"
#include "sim/run/run_series.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::run {

namespace {

// Measured: 10^6 workers of one group take about 530 MB (docs/performance.md); rounded down.
constexpr double kBytesPerWorker = 500;
// A waiting open-loop item: (item number, creation time) in a deque.
constexpr double kBytesPerWaitingItem = 16;
// An active incident window: start, end, overload.
constexpr double kBytesPerIncident = 24;
// A trace row (models::TraceRow) and an empirical distribution's value, held
// for the whole run (one copy per sweep point, each read apart).
constexpr double kBytesPerTraceRow = sizeof(models::TraceRow);
constexpr double kBytesPerEmpiricalValue = sizeof(double);
// What the process needs besides the scenario's parts: code, buffers, the
// loaded scenario. A budget below it is refused as too small.
constexpr double kBaseBytes = 64.0 * (1 << 20);

std::string gib(double bytes) { return scenario::byte_size_text(static_cast<std::uint64_t>(std::max(0.0, bytes))); }

double run_result_bytes(const scenario::ScenarioConfig& s) {
    const double per_metrics = sizeof(RunMetrics) + 8.0 * latency_cdf_fractions().size() + 128;
    return per_metrics * (1.0 + (s.clients.size() > 1 ? static_cast<double>(s.clients.size()) : 0.0)) +
           sizeof(RunSeries);
}

double series_bytes_per_run(const scenario::ScenarioConfig& s) {
    if (s.bin <= 0) return 0;
    const double bins = std::ceil(engine::to_seconds(s.time_cap()) / engine::to_seconds(s.bin));
    const double rows = 1.0 + (s.clients.size() > 1 ? static_cast<double>(s.clients.size()) : 0.0);
    const double pools = static_cast<double>(s.api.pools.size());
    return bins * (rows * sizeof(BinCounts) + sizeof(BinLevels) + pools * models::kDimensions * 8);
}

// The empirical distributions of one configuration, by the key that names each.
std::vector<std::pair<std::string, const models::Distribution*>> distributions_of(const scenario::ScenarioConfig& s) {
    std::vector<std::pair<std::string, const models::Distribution*>> out = {
        {"api.latency.round_trip", &s.api.latency.round_trip_s},
        {"api.latency.time_to_first_token", &s.api.latency.time_to_first_token_s},
        {"api.latency.output_tokens_per_second", &s.api.latency.output_tokens_per_second},
        {"api.capacity.random.for", &s.api.incidents.random.length_s},
        {"api.batches.turnaround", &s.api.message_batches.turnaround_s},
    };
    for (std::size_t i = 0; i < s.clients.size(); ++i) {
        const auto& r = s.clients[i].request;
        const std::string at = fmt::format("clients[{}].request.", i);
        out.insert(out.end(), {{at + "input_tokens", &r.input_tokens},
                               {at + "cache_read_tokens", &r.cache_read_tokens},
                               {at + "cache_creation_tokens", &r.cache_creation_tokens},
                               {at + "max_tokens", &r.max_tokens},
                               {at + "output_tokens", &r.output_tokens}});
    }
    return out;
}

// How many values an empirical distribution holds (its "count" parameter); 0 for the others.
double empirical_values(const models::Distribution& d) {
    if (d.kind() != models::Distribution::Kind::empirical) return 0;
    for (const auto& [name, value] : d.parameters())
        if (name == "count") return value;
    return 0;
}

// Traces and empirical CSVs, read whole into memory: the scenario and each sweep point.
void add_input_files(const scenario::ScenarioConfig& s, std::vector<MemoryUse>& parts) {
    const double copies = 1.0 + static_cast<double>(s.sweep_points.size());
    for (std::size_t i = 0; i < s.clients.size(); ++i) {
        const auto& w = s.clients[i].workload;
        if (!w.trace || w.trace->empty()) continue;
        parts.push_back({static_cast<double>(w.trace->size()) * kBytesPerTraceRow * copies,
                         fmt::format("clients[{}].workload.file", i),
                         fmt::format("the {} rows of the trace '{}' ({:.0f} bytes each{})", w.trace->size(),
                                     w.trace_file, kBytesPerTraceRow,
                                     copies > 1 ? fmt::format(", once per sweep point: {:.0f}", copies) : "")});
    }
    for (const auto& [key, d] : distributions_of(s)) {
        const double values = empirical_values(*d);
        if (values == 0) continue;
        parts.push_back({values * kBytesPerEmpiricalValue * copies, key,
                         fmt::format("the {:.0f} values of the empirical distribution '{}'{}", values,
                                     d->source(),
                                     copies > 1 ? fmt::format(", once per sweep point: {:.0f}", copies) : "")});
    }
}

}  // namespace

std::vector<MemoryUse> estimate_memory(const scenario::ScenarioConfig& s, int threads) {
    std::vector<MemoryUse> parts;
    const double at_once = std::max(1, threads);
    for (std::size_t i = 0; i < s.clients.size(); ++i) {
        const auto& g = s.clients[i];
        parts.push_back({static_cast<double>(g.workers) * kBytesPerWorker * at_once,
                         fmt::format("clients[{}].workers", i),
                         fmt::format("{} workers of group '{}' in each of {} runs at once", g.workers, g.name,
                                     threads)});
    }
    const double runs = static_cast<double>(cells_of(s).size()) * s.replications;
    parts.push_back({runs * run_result_bytes(s), "replications",
                     fmt::format("the results of {:.0f} runs ({} variants x {} replications), kept until written",
                                 runs, cells_of(s).size(), s.replications)});
    parts.push_back({series_bytes_per_run(s) * at_once * 2, "output.bin",
                     fmt::format("the binned time series of each running run ({} bins of {})",
                                 s.bin > 0 ? std::ceil(engine::to_seconds(s.time_cap()) / engine::to_seconds(s.bin)) : 0,
                                 scenario::display_duration(engine::to_seconds(s.bin)))});
    const auto& random = s.api.incidents.random;
    if (random.mean_gap > 0) {
        // Random incidents overlap: on average length / gap of them are active at once.
        const double active = random.length_s.mean() / engine::to_seconds(random.mean_gap);
        parts.push_back({active * kBytesPerIncident * at_once, "api.capacity.random.every",
                         fmt::format("about {:.3g} random incidents active at once (mean length / every)", active)});
    }
    add_input_files(s, parts);
    std::stable_sort(parts.begin(), parts.end(), [](const MemoryUse& a, const MemoryUse& b) { return a.bytes > b.bytes; });
    return parts;
}

void check_memory_budget(const scenario::ScenarioConfig& s, const MemoryBudget& budget, int threads) {
    const std::vector<MemoryUse> parts = estimate_memory(s, threads);
    double total = kBaseBytes;
    for (const auto& p : parts) total += p.bytes;
    if (total <= static_cast<double>(budget.bytes)) return;
    const MemoryUse& top = parts.front();
    if (kBaseBytes >= total / 2)  // no scenario key is the cause: the budget is too small for the program
        throw MemoryBudgetError(fmt::format(
            "{}: error: this run needs about {} of memory, more than the budget of {} ({}); most of it is "
            "the program's fixed base of {}, and the largest part that a scenario key drives is {} ({}), "
            "about {}; allowed: a --max-memory of at least {}",
            s.file, gib(total), gib(static_cast<double>(budget.bytes)), budget.source, gib(kBaseBytes),
            top.what, top.key, gib(top.bytes), gib(total)));
    throw MemoryBudgetError(fmt::format(
        "{}: error: {}: this run needs about {} of memory, more than the budget of {} ({}); the largest "
        "part is {}, about {}; allowed: a smaller {}, or a larger --max-memory",
        s.file, top.key, gib(total), gib(static_cast<double>(budget.bytes)), budget.source, top.what,
        gib(top.bytes), top.key));
}

std::int64_t waiting_item_cap(const scenario::ScenarioConfig& s, const MemoryBudget& budget, int threads) {
    double used = kBaseBytes;
    for (const auto& p : estimate_memory(s, threads)) used += p.bytes;
    const double left = std::max(0.0, static_cast<double>(budget.bytes) - used);
    return static_cast<std::int64_t>(std::max(1024.0, left / std::max(1, threads) / kBytesPerWaitingItem));
}

}  // namespace ratesim::run
