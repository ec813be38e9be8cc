#pragma once
// Deterministic random streams. Every stream is keyed by (seed, replication,
// entity, purpose), so two runs that differ only in strategy draw the same
// numbers for the same entity (common random numbers). What an entity and a
// purpose are is the model's business: to the engine they are numbers.
// All distributions are the project's own: std:: distributions differ
// between standard libraries.
#include <cstdint>

namespace ratesim::engine {

// Mixes a 64-bit value (SplitMix64's finaliser).
std::uint64_t mix64(std::uint64_t x);

// xoshiro256** seeded from the key through SplitMix64.
class RandomStream {
public:
    // Keyed (0, 0, 0, 99): a member stream that is assigned its real key before use.
    RandomStream() : RandomStream(0, 0, 0, 99) {}
    RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity,
                 std::uint32_t purpose);

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
    // Marsaglia's polar method: a point (u, v) uniform in the unit disc less
    // its centre; returns s = u² + v² and sets u.
    double polar_point(double& u);

    std::uint64_t s_[4];
};

}  // namespace ratesim::engine
