// The scenario distributions' draws: a normal truncated at 0 keeps the whole
// of the normal above 0, its low tail included, in the right proportions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "models/distribution.hpp"
#include "sim/engine/random.hpp"
#include "support/test_purpose.hpp"

namespace test_distribution {

using ratesim::engine::RandomStream;
using ratesim::models::Distribution;

double standard_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

TEST_CASE("a normal truncated at 0 draws from the normal conditioned on x >= 0, its low tail included",
          "[distribution]") {
    // N(0.5, 1) given x >= 0: F(x) = (Phi(x - 0.5) - Phi(-0.5)) / (1 - Phi(-0.5)).
    const double mu = 0.5, sigma = 1;
    const Distribution d = Distribution::normal(mu, sigma);
    const double p0 = standard_normal_cdf(-mu / sigma);
    auto cdf = [&](double x) { return (standard_normal_cdf((x - mu) / sigma) - p0) / (1 - p0); };

    constexpr int n = 4000;
    RandomStream rng(21, 0, 0, ratesim::testing::kTestPurpose);
    std::vector<double> xs(n);
    for (auto& x : xs) x = d.sample(rng);
    std::sort(xs.begin(), xs.end());
    CHECK(xs.front() >= 0);

    // Kolmogorov-Smirnov at significance 1e-4: D_n < 2.2253 / sqrt(n) = 0.0352.
    // Power: by the Dvoretzky-Kiefer-Wolfowitz inequality, a sampler whose CDF
    // is off by 0.0704 or more anywhere fails with probability >= 1 - 1e-4.
    // (Rejecting [0, 1) as well as negatives moves F(1) from 0.554 to 0.)
    double ks = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const double f = cdf(xs[i]);
        ks = std::max({ks, double(i + 1) / n - f, f - double(i) / n});
    }
    CHECK(ks < std::sqrt(-0.5 * std::log(1e-4 / 2)) / std::sqrt(double(n)));

    // The low tail: P(x < 0.25 | x >= 0) = 0.1341; 5 standard errors of the
    // share of 4000 draws are 0.0269, so the check sees the tail's share
    // off by a fifth of itself.
    const double p_low = cdf(0.25);
    const double low = double(std::lower_bound(xs.begin(), xs.end(), 0.25) - xs.begin()) / n;
    CHECK(std::abs(low - p_low) < 5 * std::sqrt(p_low * (1 - p_low) / n));

    // The mean is the truncated normal's, as Distribution::mean() works it out:
    // 0.5 + phi(0.5) / Phi(0.5) = 1.0092. Power: 5 standard errors of the mean
    // of 4000 draws (sd 0.697) are 0.055, a change of 5.5% in the mean.
    double sum = 0, sum2 = 0;
    for (double x : xs) sum += x, sum2 += x * x;
    const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    CHECK(d.mean() == Approx(mu + sigma * std::exp(-0.125) / std::sqrt(2 * std::numbers::pi) / (1 - p0)));
    CHECK(std::abs(mean - d.mean()) < 5 * sd / std::sqrt(double(n)));
}

}  // namespace test_distribution
