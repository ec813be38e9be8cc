// The hold benchmark: the pending-event set alone. With n events pending,
// each step pops the earliest (time t) and pushes one at t + delta, delta
// exponential with mean 1 s, so the size stays n. Prints ns per step for
// engine::EventQueue and for a plain std::priority_queue doing the same steps on
// the same deltas: the practical floor. Not a test; bench/run runs it.
//
// Usage: ratesim_hold_bench [STEPS_PER_SIZE]   (default 4000000)
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <queue>
#include <vector>

#include "sim/engine/event_queue.hpp"
#include "sim/engine/random.hpp"

using namespace ratesim;

namespace {

constexpr std::size_t kDeltas = 1 << 16;  // precomputed, so both loops time only the queue
constexpr std::uint32_t kBenchPurpose = 99;  // any purpose: the stream only makes deltas

std::vector<engine::Time> make_deltas() {
    engine::RandomStream rng(1, 0, 0, kBenchPurpose);
    std::vector<engine::Time> d(kDeltas);
    for (auto& x : d) x = 1 + static_cast<engine::Time>(rng.exponential(1e6));
    return d;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Returns ns per step; `check` receives a digest so the work cannot be elided.
double hold_engine(std::size_t pending, std::uint64_t steps, const std::vector<engine::Time>& deltas,
                   std::uint64_t& check) {
    engine::EventQueue q;
    q.reserve(pending);
    for (std::size_t i = 0; i < pending; ++i)
        q.push(deltas[i % kDeltas] + static_cast<engine::Time>(i),
               {1, static_cast<std::uint32_t>(i)});
    const auto t0 = std::chrono::steady_clock::now();
    for (std::uint64_t s = 0; s < steps; ++s) {
        engine::Time t;
        const engine::Event e = q.pop(t);
        check += e.target;
        q.push(t + deltas[s & (kDeltas - 1)], e);
    }
    return seconds_since(t0) * 1e9 / static_cast<double>(steps);
}

struct Plain {
    engine::Time time;
    std::uint64_t sequence;
    engine::Event event;
    bool operator>(const Plain& o) const {
        return time > o.time || (time == o.time && sequence > o.sequence);
    }
};

double hold_floor(std::size_t pending, std::uint64_t steps, const std::vector<engine::Time>& deltas,
                  std::uint64_t& check) {
    std::vector<Plain> storage;
    storage.reserve(pending + 1);
    std::priority_queue<Plain, std::vector<Plain>, std::greater<>> q(std::greater<>(), std::move(storage));
    std::uint64_t sequence = 0;
    for (std::size_t i = 0; i < pending; ++i)
        q.push({deltas[i % kDeltas] + static_cast<engine::Time>(i), sequence++,
                {1, static_cast<std::uint32_t>(i)}});
    const auto t0 = std::chrono::steady_clock::now();
    for (std::uint64_t s = 0; s < steps; ++s) {
        const Plain top = q.top();
        q.pop();
        check += top.event.target;
        q.push({top.time + deltas[s & (kDeltas - 1)], sequence++, top.event});
    }
    return seconds_since(t0) * 1e9 / static_cast<double>(steps);
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t steps = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4'000'000;
    if (steps == 0) {
        std::fprintf(stderr, "usage: %s [STEPS_PER_SIZE > 0]\n", argv[0]);
        return 2;
    }
    const auto deltas = make_deltas();
    std::uint64_t check_engine = 0, check_floor = 0;
    std::printf("%-10s %12s %12s %8s\n", "pending", "engine_ns", "floor_ns", "ratio");
    for (const std::size_t pending : {std::size_t{100}, std::size_t{10'000}, std::size_t{1'000'000}}) {
        const double engine = hold_engine(pending, steps, deltas, check_engine);
        const double floor = hold_floor(pending, steps, deltas, check_floor);
        std::printf("%-10zu %12.1f %12.1f %8.2f\n", pending, engine, floor, engine / floor);
    }
    // Both pop the same events in the same order, so the digests agree.
    if (check_engine != check_floor) {
        std::fprintf(stderr, "error: the two queues popped different events\n");
        return 1;
    }
    return 0;
}
