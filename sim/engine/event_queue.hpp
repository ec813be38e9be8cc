#pragma once
// The pending-event set: a binary heap ordered by (time, insertion sequence),
// so events at the same time pop in the order they were pushed, plus FIFO
// lanes for events that arrive already in time order (a model pushing with a
// constant offset from now). Lanes share the heap's sequence counter and pop
// takes the smallest (time, sequence) over the heap top and the lane heads,
// so the order is the heap's alone by construction; a lane only saves the
// heap's sifting. Events are plain data held in the queue itself: a
// warmed-up queue allocates nothing per event.
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

// Which FIFO lane an event joins (EventQueue::add_lane), or kHeap.
using Lane = std::uint32_t;
inline constexpr Lane kHeap = ~Lane{0};

class EventQueue {
public:
    // A new, empty FIFO lane. An event pushed to it that is earlier than the
    // lane's last one would break its order: it goes to the heap instead.
    Lane add_lane();
    void push(Time at, const Event& event, Lane lane = kHeap);
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    // The earliest event's time; the queue must not be empty.
    Time next_time() const { return head(best_).time; }
    // Removes the earliest event; the queue must not be empty.
    Event pop(Time& at);
    void reserve(std::size_t n) { heap_.reserve(n); }
    // Events the heap took (not a lane) since the queue was made.
    std::uint64_t heap_pushes() const { return heap_pushes_; }

private:
    struct Entry {
        Time time;
        std::uint64_t sequence;
        Event event;
    };
    // A FIFO of entries in (time, sequence) order: a ring of 2^k slots.
    struct FifoLane {
        std::vector<Entry> ring;
        std::size_t first = 0, count = 0;
        const Entry& front() const { return ring[first]; }
        const Entry& back() const { return ring[(first + count - 1) & (ring.size() - 1)]; }
        void push_back(const Entry& entry);
        void pop_front() {
            first = (first + 1) & (ring.size() - 1);
            --count;
        }
    };
    static constexpr int kFromHeap = -1;

    static bool before(const Entry& a, const Entry& b) {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }
    // The earliest entry of a source: the heap (kFromHeap) or a lane.
    const Entry& head(int source) const {
        return source == kFromHeap ? heap_.front() : lanes_[static_cast<std::size_t>(source)].front();
    }
    // The source whose head sorts first; the queue must not be empty.
    int earliest_source() const;
    void sift_up(std::size_t index, const Entry& entry);
    void sift_down(std::size_t index, const Entry& entry);

    std::vector<Entry> heap_;
    std::vector<FifoLane> lanes_;
    std::size_t size_ = 0;
    int best_ = kFromHeap;  // the source holding the earliest event, while not empty
    std::uint64_t next_sequence_ = 0;
    std::uint64_t heap_pushes_ = 0;
};

}  // namespace ratesim::engine
