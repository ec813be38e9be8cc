#pragma once
// Where one run's time series goes, part by part, while the run is going
// (MetricsSink::stream_series_to): straight to the experiment's receiver
// once every earlier run has been delivered, since nothing else writes to
// the receiver from then until this run's own delivery; before that, the
// parts are held here and go over first. With one thread every run is at
// the head of the line, so nothing is held and a run's memory does not grow
// with its length; with more, only the runs that wait in the reorder
// window (OrderedJobs) hold theirs.
#include <atomic>
#include <cstddef>

#include "sim/run/run_series.hpp"

namespace ratesim::run {

class SeriesParts final : public SeriesReceiver {
public:
    // `delivered`: how many runs have been delivered; this is run `run`.
    SeriesParts(SeriesReceiver& to, const std::atomic<std::size_t>& delivered, std::size_t run)
        : to_(to), delivered_(delivered), run_(run) {}

    void take(const RunSeries& part) override;
    // At the run's delivery: the held parts, then `rest` (the bins the run
    // kept to its end).
    void deliver(const RunSeries& rest);

private:
    void hand_over_held();

    SeriesReceiver& to_;
    const std::atomic<std::size_t>& delivered_;
    std::size_t run_;
    RunSeries held_;
};

}  // namespace ratesim::run
