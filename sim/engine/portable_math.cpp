#include "sim/engine/portable_math.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

namespace ratesim::engine::portable {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ln 2 = kLn2Hi + kLn2Lo, kLn2Hi with 32 significant bits, so k * kLn2Hi is
// exact for every exponent k a double has.
constexpr double kLn2Hi = 0x1.62e42fee00000p-1;
constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
constexpr double kInvLn2 = 0x1.71547652b82fep+0;

// π/2 in four parts of 24 significant bits (the last rounded), so k * part
// is exact while |k| < 2^29.
constexpr double kPio2Part1 = 0x1.921fb40000000p+0;
constexpr double kPio2Part2 = 0x1.4442d00000000p-24;
constexpr double kPio2Part3 = 0x1.8469880000000p-48;
constexpr double kPio2Part4 = 0x1.8cc51701b839ap-72;
constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;

constexpr double kInvSqrtPi = 0x1.20dd750429b6dp-1;  // 1/√π

double nearest_integer(double x) { return std::floor(x + 0.5); }

// c[0] + x·(c[1] + x·(c[2] + …)), by Horner's rule from the last coefficient.
template <std::size_t N>
double polynomial(double x, const double (&c)[N]) {
    double p = c[N - 1];
    for (std::size_t i = N - 1; i-- > 0;) p = c[i] + x * p;
    return p;
}

// exp(r) − 1 − r for |r| ≤ ln2/2: Taylor to r^13, whose remainder is below 2^-56.
double exp_tail(double r) {
    static constexpr double kTerms[] = {1.0 / 2,        1.0 / 6,         1.0 / 24,       1.0 / 120,
                                        1.0 / 720,      1.0 / 5040,      1.0 / 40320,    1.0 / 362880,
                                        1.0 / 3628800,  1.0 / 39916800,  1.0 / 479001600, 1.0 / 6227020800};
    return r * r * polynomial(r, kTerms);
}

// sin(r) and cos(r) for |r| ≤ π/4, Taylor to r^17 and r^18.
double sin_kernel(double r) {
    static constexpr double kTerms[] = {-1.0 / 6,         1.0 / 120,           -1.0 / 5040,
                                        1.0 / 362880,     -1.0 / 39916800,     1.0 / 6227020800,
                                        -1.0 / 1307674368000, 1.0 / 355687428096000};
    const double z = r * r;
    return r + r * z * polynomial(z, kTerms);
}

double cos_kernel(double r) {
    // cos(r) = 1 − z/2 + z²·(1/4! − z/6! + …); kTerms holds the negated bracket.
    static constexpr double kTerms[] = {-1.0 / 24,           1.0 / 720,        -1.0 / 40320,
                                        1.0 / 3628800,       -1.0 / 479001600, 1.0 / 87178291200,
                                        -1.0 / 20922789888000, 1.0 / 6402373705728000};
    const double z = r * r;
    const double half_z = 0.5 * z;
    const double w = 1.0 - half_z;
    // ((1 − w) − half_z) is what rounding 1 − half_z lost.
    return w + (((1.0 - w) - half_z) - z * z * polynomial(z, kTerms));
}

// x = k·π/2 + r with |r| ≤ π/4 (a hair more where rounding puts it);
// returns r and sets `quadrant` to k mod 4.
double reduce_half_pi(double x, int& quadrant) {
    const double k = nearest_integer(x * kTwoOverPi);
    double r = x - k * kPio2Part1;
    r -= k * kPio2Part2;
    r -= k * kPio2Part3;
    r -= k * kPio2Part4;
    quadrant = static_cast<int>(k - 4 * std::floor(k / 4));
    return r;
}

// erf(x) for |x| < 0.5: its Maclaurin series, terms falling by x² < 1/4.
double erf_series(double x) {
    const double z = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n <= 24; ++n) {
        term *= -z / n;
        sum += term / (2 * n + 1);
    }
    return 2 * kInvSqrtPi * sum;
}

// exp(−x²) without the error of rounding x² (up to 2^-53·x² in the
// exponent): x splits into 26-bit halves (Veltkamp), so hi·hi is exact.
double exp_minus_square(double x) {
    const double c = 0x1.0000002p+27 * x;  // 2^27 + 1
    const double hi = c - (c - x);
    const double lo = x - hi;
    return exp(-hi * hi) * exp(-(lo * (2 * hi + lo)));
}

