#pragma once
// timeseries.csv: every run's binned series in long format
// (variant,group,replication,t_s,metric,value). Each bin gives its counts
// (attempts, ok, r429, r529, timeouts, goodput_rpm) at the bin's end, for
// the organization (group "all") and, with two or more client groups, for
// each group; and each sampled bin end the organization's levels
// (in_flight, queued, server_queue with a server queue (api.queue), and
// bucket_<pool>_<dimension> as a fraction of capacity).
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/run/run_metrics.hpp"
#include "sim/run/run_series.hpp"

namespace ratesim::output {

// Writes the header when made, then each run's rows as the experiment hands
// them over. Once `stop` (may be null) is set, take() throws run::Interrupted.
class TimeseriesWriter final : public run::SeriesReceiver {
public:
    explicit TimeseriesWriter(const std::filesystem::path& file, const std::atomic<bool>* stop = nullptr);
    void take(const run::RunSeries& series) override;
    // Closes the file; throws "cannot write FILE: REASON" unless every row was written.
    void check_written();

private:
    std::filesystem::path file_;
    std::ofstream out_;
    const std::atomic<bool>* stop_;
};

// One time bin of one variant: counts summed over replications.
struct TimeBin {
    double attempts = 0, ok = 0, r429 = 0, r529 = 0, timeouts = 0;
};

struct VariantTimeline {
    // By bin end in seconds; a run's last, partial bin counts as a whole one.
    std::map<double, TimeBin> bins;
    // The same per client group, by name, when there are two or more.
    std::map<std::string, std::map<double, TimeBin>> group_bins;
    // Replication 0's bucket levels (fraction of capacity), by "<pool>_<dimension>".
    std::map<std::string, std::vector<std::pair<double, double>>> buckets;
    // Replication 0's server queue length (attempts waiting for a server)
    // over time; empty without api.queue.
    std::vector<std::pair<double, double>> server_queue;
};

// The timelines of `variants` variants from `file`, whose bins are `bin_s`
// wide; `index` gives a variant's position by name, and rows of other
// variants are skipped. No file, empty timelines. Throws run::Interrupted
// once `stop` (may be null) is set.
std::vector<VariantTimeline> read_timeseries_csv(const std::filesystem::path& file,
                                                 const std::map<std::string, std::size_t>& index,
                                                 std::size_t variants, double bin_s,
                                                 const std::atomic<bool>* stop = nullptr);

}  // namespace ratesim::output
