// The portable transcendentals (sim/engine/portable_math.hpp): their
// distance from the C library's on sampled ranges, IEEE special values, and
// golden bits that catch an accidental change to any of them (which would
// move every run's figures).
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

#include "sim/engine/portable_math.hpp"
#include "sim/engine/random.hpp"
#include "support/test_purpose.hpp"

namespace test_portable_math {

namespace portable = ratesim::engine::portable;
using ratesim::engine::RandomStream;
using ratesim::testing::kTestPurpose;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kSamples = 100000;

// How many representable doubles lie between a and b (0 when equal).
double ulps_apart(double a, double b) {
    auto ordered = [](double x) {
        const auto bits = std::bit_cast<std::int64_t>(x);
        return bits < 0 ? std::numeric_limits<std::int64_t>::min() - bits : bits;
    };
    const std::int64_t d = ordered(a) - ordered(b);
    return static_cast<double>(d < 0 ? -d : d);
}

struct Sampled {
    double worst_ulps = 0;
    double worst_at = 0;
};

// Compares `ours` with `reference` at `samples` points drawn uniformly from
// [lo, hi], or log-uniformly from [10^lo, 10^hi] when `log_scale`.
template <class Ours, class Reference>
Sampled compare(Ours ours, Reference reference, double lo, double hi, bool log_scale = false,
                int samples = kSamples) {
    RandomStream rng(7, 0, 0, kTestPurpose);
    Sampled s;
    for (int i = 0; i < samples; ++i) {
        const double u = rng.uniform(lo, hi);
        const double x = log_scale ? std::pow(10.0, u) : u;
        const double d = ulps_apart(ours(x), reference(x));
        if (d > s.worst_ulps) s = {d, x};
    }
    return s;
}

#define CHECK_WITHIN_ULPS(sampled, bound)                                     \
    do {                                                                      \
        const Sampled s_ = (sampled);                                         \
        INFO(#sampled << ": " << s_.worst_ulps << " ulps at " << s_.worst_at); \
        CHECK(s_.worst_ulps <= (bound));                                      \
    } while (0)

std::string hex(double x) {
    char text[40];
    std::snprintf(text, sizeof text, "%a", x);
    return text;
}

}  // namespace

TEST_CASE("exp, log and log1p stay within one ulp of the C library's") {
    auto e = [](double x) { return portable::exp(x); };
    auto l = [](double x) { return portable::log(x); };
    auto l1p = [](double x) { return portable::log1p(x); };
    auto std_e = [](double x) { return std::exp(x); };
    auto std_l = [](double x) { return std::log(x); };
    auto std_l1p = [](double x) { return std::log1p(x); };
    CHECK_WITHIN_ULPS(compare(e, std_e, -745, 709.7), 1);
    CHECK_WITHIN_ULPS(compare(e, std_e, -1, 1), 1);
    CHECK_WITHIN_ULPS(compare(l, std_l, -300, 300, true), 1);
    CHECK_WITHIN_ULPS(compare(l, std_l, 0.5, 2), 1);
    CHECK_WITHIN_ULPS(compare(l1p, std_l1p, -1, 1), 1);
    // The exponential draws' argument: −u for u uniform, down to 2^-53.
    CHECK_WITHIN_ULPS(compare([&](double x) { return l1p(-x); }, [&](double x) { return std_l1p(-x); },
                              -16, -1, true),
                      1);
}

TEST_CASE("sin and cos stay within one ulp of the C library's, and two far out") {
    auto s = [](double x) { return portable::sin(x); };
    auto c = [](double x) { return portable::cos(x); };
    auto std_s = [](double x) { return std::sin(x); };
    auto std_c = [](double x) { return std::cos(x); };
    CHECK_WITHIN_ULPS(compare(s, std_s, -100, 100), 1);
    CHECK_WITHIN_ULPS(compare(c, std_c, -100, 100), 1);
    CHECK_WITHIN_ULPS(compare(s, std_s, -1e8, 1e8), 2);
    CHECK_WITHIN_ULPS(compare(c, std_c, -1e8, 1e8), 2);
}

TEST_CASE("cbrt and erfc stay within a few ulps of the C library's") {
    auto cb = [](double x) { return portable::cbrt(x); };
    auto std_cb = [](double x) { return std::cbrt(x); };
    CHECK_WITHIN_ULPS(compare(cb, std_cb, -300, 300, true), 3);
    CHECK_WITHIN_ULPS(compare([&](double x) { return cb(-x); }, [&](double x) { return std_cb(-x); },
                              -300, 300, true),
                      3);
    auto ec = [](double x) { return portable::erfc(x); };
    auto std_ec = [](double x) { return std::erfc(x); };
    // erfc runs a 1000-step continued fraction: fewer samples.
    CHECK_WITHIN_ULPS(compare(ec, std_ec, -6, 0.6, false, kSamples / 10), 5);
    CHECK_WITHIN_ULPS(compare(ec, std_ec, 0.4, 26, false, kSamples / 10), 5);
}

TEST_CASE("The portable functions give IEEE's special values") {
    CHECK(portable::exp(0) == 1);
    CHECK(portable::exp(kInf) == kInf);
    CHECK(portable::exp(-kInf) == 0);
    CHECK(portable::exp(710) == kInf);
    CHECK(portable::exp(-746) == 0);
    CHECK(portable::exp(-740) > 0);  // subnormal, not flushed
    CHECK(std::isnan(portable::exp(NAN)));
    CHECK(portable::log(1) == 0);
    CHECK(portable::log(0) == -kInf);
    CHECK(portable::log(kInf) == kInf);
    CHECK(std::isnan(portable::log(-1)));
    CHECK(portable::log(std::numeric_limits<double>::denorm_min()) == std::log(std::numeric_limits<double>::denorm_min()));
    CHECK(portable::log1p(0) == 0);
    CHECK(portable::log1p(-1) == -kInf);
    CHECK(portable::log1p(1e-300) == 1e-300);
    CHECK(std::isnan(portable::log1p(-2)));
    CHECK(portable::sin(0) == 0);
    CHECK(portable::cos(0) == 1);
    CHECK(std::isnan(portable::sin(kInf)));
    CHECK(std::isnan(portable::cos(-kInf)));
    CHECK(portable::cbrt(27) == 3);
    CHECK(portable::cbrt(-8) == -2);
    CHECK(std::signbit(portable::cbrt(-0.0)));
    CHECK(portable::cbrt(kInf) == kInf);
    CHECK(portable::erfc(0) == 1);
    CHECK(portable::erfc(kInf) == 0);
    CHECK(portable::erfc(-kInf) == 2);
}

// The bits this implementation gives; they move only when it is changed on
// purpose, and then every run's figures move with them (regenerate the
// goldens in the same commit, as tests/golden/README.md says).
TEST_CASE("The portable functions' bits are pinned") {
    CHECK(hex(portable::exp(1)) == "0x1.5bf0a8b14576ap+1");
    CHECK(hex(portable::exp(-0.1)) == "0x1.cf46d99d52b3ap-1");
    CHECK(hex(portable::log(10)) == "0x1.26bb1bbb55516p+1");
    CHECK(hex(portable::log1p(-0.75)) == "-0x1.62e42fefa39efp+0");
    CHECK(hex(portable::sin(1)) == "0x1.aed548f090ceep-1");
    CHECK(hex(portable::cos(1)) == "0x1.14a280fb5068cp-1");
    CHECK(hex(portable::sin(1e7)) == "0x1.aea414a8a3352p-2");
    CHECK(hex(portable::cbrt(2)) == "0x1.428a2f98d728bp+0");
    CHECK(hex(portable::erfc(1)) == "0x1.4226162fbddd5p-3");
}

}  // namespace test_portable_math
