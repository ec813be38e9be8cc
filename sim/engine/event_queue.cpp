#include "sim/engine/event_queue.hpp"

namespace ratesim::engine {

EventHandle EventQueue::push(Time at, const Event& event) {
    std::uint32_t slot;
    if (free_slots_.empty()) {
        slot = static_cast<std::uint32_t>(slots_.size());
        slots_.push_back(Slot{event, 0, 0});
    } else {
        slot = free_slots_.back();
        free_slots_.pop_back();
        slots_[slot].event = event;
    }
    heap_.push_back(Entry{});
    sift_up(heap_.size() - 1, Entry{at, next_sequence_++, slot});
    return EventHandle{slot, slots_[slot].generation};
}

bool EventQueue::cancel(EventHandle handle) {
    if (handle.slot >= slots_.size()) return false;
    const Slot& s = slots_[handle.slot];
    if (s.generation != handle.generation) return false;
    remove_at(s.heap_index);
    return true;
}

Event EventQueue::pop(Time& at) {
    const Entry top = heap_.front();
    at = top.time;
    const Event event = slots_[top.slot].event;
    remove_at(0);
    return event;
}

void EventQueue::clear() {
    // Slots are kept, with new generations, so handles from before the
    // clear cannot cancel events pushed after it.
    heap_.clear();
    free_slots_.clear();
    for (std::uint32_t i = 0; i < slots_.size(); ++i) {
        ++slots_[i].generation;
        free_slots_.push_back(i);
    }
    next_sequence_ = 0;
}

void EventQueue::reserve(std::size_t n) {
    heap_.reserve(n);
    slots_.reserve(n);
    free_slots_.reserve(n);
}

void EventQueue::place(std::size_t index, const Entry& entry) {
    heap_[index] = entry;
    slots_[entry.slot].heap_index = static_cast<std::uint32_t>(index);
}

void EventQueue::sift_up(std::size_t index, Entry entry) {
    while (index > 0) {
        const std::size_t parent = (index - 1) / 2;
        if (!before(entry, heap_[parent])) break;
        place(index, heap_[parent]);
        index = parent;
    }
    place(index, entry);
}

void EventQueue::sift_down(std::size_t index, Entry entry) {
    const std::size_t n = heap_.size();
    for (;;) {
        std::size_t child = 2 * index + 1;
        if (child >= n) break;
        if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
        if (!before(heap_[child], entry)) break;
        place(index, heap_[child]);
        index = child;
    }
    place(index, entry);
}

void EventQueue::remove_at(std::size_t index) {
    const std::uint32_t slot = heap_[index].slot;
    ++slots_[slot].generation;  // invalidates outstanding handles
    free_slots_.push_back(slot);
    const Entry last = heap_.back();
    heap_.pop_back();
    if (index == heap_.size()) return;
    if (index > 0 && before(last, heap_[(index - 1) / 2]))
        sift_up(index, last);
    else
        sift_down(index, last);
}

}  // namespace ratesim::engine
