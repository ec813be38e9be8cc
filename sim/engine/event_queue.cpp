#include "sim/engine/event_queue.hpp"

namespace ratesim::engine {

Lane EventQueue::add_lane() {
    lanes_.emplace_back();
    return static_cast<Lane>(lanes_.size() - 1);
}

void EventQueue::FifoLane::push_back(const Entry& entry) {
    if (count == ring.size()) {  // full: double, keeping the order from slot 0
        std::vector<Entry> grown(ring.empty() ? 64 : 2 * ring.size());
        for (std::size_t i = 0; i < count; ++i) grown[i] = ring[(first + i) & (ring.size() - 1)];
        ring.swap(grown);
        first = 0;
    }
    ring[(first + count) & (ring.size() - 1)] = entry;
    ++count;
}

void EventQueue::push(Time at, const Event& event, Lane lane) {
    const Entry entry{at, next_sequence_++, event};
    int source = kFromHeap;
    if (lane < lanes_.size()) {
        FifoLane& l = lanes_[lane];
        if (l.count == 0 || l.back().time <= at) {
            l.push_back(entry);
            source = static_cast<int>(lane);
        }
    }
    if (source == kFromHeap) {
        ++heap_pushes_;
        heap_.push_back(Entry{});
        sift_up(heap_.size() - 1, entry);
    }
    // The newest sequence sorts first only by an earlier time.
    if (size_++ == 0 || at < head(best_).time) best_ = source;
}

int EventQueue::earliest_source() const {
    constexpr int kNone = -2;
    int best = heap_.empty() ? kNone : kFromHeap;
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
        if (lanes_[i].count == 0) continue;
        if (best == kNone || before(lanes_[i].front(), head(best))) best = static_cast<int>(i);
    }
    return best;
}

Event EventQueue::pop(Time& at) {
    Entry top{};
    if (best_ == kFromHeap) {
        top = heap_.front();
        const Entry last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) sift_down(0, last);
    } else {
        FifoLane& l = lanes_[static_cast<std::size_t>(best_)];
        top = l.front();
        l.pop_front();
    }
    at = top.time;
    if (--size_ > 0) best_ = earliest_source();
    return top.event;
}

void EventQueue::sift_up(std::size_t index, const Entry& entry) {
    while (index > 0) {
        const std::size_t parent = (index - 1) / 2;
        if (!before(entry, heap_[parent])) break;
        heap_[index] = heap_[parent];
        index = parent;
    }
    heap_[index] = entry;
}

void EventQueue::sift_down(std::size_t index, const Entry& entry) {
    const std::size_t n = heap_.size();
    for (;;) {
        std::size_t child = 2 * index + 1;
        if (child >= n) break;
        if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
        if (!before(heap_[child], entry)) break;
        heap_[index] = heap_[child];
        index = child;
    }
    heap_[index] = entry;
}

}  // namespace ratesim::engine
