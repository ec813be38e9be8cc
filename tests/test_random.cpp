// Random streams: golden values (they catch accidental changes to the
// generator or its seeding), key separation, and the distributions' shapes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "sim/engine/random.hpp"
#include "support/test_purpose.hpp"

namespace test_random {

using ratesim::engine::mix64;
using ratesim::engine::RandomStream;
using ratesim::testing::kTestPurpose;

namespace {

constexpr int kMomentDraws = 200000;

RandomStream golden_stream() { return RandomStream(1, 0, 0, kTestPurpose); }

// One-sample Kolmogorov-Smirnov statistic D_n of `xs` against the CDF `cdf`.
template <class Cdf>
double ks_statistic(std::vector<double> xs, Cdf cdf) {
    std::sort(xs.begin(), xs.end());
    const double n = static_cast<double>(xs.size());
    double d = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const double f = cdf(xs[i]);
        d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
    }
    return d;
}

// Critical value of D_n at significance alpha (asymptotic Kolmogorov
// distribution, P(K > x) ~ 2 exp(-2 x^2)).
double ks_critical(std::size_t n, double alpha) {
    return std::sqrt(-0.5 * std::log(alpha / 2)) / std::sqrt(static_cast<double>(n));
}

// Upper quantile of chi-square with `df` degrees of freedom for a standard
// normal quantile z (Wilson-Hilferty).
double chi_square_upper(double df, double z) {
    const double a = 2.0 / (9.0 * df);
    return df * std::pow(1 - a + z * std::sqrt(a), 3);
}

}  // namespace

TEST_CASE("mix64 is SplitMix64's finaliser", "[random]") {
    // SplitMix64 seeded with 0 outputs mix64(0x9e3779b97f4a7c15) first; the
    // published first output is 0xe220a8397b1dcdaf.
    CHECK(mix64(0x9e3779b97f4a7c15ULL) == 0xe220a8397b1dcdafULL);
    CHECK(mix64(0) == 0);
    CHECK(mix64(1) == 0x5692161d100b05e5ULL);
}

TEST_CASE("golden draws of the stream (seed 1, replication 0, entity 0, test) are pinned", "[random]") {
    SECTION("next_u64") {
        RandomStream r = golden_stream();
        CHECK(r.next_u64() == 0x0610efe67ae75d2fULL);
        CHECK(r.next_u64() == 0x153198c2d2cdce88ULL);
        CHECK(r.next_u64() == 0x1b7877246800cacaULL);
        CHECK(r.next_u64() == 0xc61d2fb8a8b17760ULL);
    }
    SECTION("uniform") {
        // uniform() is exact arithmetic on the top 53 bits: compare exactly.
        RandomStream r = golden_stream();
        CHECK(r.uniform() == 0.02369593979792961);
        CHECK(r.uniform() == 0.082788035930938197);
        CHECK(r.uniform() == 0.10730690611672167);
        RandomStream u = golden_stream();
        CHECK(u.uniform() == static_cast<double>(0x0610efe67ae75d2fULL >> 11) * 0x1.0p-53);
    }
    // The rest go through sim/engine/portable_math.hpp and sqrt (correctly
    // rounded by IEEE), the same bits under every C library: compare exactly.
    SECTION("exponential(1)") {
        RandomStream r = golden_stream();
        CHECK(r.exponential(1) == 0.023981203994362838);
        CHECK(r.exponential(1) == 0.086416683961065291);
        CHECK(r.exponential(1) == 0.11351243703904695);
    }
    SECTION("normal(0, 1)") {
        RandomStream r = golden_stream();
        CHECK(r.normal(0, 1) == -0.34170576214175152);
        CHECK(r.normal(0, 1) == 0.00057165557058347274);
        CHECK(r.normal(0, 1) == -1.00212842221689);
    }
    SECTION("lognormal(0, 1)") {
        RandomStream r = golden_stream();
        CHECK(r.lognormal(0, 1) == 0.71055724679608134);
        CHECK(r.lognormal(0, 1) == 1.0005718189967689);
        CHECK(r.lognormal(0, 1) == 0.36709727108509149);
    }
    SECTION("below(1000)") {
        RandomStream r = golden_stream();
        CHECK(r.below(1000) == 23);
        CHECK(r.below(1000) == 82);
        CHECK(r.below(1000) == 107);
        CHECK(r.below(1000) == 773);
        CHECK(r.below(1000) == 118);
    }
}

TEST_CASE("the same key gives the same stream", "[random]") {
    RandomStream a(12345, 3, 77, 3);
    RandomStream b(12345, 3, 77, 3);
    bool same = true;
    for (int i = 0; i < 1000; ++i) same = same && a.next_u64() == b.next_u64();
    CHECK(same);
    // The default stream is the (0, 0, 0, test) stream.
    RandomStream d;
    RandomStream z(0, 0, 0, kTestPurpose);
    CHECK(d.next_u64() == z.next_u64());
}

