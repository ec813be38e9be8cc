#pragma once
// The pending-event set: a binary heap ordered by (time, insertion sequence),
// with handles for O(log n) cancellation. Events are plain data; slots are
// recycled, so a warmed-up queue allocates nothing per event.
#include <cstdint>
#include <vector>

#include "sim/engine/time.hpp"

namespace ratesim::engine {

// What a model schedules: which handler routine, for which entity, with what
// datum. The engine never interprets these fields.
struct Event {
    std::uint32_t kind = 0;
    std::uint32_t target = 0;
    std::uint64_t data = 0;
};

// Identifies a scheduled event for cancellation; stale handles are harmless.
struct EventHandle {
    std::uint32_t slot = UINT32_MAX;
    std::uint32_t generation = 0;
};

class EventQueue {
public:
    EventHandle push(Time at, const Event& event);
    // Removes a pending event; returns false if it already fired or was cancelled.
    bool cancel(EventHandle handle);
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    Time next_time() const { return heap_.front().time; }
    // Removes the earliest event; the queue must not be empty.
    Event pop(Time& at);
    void clear();
    void reserve(std::size_t n);

private:
    struct Entry {
        Time time;
        std::uint64_t sequence;
        std::uint32_t slot;
    };
    struct Slot {
        Event event;
        std::uint32_t heap_index;
        std::uint32_t generation;
    };
    static bool before(const Entry& a, const Entry& b) {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }
    void place(std::size_t index, const Entry& entry);
    void sift_up(std::size_t index, Entry entry);
    void sift_down(std::size_t index, Entry entry);
    void remove_at(std::size_t index);

    std::vector<Entry> heap_;
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> free_slots_;
    std::uint64_t next_sequence_ = 0;
};

}  // namespace ratesim::engine
