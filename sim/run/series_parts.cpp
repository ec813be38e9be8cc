#include "sim/run/series_parts.hpp"

namespace ratesim::run {

void SeriesParts::take(const RunSeries& part) {
    if (delivered_.load(std::memory_order_acquire) == run_) {
        hand_over_held();
        to_.take(part);
        return;
    }
    if (held_.bins.empty()) {
        held_.variant = part.variant;
        held_.replication = part.replication;
        held_.pools = part.pools;
        held_.groups = part.groups;
    }
    held_.bins.insert(held_.bins.end(), part.bins.begin(), part.bins.end());
    held_.bucket_fill.insert(held_.bucket_fill.end(), part.bucket_fill.begin(), part.bucket_fill.end());
}

void SeriesParts::deliver(const RunSeries& rest) {
    hand_over_held();
    to_.take(rest);
}

void SeriesParts::hand_over_held() {
    if (held_.bins.empty()) return;
    to_.take(held_);
    held_ = RunSeries{};
}

}  // namespace ratesim::run
