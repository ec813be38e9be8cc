// The floor of bench/peers/simpy-peer.yaml: the SimPy peer's model (see
// bench/peers/simpy_model.py) as a bare loop over one std::priority_queue,
// one event per attempt, no framework. What ratesim costs on top of this is
// its overhead: bench/run reports ratesim ÷ floor next to the SimPy ratio.
//
// Model: N workers with endless items. At a send, the RPM bucket (continuous
// refill, starts full) admits the request if it holds one request: the
// answer comes after round trip + first token + output / speed and the
// worker sends its next item then. Otherwise a 429 comes after the round
// trip and the worker waits U(0, min(cap, base * 2^n)) (full jitter, n this
// item's retries so far) before sending again. Answers due after the run's
// end are not counted, as in ratesim and the peer.
//
// Prints the peer's lines: "replication=R goodput_rpm=G rate_429=P", then
// "mean goodput_rpm=G rate_429=P wall_s=W".
// Usage: ratesim_floor [--replications R] [--seed S]
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <queue>
#include <vector>

#include "sim/engine/random.hpp"

namespace {

// Keep these equal to bench/peers/simpy-peer.yaml.
constexpr int kWorkers = 100;
constexpr double kRpm = 600;
constexpr double kBurstS = 60;
constexpr double kRoundTripS = 0.1;
constexpr double kFirstTokenS = 0.5;
constexpr double kOutputTokens = 100;
constexpr double kTokensPerS = 100;
constexpr double kBaseS = 1;
constexpr double kCapS = 60;
constexpr double kDurationS = 3600;
constexpr std::uint32_t kFloorPurpose = 98;  // the floor's own stream: its draws are its own

struct Send {
    double at;
    std::uint64_t seq;  // FIFO among equal times
    int worker;
    bool operator>(const Send& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

struct Result {
    double goodput_rpm, rate_429;
};

Result replication(std::uint64_t seed, std::uint64_t r) {
    ratesim::engine::RandomStream rng(seed, r, 0, kFloorPurpose);
    const double rate = kRpm / 60;
    const double capacity = std::max(kBurstS, 60 / kRpm) * rate;
    double level = capacity, updated = 0;
    const double success_s = kRoundTripS + kFirstTokenS + kOutputTokens / kTokensPerS;

    std::vector<int> retries(kWorkers, 0);
    std::vector<Send> storage;
    storage.reserve(kWorkers);
    std::priority_queue<Send, std::vector<Send>, std::greater<>> queue(std::greater<>(), std::move(storage));
    std::uint64_t seq = 0;
    for (int w = 0; w < kWorkers; ++w) queue.push({0, seq++, w});
    std::int64_t ok = 0, refused = 0;
    while (!queue.empty() && queue.top().at <= kDurationS) {
        const Send s = queue.top();
        queue.pop();
        level = std::min(capacity, level + (s.at - updated) * rate);
        updated = s.at;
        double next;
        if (level >= 1) {
            level -= 1;
            next = s.at + success_s;
            if (next <= kDurationS) ++ok;
            retries[static_cast<std::size_t>(s.worker)] = 0;
        } else {
            if (s.at + kRoundTripS <= kDurationS) ++refused;
            int& n = retries[static_cast<std::size_t>(s.worker)];
            next = s.at + kRoundTripS + rng.uniform() * std::min(kCapS, kBaseS * std::ldexp(1.0, n));
            ++n;
        }
        queue.push({next, seq++, s.worker});
    }
    const double answered = static_cast<double>(ok + refused);
    return {static_cast<double>(ok) / (kDurationS / 60), answered > 0 ? static_cast<double>(refused) / answered : 0};
}

}  // namespace

int main(int argc, char** argv) {
    int replications = 5;
    std::uint64_t seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--replications") == 0)
            replications = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--seed") == 0)
            seed = std::strtoull(argv[i + 1], nullptr, 10);
        else {
            std::fprintf(stderr, "usage: %s [--replications R] [--seed S]\n", argv[0]);
            return 2;
        }
    }
    const auto started = std::chrono::steady_clock::now();
    double goodput = 0, rate = 0;
    for (int r = 0; r < replications; ++r) {
        const Result x = replication(seed, static_cast<std::uint64_t>(r));
        std::printf("replication=%d goodput_rpm=%.4f rate_429=%.6f\n", r, x.goodput_rpm, x.rate_429);
        goodput += x.goodput_rpm;
        rate += x.rate_429;
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("mean goodput_rpm=%.4f rate_429=%.6f wall_s=%.3f\n", goodput / replications, rate / replications, wall);
    return 0;
}
