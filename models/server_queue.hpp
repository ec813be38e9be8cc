#pragma once
// The server's optional concurrency limit with a first-in first-out queue
// (YAML api.queue; docs/model.md, server queue): `servers` attempts are
// generated at a time, and an admitted attempt that finds them all busy
// waits for the first to free up. Service times are known at admission, so
// the queue needs no events of its own: it keeps when each server is free
// next (the Kiefer-Wolfowitz workload vector, as a min-heap), and an
// attempt arriving at `now` starts at max(now, the earliest of those).
// Arrivals must come in time order.
#include <cstdint>
#include <vector>

#include "models/fifo_queue.hpp"
#include "sim/engine/time.hpp"

namespace ratesim::models {

class ServerQueue {
public:
    explicit ServerQueue(std::int64_t servers);

    // How long an attempt arriving at `now` waits for a server (0: one is free).
    engine::Time wait(engine::Time now) const;
    // The attempt arriving at `now` takes the server free first, from
    // now + wait(now) until `busy_until`.
    void take(engine::Time now, engine::Time busy_until);
    // Attempts that arrived by `now` and wait for a server then: the queue's
    // length. `now` must not be before the last call's.
    std::int64_t waiting(engine::Time now);

private:
    void forget_started(engine::Time now);

    std::vector<engine::Time> free_at_;  // per server, a min-heap
    // Start times of the attempts taken, in arrival order; in FIFO order they
    // never decrease, so the ones that have started are at the front.
    FifoQueue<engine::Time> starts_;
};

}  // namespace ratesim::models
