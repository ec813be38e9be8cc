#include "sim/output/timeseries_file.hpp"

#include "sim/output/written_file.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <stdexcept>

#include "sim/output/csv_reader.hpp"
#include "sim/output/csv_text.hpp"
#include "sim/run/experiment.hpp"

namespace ratesim::output {

namespace {

constexpr const char* kTimeseriesHeader = "variant,group,replication,t_s,metric,value";

// The counted metrics: what a run's bin holds and what a timeline sums.
struct Counter {
    const char* metric;
    std::int64_t run::BinCounts::*counted;
    double TimeBin::*summed;
};
constexpr Counter kCounters[] = {
    {"attempts", &run::BinCounts::attempts, &TimeBin::attempts},
    {"ok", &run::BinCounts::ok, &TimeBin::ok},
    {"r429", &run::BinCounts::r429, &TimeBin::r429},
    {"r529", &run::BinCounts::r529, &TimeBin::r529},
    {"timeouts", &run::BinCounts::timeouts, &TimeBin::timeouts},
};
constexpr const char* kGoodput = "goodput_rpm";
constexpr const char* kInFlight = "in_flight";
constexpr const char* kQueued = "queued";
constexpr const char* kServerQueue = "server_queue";
constexpr const char* kBucketPrefix = "bucket_";

}  // namespace

// How many bins are formatted between looks at the stop flag, and between
// writes of the rows formatted so far.
constexpr std::size_t kBinsPerStopCheck = 4096;

TimeseriesWriter::TimeseriesWriter(const std::filesystem::path& file, const std::atomic<bool>* stop)
    : file_(file), out_(file), stop_(stop) {
    out_ << kTimeseriesHeader << '\n';
}

void TimeseriesWriter::take(const run::RunSeries& series) {
    const std::string variant = csv_text(series.variant);
    std::vector<std::string> groups;
    for (const auto& g : series.groups) groups.push_back(csv_text(g));
    const std::string all = run::kAllGroups;
    fmt::memory_buffer rows;
    const std::string* group = &all;
    auto row = [&](engine::Time at, const char* metric, double value) {
        fmt::format_to(std::back_inserter(rows), "{},{},{},{:g},{},{:.6g}\n", variant, *group,
                       series.replication, engine::to_seconds(at), metric, value);
    };
    std::size_t fill = 0;
    std::size_t done = 0;
    for (const auto& bin : series.bins) {
        if (++done % kBinsPerStopCheck == 0) {
            run::throw_if_stopped(stop_);
            out_.write(rows.data(), static_cast<std::streamsize>(rows.size()));
            rows.clear();
        }
        if (const auto* counts = std::get_if<run::BinCounts>(&bin)) {
            group = counts->group < 0 ? &all : &groups[static_cast<std::size_t>(counts->group)];
            for (const Counter& c : kCounters)
                row(counts->end, c.metric, static_cast<double>(counts->*c.counted));
            row(counts->end, kGoodput, counts->goodput_rpm());
            continue;
        }
        group = &all;
        const auto& levels = std::get<run::BinLevels>(bin);
        row(levels.at, kInFlight, static_cast<double>(levels.in_flight));
        row(levels.at, kQueued, static_cast<double>(levels.queued));
        if (levels.server_queue >= 0) row(levels.at, kServerQueue, static_cast<double>(levels.server_queue));
        for (const std::string& pool : series.pools)
            for (const models::Dimension dimension : models::kAllDimensions) {
                const double level = series.bucket_fill[fill++];
                if (std::isnan(level)) continue;
                const std::string metric =
                    fmt::format("{}{}_{}", kBucketPrefix, pool, models::dimension_name(dimension));
                row(levels.at, metric.c_str(), level);
            }
    }
    out_.write(rows.data(), static_cast<std::streamsize>(rows.size()));
}

void TimeseriesWriter::check_written() { close_written(out_, file_); }

std::vector<VariantTimeline> read_timeseries_csv(const std::filesystem::path& file,
                                                 const std::map<std::string, std::size_t>& index,
                                                 std::size_t variants, double bin_s,
                                                 const std::atomic<bool>* stop) {
    std::vector<VariantTimeline> timelines(variants);
    const std::size_t prefix = std::strlen(kBucketPrefix);
    read_csv_rows(file, kTimeseriesHeader, 6, [&](std::size_t line, const std::vector<std::string>& f) {
        const auto it = index.find(f[0]);
        if (it == index.end()) return;
        VariantTimeline& timeline = timelines[it->second];
        const bool all = f[1] == run::kAllGroups;
        const double t = number_field(file, line, f[3]);
        const double value = number_field(file, line, f[5]);
        const std::string& metric = f[4];
        if (metric.compare(0, prefix, kBucketPrefix) == 0) {
            if (f[2] == "0") timeline.buckets[metric.substr(prefix)].emplace_back(t, value);
            return;
        }
        if (metric == kServerQueue) {
            if (f[2] == "0") timeline.server_queue.emplace_back(t, value);
            return;
        }
        for (const Counter& c : kCounters)
            if (metric == c.metric) {
                auto& bins = all ? timeline.bins : timeline.group_bins[f[1]];
                bins[std::ceil(t / bin_s - 1e-9) * bin_s].*c.summed += value;
                return;
            }
    }, stop);
    return timelines;
}

}  // namespace ratesim::output
