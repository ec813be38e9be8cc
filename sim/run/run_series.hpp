#pragma once
// One run's binned time series as numbers, in the order the run closed its
// bins, and the receiver of every run's series (the output layer turns them
// into timeseries.csv).
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "models/response.hpp"
#include "sim/engine/time.hpp"

namespace ratesim::run {

// What one bin [start, end) counted, for the organization or one client
// group; a run's last bin may end early.
struct BinCounts {
    engine::Time start = 0, end = 0;
    std::int64_t attempts = 0, ok = 0, r429 = 0, r529 = 0, timeouts = 0;
    int group = -1;  // index in RunSeries::groups; -1: the organization

    // Successful requests per minute of the bin; 0 for a bin without width.
    double goodput_rpm() const {
        const double width_min = engine::to_seconds(end - start) / 60.0;
        return width_min > 0 ? static_cast<double>(ok) / width_min : 0.0;
    }
};

// The world's levels at a bin's end. Its bucket levels are the next
// `pools.size() * models::kDimensions` entries of RunSeries::bucket_fill.
struct BinLevels {
    engine::Time at = 0;
    std::int64_t in_flight = 0, queued = 0;
    std::int64_t server_queue = -1;  // waiting for a server (api.queue); -1: no server queue
};

struct RunSeries {
    std::string variant;
    int replication = 0;
    std::vector<std::string> pools;  // the pools the run's groups use
    // The client groups, when there are two or more: then each bin of the
    // organization is followed by one per group.
    std::vector<std::string> groups;
    std::vector<std::variant<BinCounts, BinLevels>> bins;
    // Per BinLevels, each pool's fill (fraction of capacity) by
    // models::Dimension; NaN where a dimension has no limit.
    std::vector<double> bucket_fill;
};

// Receives every run's series of an experiment, in run order (variant by
// variant, replication by replication) at any thread count. A run's series
// may come in several consecutive parts (RunSeries with the same variant and
// replication, each with the next of its bins); a receiver treats the parts
// as one series cut between bins.
class SeriesReceiver {
public:
    virtual ~SeriesReceiver() = default;
    virtual void take(const RunSeries& series) = 0;
};

}  // namespace ratesim::run