TEST_CASE("keys that differ in any one part give different streams", "[random]") {
    auto first_values = [](RandomStream r) {
        std::vector<std::uint64_t> v;
        for (int i = 0; i < 4; ++i) v.push_back(r.next_u64());
        return v;
    };
    const auto base = first_values(RandomStream(1, 0, 0, kTestPurpose));
    const std::vector<RandomStream> others = {
        RandomStream(2, 0, 0, kTestPurpose), RandomStream(1, 1, 0, kTestPurpose),
        RandomStream(1, 0, 1, kTestPurpose), RandomStream(1, 0, 0, 5),
        RandomStream(0, 1, 0, kTestPurpose), RandomStream(0, 0, 1, kTestPurpose),
        RandomStream(1, 0, 0, 1),            RandomStream(1, 0, 0, 2),
    };
    std::vector<std::vector<std::uint64_t>> all = {base};
    for (const auto& r : others) all.push_back(first_values(r));
    // Pairwise: no two streams share any of their first four values.
    int collisions = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = i + 1; j < all.size(); ++j)
            for (auto x : all[i])
                for (auto y : all[j]) collisions += x == y;
    CHECK(collisions == 0);
    // Swapped key parts are not the same key.
    CHECK(first_values(RandomStream(1, 2, 3, kTestPurpose)) !=
          first_values(RandomStream(1, 3, 2, kTestPurpose)));
    CHECK(first_values(RandomStream(5, 5, 0, kTestPurpose)) !=
          first_values(RandomStream(5, 0, 5, kTestPurpose)));
}

