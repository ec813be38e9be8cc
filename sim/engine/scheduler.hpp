#pragma once
// The run loop: pops events in order and hands each to a model's handler.
// The handler is a template parameter, so dispatch is a direct call.
#include "sim/engine/event_queue.hpp"

namespace ratesim::engine {

// A clock plus the pending-event set: what a model needs to schedule itself.
class Scheduler {
public:
    Time now() const { return now_; }
    // Schedules `e` at `t`, in FIFO lane `lane` (add_lane) or the heap; the
    // order of events is the same either way.
    void at(Time t, const Event& e, Lane lane = kHeap) { queue_.push(t, e, lane); }
    Lane add_lane() { return queue_.add_lane(); }
    std::size_t pending() const { return queue_.size(); }
    EventQueue& queue() { return queue_; }

    // Runs events with time <= end while handler.keep_running() holds; the
    // clock stops at the last event run, or at `end` if the queue ran past it.
    template <class Handler>
    std::uint64_t run_until(Time end, Handler& handler) {
        std::uint64_t events = 0;
        while (!queue_.empty() && queue_.next_time() <= end && handler.keep_running()) {
            Time t;
            const Event e = queue_.pop(t);
            now_ = t;
            handler.handle(e);
            ++events;
        }
        if (handler.keep_running() && now_ < end) now_ = end;
        return events;
    }

private:
    Time now_ = 0;
    EventQueue queue_;
};

}  // namespace ratesim::engine
