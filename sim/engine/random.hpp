#pragma once
// Deterministic random streams. Every stream is keyed by (seed, replication,
// entity, purpose), so two runs that differ only in strategy draw the same
// numbers for the same item, worker or incident (common random numbers).
// All distributions are the project's own: std:: distributions differ
// between standard libraries.
#include <cstdint>

namespace ratesim::engine {

// What a stream is used for; part of its key.
enum class Purpose : std::uint32_t {
    arrivals = 1,
    sizes = 2,
    latency = 3,
    overload = 4,
    jitter = 5,
    incidents = 6,
    batches = 7,  // Message Batches turnaround
    test = 99,
};

// Mixes a 64-bit value (SplitMix64's finaliser).
std::uint64_t mix64(std::uint64_t x);

// xoshiro256** seeded from the key through SplitMix64.
class RandomStream {
public:
    RandomStream() : RandomStream(0, 0, 0, Purpose::test) {}
    RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity, Purpose purpose);

    std::uint64_t next_u64();
    double uniform();                          // [0, 1), 53 random bits
    double uniform(double lo, double hi);      // [lo, hi)
    double exponential(double mean);           // mean > 0
    double normal(double mean, double sd);     // Marsaglia's polar method
    // Advances the stream exactly as normal() would, without computing the
    // value: for a draw that is made only to keep the stream in step.
    void skip_normal();
    double lognormal(double mu, double sigma); // exp(normal(mu, sigma))
    std::uint64_t below(std::uint64_t n);      // uniform integer in [0, n), n > 0

private:
    std::uint64_t s_[4];
};

}  // namespace ratesim::engine