TEST_CASE("uniform draws have mean 1/2 and variance 1/12", "[random]") {
    RandomStream r(11, 0, 0, kTestPurpose);
    const double n = kMomentDraws;
    double sum = 0, sum2 = 0, lo = 1, hi = 0;
    for (int i = 0; i < kMomentDraws; ++i) {
        const double x = r.uniform();
        sum += x;
        sum2 += x * x;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
    }
    const double mean = sum / n;
    const double var = sum2 / n - mean * mean;
    CHECK(lo >= 0.0);
    CHECK(hi < 1.0);
    // 5 standard errors: sd(mean) = sqrt(1/12/n); sd(var) = sqrt((mu4 - sigma^4)/n)
    // with mu4 = 1/80 for U(0,1). Power, with 200000 draws: a mean off by
    // 0.0032 (0.65%) or a variance off by 0.00083 (1.0%) fails.
    CHECK(std::abs(mean - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
    CHECK(std::abs(var - 1.0 / 12) < 5 * std::sqrt((1.0 / 80 - 1.0 / 144) / n));

    RandomStream s(11, 0, 1, kTestPurpose);
    double ssum = 0;
    bool in_range = true;
    for (int i = 0; i < 10000; ++i) {
        const double x = s.uniform(-3, 5);
        in_range = in_range && x >= -3 && x < 5;
        ssum += x;
    }
    CHECK(in_range);
    // Power: a mean of U(-3, 5) off by 0.115 (1.4% of the range) fails.
    CHECK(std::abs(ssum / 10000 - 1.0) < 5 * 8 / std::sqrt(12.0 * 10000));
}

TEST_CASE("exponential draws have the requested mean and are positive", "[random]") {
    RandomStream r(12, 0, 0, kTestPurpose);
    const double mean_wanted = 2.5, n = kMomentDraws;
    double sum = 0, sum2 = 0;
    bool non_negative = true;
    for (int i = 0; i < kMomentDraws; ++i) {
        const double x = r.exponential(mean_wanted);
        non_negative = non_negative && x >= 0 && std::isfinite(x);
        sum += x;
        sum2 += x * x;
    }
    const double mean = sum / n;
    CHECK(non_negative);
    // Power, with 200000 draws: a mean off by 1.1% fails (5 standard errors).
    CHECK(std::abs(mean - mean_wanted) < 5 * mean_wanted / std::sqrt(n));
    // sd = mean for an exponential; with kurtosis 9 the sample sd has
    // standard error sd * sqrt((9 - 1) / (4n)) = mean * sqrt(2/n): an sd
    // off by 1.6% fails.
    const double sd = std::sqrt(sum2 / n - mean * mean);
    CHECK(std::abs(sd - mean_wanted) < 5 * mean_wanted * std::sqrt(2 / n));
}

TEST_CASE("normal draws have the requested mean and standard deviation", "[random]") {
    RandomStream r(13, 0, 0, kTestPurpose);
    const double mu = 3, sigma = 2, n = kMomentDraws;
    double sum = 0, sum2 = 0, sum3 = 0;
    int within_one_sd = 0;
    for (int i = 0; i < kMomentDraws; ++i) {
        const double x = r.normal(mu, sigma);
        sum += x;
        sum2 += (x - mu) * (x - mu);
        sum3 += std::pow((x - mu) / sigma, 3);
        within_one_sd += std::abs(x - mu) < sigma;
    }
    const double mean = sum / n;
    const double sd = std::sqrt(sum2 / n);
    // Power, with 200000 draws (5 standard errors each): a mean off by
    // 0.022 (1.1% of sigma), an sd off by 0.8%, a skewness of 0.043 or a
    // share within one sd off by 0.0052 fails.
    CHECK(std::abs(mean - mu) < 5 * sigma / std::sqrt(n));
    CHECK(std::abs(sd - sigma) < 5 * sigma / std::sqrt(2 * n));
    CHECK(std::abs(sum3 / n) < 5 * std::sqrt(15.0 / n));  // skewness 0; var(z^3) = 15
    // P(|Z| < 1) = 0.682689...
    const double p = 0.6826894921370859;
    CHECK(std::abs(within_one_sd / n - p) < 5 * std::sqrt(p * (1 - p) / n));
}

TEST_CASE("lognormal draws have median exp(mu)", "[random]") {
    RandomStream r(14, 0, 0, kTestPurpose);
    const double mu = 1, sigma = 0.5;
    std::vector<double> xs(kMomentDraws);
    for (auto& x : xs) x = r.lognormal(mu, sigma);
    CHECK(*std::min_element(xs.begin(), xs.end()) > 0);
    std::nth_element(xs.begin(), xs.begin() + kMomentDraws / 2, xs.end());
    const double median = xs[kMomentDraws / 2];
    const double m = std::exp(mu);
    // Standard error of a sample median: 1 / (2 f(m) sqrt(n)), f(m) = 1 / (m sigma sqrt(2 pi)).
    // Power: 5 se = 0.019 with 200000 draws, a median off by 0.7% fails.
    const double se = m * sigma * std::sqrt(2 * std::numbers::pi) / (2 * std::sqrt(double(kMomentDraws)));
    CHECK(std::abs(median - m) < 5 * se);
}

TEST_CASE("below(n) is uniform over 0 to n - 1", "[random]") {
    RandomStream r(15, 0, 0, kTestPurpose);
    SECTION("chi-square over 10 cells") {
        constexpr int cells = 10, draws = 100000;
        std::vector<int> count(cells, 0);
        bool in_range = true;
        for (int i = 0; i < draws; ++i) {
            const std::uint64_t k = r.below(cells);
            if (k >= cells) {
                in_range = false;
                continue;
            }
            ++count[k];
        }
        CHECK(in_range);
        const double expected = double(draws) / cells;
        double chi2 = 0;
        for (int c : count) chi2 += (c - expected) * (c - expected) / expected;
        // p = 1e-6 upper quantile (z = 4.753): 45.97. Power: one cell at 0.11
        // instead of 0.10 (the others sharing the rest) gives noncentrality
        // 111, a chi-square of mean 120 and sd 21.5, 3.4 sd above the limit.
        CHECK(chi2 < chi_square_upper(cells - 1, 4.753));
    }
    SECTION("a non-power-of-two range that is large") {
        // n = 3 * 2^62: the top quarter of [0, 2^64) would be biased without rejection.
        const std::uint64_t n = 3ULL << 62;
        int low_third = 0;
        bool in_range = true;
        for (int i = 0; i < 30000; ++i) {
            const std::uint64_t k = r.below(n);
            in_range = in_range && k < n;
            low_third += k < (1ULL << 62);
        }
        CHECK(in_range);
        // Power: a share off by 0.014 (4% of 1/3) fails.
        CHECK(std::abs(low_third / 30000.0 - 1.0 / 3) < 5 * std::sqrt(2.0 / 9 / 30000));
        // Without rejection, k = floor(x * 3/4) maps two 64-bit x to every
        // k divisible by 3 and one to the others: P(k % 3 == 0) would be 1/2.
        int divisible = 0;
        for (int i = 0; i < 30000; ++i) divisible += r.below(n) % 3 == 0;
        CHECK(std::abs(divisible / 30000.0 - 1.0 / 3) < 5 * std::sqrt(2.0 / 9 / 30000));
    }
    SECTION("below(1) is always 0") {
        bool zero = true;
        for (int i = 0; i < 100; ++i) zero = zero && r.below(1) == 0;
        CHECK(zero);
    }
}

TEST_CASE("uniform and exponential draws pass a Kolmogorov-Smirnov test", "[random]") {
    constexpr std::size_t n = 5000;
    const double alpha = 1e-4;
    RandomStream r(16, 0, 0, kTestPurpose);
    std::vector<double> u(n), e(n);
    for (auto& x : u) x = r.uniform();
    for (auto& x : e) x = r.exponential(3.0);
    const double du = ks_statistic(u, [](double x) { return std::clamp(x, 0.0, 1.0); });
    const double de = ks_statistic(e, [](double x) { return x <= 0 ? 0.0 : 1 - std::exp(-x / 3.0); });
    CHECK(du < ks_critical(n, alpha));
    CHECK(de < ks_critical(n, alpha));
    // The test has power: the same exponential draws are far from a mean-2 exponential.
    const double wrong = ks_statistic(e, [](double x) { return x <= 0 ? 0.0 : 1 - std::exp(-x / 2.0); });
    CHECK(wrong > ks_critical(n, alpha));
}

}  // namespace test_random
