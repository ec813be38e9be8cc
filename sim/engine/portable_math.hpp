#pragma once
// The transcendental functions the models use, computed from + − × ÷ and
// exact bit operations (frexp, ldexp, floor) only. C libraries differ in the
// last bit of exp, log and the like (glibc against Emscripten's musl, for
// one), and a one-bit difference can flip an admission and change a whole
// run; these give the same bits under every standard library and compiler
// that keeps IEEE double arithmetic (the build sets -ffp-contract=off).
//
// They are not correctly rounded: exp, log, log1p, sin and cos stay within
// one ulp of glibc's on the ranges tests/test_portable_math.cpp samples,
// cbrt and erfc within a few. sin and cos reduce their argument with a four-part π/2, accurate while
// |x| < 2^28 (about 2.7e8); past that they stay deterministic but lose digits.
namespace ratesim::engine::portable {

double exp(double x);
double log(double x);
double log1p(double x);  // log(1 + x), accurate for small x
double sin(double x);
double cos(double x);
double cbrt(double x);
double erfc(double x);  // 1 − erf(x)

}  // namespace ratesim::engine::portable