// erfc(x) for x ≥ 0.5: exp(−x²)/√π over Laplace's continued fraction
// x + (1/2)/(x + 1/(x + (3/2)/(x + …))), evaluated from a fixed depth; at
// x = 0.5 the truncation error is below 1e-19.
double erfc_continued_fraction(double x) {
    double t = x;
    for (int n = 1000; n >= 1; --n) t = x + (0.5 * n) / t;
    return exp_minus_square(x) * kInvSqrtPi / t;
}

}  // namespace

double exp(double x) {
    if (x != x) return x;
    if (x > 709.782712893384) return kInf;
    if (x < -745.1332191019412) return 0.0;
    const double k = nearest_integer(x * kInvLn2);
    const double hi = x - k * kLn2Hi;
    const double lo = k * kLn2Lo;
    const double r = hi - lo;
    return std::ldexp(1.0 + (r + exp_tail(r)), static_cast<int>(k));
}

double log(double x) {
    if (x != x) return x;
    if (x < 0) return kNaN;
    if (x == 0) return -kInf;
    if (x == kInf) return x;
    int e = 0;
    double m = std::frexp(x, &e);  // x = m·2^e, m in [0.5, 1)
    if (m < 0x1.6a09e667f3bcdp-1) {  // √½: keep m in [√½, √2)
        m *= 2;
        --e;
    }
    // log(1 + f) = 2·atanh(s), s = f/(2 + f), |s| ≤ 0.172: series in z = s².
    const double f = m - 1.0;
    const double s = f / (2.0 + f);
    const double z = s * s;
    double p = 2.0 / 23;
    for (int odd = 21; odd >= 3; odd -= 2) p = 2.0 / odd + z * p;
    const double series = z * p;  // 2·atanh(s)/s − 2
    const double half_f2 = 0.5 * f * f;
    const double ek = e;
    return ek * kLn2Hi - ((half_f2 - (s * (half_f2 + series) + ek * kLn2Lo)) - f);
}

double log1p(double x) {
    if (x != x) return x;
    if (x < -1) return kNaN;
    if (x == -1) return -kInf;
    if (x == kInf) return x;
    const double u = 1.0 + x;
    if (u == 1.0) return x;
    // log(u) plus the part of x that rounding 1 + x lost, to first order.
    return log(u) + (x - (u - 1.0)) / u;
}

double sin(double x) {
    if (x != x || x == kInf || x == -kInf) return kNaN;
    int quadrant = 0;
    const double r = reduce_half_pi(x, quadrant);
    switch (quadrant) {
        case 0: return sin_kernel(r);
        case 1: return cos_kernel(r);
        case 2: return -sin_kernel(r);
        default: return -cos_kernel(r);
    }
}

double cos(double x) {
    if (x != x || x == kInf || x == -kInf) return kNaN;
    int quadrant = 0;
    const double r = reduce_half_pi(x, quadrant);
    switch (quadrant) {
        case 0: return cos_kernel(r);
        case 1: return -sin_kernel(r);
        case 2: return -cos_kernel(r);
        default: return sin_kernel(r);
    }
}

double cbrt(double x) {
    if (x != x || x == 0 || x == kInf || x == -kInf) return x;
    const bool negative = x < 0;
    int e = 0;
    double m = std::frexp(negative ? -x : x, &e);  // m in [0.5, 1)
    int rest = e % 3;
    if (rest < 0) rest += 3;
    m = std::ldexp(m, rest);  // m in [0.5, 4), e − rest divisible by 3
    e -= rest;
    // Newton's iteration from a straight line through (0.5, 0.79) and (4, 1.59):
    // within 13% at the worst, so five steps reach full precision.
    double y = 0.6795 + 0.2283 * m;
    for (int i = 0; i < 5; ++i) y -= (y * y * y - m) / (3 * y * y);
    y = std::ldexp(y, e / 3);
    return negative ? -y : y;
}

double erfc(double x) {
    if (x != x) return x;
    if (x < -0.5) return 2.0 - erfc(-x);
    if (x < 0.5) return 1.0 - erf_series(x);
    if (x > 27.3) return 0.0;
    return erfc_continued_fraction(x);
}

}  // namespace ratesim::engine::portable
