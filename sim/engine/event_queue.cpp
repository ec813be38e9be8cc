#include "sim/engine/event_queue.hpp"

namespace ratesim::engine {

void EventQueue::push(Time at, const Event& event) {
    heap_.push_back(Entry{});
    sift_up(heap_.size() - 1, Entry{at, next_sequence_++, event});
}

Event EventQueue::pop(Time& at) {
    const Entry top = heap_.front();
    at = top.time;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
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
