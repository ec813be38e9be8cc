#include "sim/engine/random.hpp"
#include "sim/engine/portable_math.hpp"

#include <cmath>

namespace ratesim::engine {

namespace {
constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

std::uint64_t mix64(std::uint64_t x) {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity,
                           std::uint32_t purpose) {
    // Each key part passes through the mixer before the next is folded in, so
    // nearby keys give unrelated states.
    std::uint64_t h = mix64(seed + kGolden);
    h = mix64(h ^ (replication + 0x1000));
    h = mix64(h ^ (entity + 0x2000));
    h = mix64(h ^ (static_cast<std::uint64_t>(purpose) + 0x3000));
    for (auto& word : s_) {
        h += kGolden;
        word = mix64(h);
    }
}

std::uint64_t RandomStream::next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double RandomStream::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double RandomStream::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double RandomStream::exponential(double mean) { return -mean * portable::log1p(-uniform()); }

double RandomStream::polar_point(double& u) {
    double v, s;
    do {
        u = 2.0 * uniform() - 1.0;
        v = 2.0 * uniform() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return s;
}

double RandomStream::normal(double mean, double sd) {
    double u;
    const double s = polar_point(u);
    return mean + sd * u * std::sqrt(-2.0 * portable::log(s) / s);
}

void RandomStream::skip_normal() {
    double u;
    polar_point(u);
}

double RandomStream::lognormal(double mu, double sigma) { return portable::exp(normal(mu, sigma)); }

std::uint64_t RandomStream::below(std::uint64_t n) {
    // Lemire's nearly-divisionless method, with rejection for exact uniformity.
    __uint128_t m = static_cast<__uint128_t>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = -n % n;
        while (low < threshold) {
            m = static_cast<__uint128_t>(next_u64()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace ratesim::engine
