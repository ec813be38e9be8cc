#pragma once
// The pending-event set: a binary heap ordered by (time, insertion sequence),
// so events at the same time pop in the order they were pushed. Events are
// plain data held in the heap itself: a warmed-up queue allocates nothing
// per event.
#include <cstdint>
#include <vector>

#include "sim/engine/time.hpp"

namespace ratesim::engine {

// What a model schedules: which handler routine, for which entity. The
// engine never interprets these fields.
struct Event {
    std::uint32_t kind = 0;
    std::uint32_t target = 0;
};

class EventQueue {
public:
    void push(Time at, const Event& event);
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    Time next_time() const { return heap_.front().time; }
    // Removes the earliest event; the queue must not be empty.
    Event pop(Time& at);
    void reserve(std::size_t n) { heap_.reserve(n); }

private:
    struct Entry {
        Time time;
        std::uint64_t sequence;
        Event event;
    };
    static bool before(const Entry& a, const Entry& b) {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }
    void sift_up(std::size_t index, const Entry& entry);
    void sift_down(std::size_t index, const Entry& entry);

    std::vector<Entry> heap_;
    std::uint64_t next_sequence_ = 0;
};

}  // namespace ratesim::engine
