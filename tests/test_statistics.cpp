// Run statistics: the latency histogram's quantiles, Student-t quantiles and
// the mean / confidence half-width summary across replications.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>


#include "sim/engine/random.hpp"
#include "sim/run/latency_histogram.hpp"
#include "sim/run/statistics.hpp"
#include "support/test_purpose.hpp"

namespace test_statistics {

using ratesim::run::LatencyHistogram;
using ratesim::engine::RandomStream;
using ratesim::run::student_t_quantile;
using ratesim::run::summarize_columns;
using ratesim::run::Table;
using ratesim::engine::Time;
using ratesim::testing::kTestPurpose;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A table from its values, row by row.
Table table_of(std::size_t rows, std::size_t columns, std::initializer_list<double> values) {
    Table table(rows, columns);
    std::size_t i = 0;
    for (const double v : values) {
        table(i / columns, i % columns) = v;
        ++i;
    }
    return table;
}

// Nearest-rank quantile of sorted values: the ceil(q n)-th smallest.
Time exact_quantile(const std::vector<Time>& sorted, double q) {
    const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * static_cast<double>(sorted.size()))));
    return sorted[rank - 1];
}

const double kQuantiles[] = {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1.0};

}  // namespace

TEST_CASE("an empty histogram reports zeros", "[stats]") {
    LatencyHistogram h;
    CHECK(h.count() == 0);
    CHECK(h.max() == 0);
    CHECK(h.quantile(0.5) == 0);
    CHECK(h.quantile(1.0) == 0);
}

TEST_CASE("histogram quantiles are within 0.2% of the exact order statistics", "[stats]") {
    // Durations from about a millisecond to hours: lognormal, median 2 s.
    RandomStream rng(21, 0, 0, kTestPurpose);
    std::vector<Time> values;
    LatencyHistogram h;
    for (int i = 0; i < 100000; ++i) {
        const Time v = static_cast<Time>(std::llround(rng.lognormal(std::log(2e6), 2.0)));
        values.push_back(v);
        h.add(v);
    }
    std::sort(values.begin(), values.end());
    CHECK(h.count() == values.size());
    CHECK(h.max() == values.back());
    for (double q : kQuantiles) {
        const Time exact = exact_quantile(values, q);
        INFO("q = " << q << ", exact " << exact << ", histogram " << h.quantile(q));
        CHECK(std::abs(static_cast<double>(h.quantile(q) - exact)) <= 0.002 * static_cast<double>(exact));
    }
}

TEST_CASE("histogram quantiles are exact below 1024 microseconds", "[stats]") {
    RandomStream rng(22, 0, 0, kTestPurpose);
    std::vector<Time> values;
    LatencyHistogram h;
    for (int i = 0; i < 20000; ++i) {
        const Time v = static_cast<Time>(rng.below(1024));
        values.push_back(v);
        h.add(v);
    }
    std::sort(values.begin(), values.end());
    for (double q : kQuantiles) {
        INFO("q = " << q);
        CHECK(h.quantile(q) == exact_quantile(values, q));
    }
    for (int k = 1; k <= 100; ++k) {
        const double q = k / 100.0;
        if (h.quantile(q) != exact_quantile(values, q)) FAIL("q = " << q);
    }
}

TEST_CASE("histogram quantiles of a few values are the nearest-rank values", "[stats]") {
    LatencyHistogram h;
    for (Time v : {5, 1, 1023, 7, 0}) h.add(v);  // sorted: 0 1 5 7 1023
    CHECK(h.quantile(0.2) == 0);
    CHECK(h.quantile(0.21) == 1);
    CHECK(h.quantile(0.5) == 5);
    CHECK(h.quantile(0.8) == 7);
    CHECK(h.quantile(0.9) == 1023);
    CHECK(h.quantile(1.0) == 1023);
    CHECK(h.max() == 1023);
}

TEST_CASE("histogram quantiles stay within 0.2% for single large values", "[stats]") {
    for (Time v : {Time{1024}, Time{1025}, Time{2047}, Time{2048}, Time{123457}, Time{86'400'000'000},
                   Time{1'000'000'000'000}}) {
        LatencyHistogram h;
        h.add(v);
        INFO("value " << v << ", histogram " << h.quantile(0.5));
        CHECK(std::abs(static_cast<double>(h.quantile(0.5) - v)) <= 0.002 * static_cast<double>(v));
        CHECK(h.quantile(0.5) <= h.max());
    }
}

TEST_CASE("student_t_quantile matches published two-sided t quantiles at several df and levels", "[stats]") {
    // Closed forms: df 1 is Cauchy, t = tan(pi (p - 1/2)); df 2 has t = (2p - 1) / sqrt(2p(1 - p)),
    // with p = (1 + confidence) / 2.
    const double pi = 3.14159265358979323846;
    for (const double confidence : {0.5, 0.8, 0.9, 0.95, 0.99}) {
        const double p = (1 + confidence) / 2;
        INFO("confidence " << confidence);
        CHECK(student_t_quantile(confidence, 1) == Approx(std::tan(pi * (p - 0.5))).epsilon(1e-12));
        CHECK(student_t_quantile(confidence, 2) ==
              Approx((2 * p - 1) / std::sqrt(2 * p * (1 - p))).epsilon(1e-12));
    }
    // Tabulated values (to 10 digits) at 0.90, 0.95 and 0.99.
    CHECK(student_t_quantile(0.95, 4) == Approx(2.7764451052).epsilon(1e-9));
    CHECK(student_t_quantile(0.95, 30) == Approx(2.0422724563).epsilon(1e-9));
    CHECK(student_t_quantile(0.95, 31) == Approx(2.0395134464).epsilon(1e-9));
    CHECK(student_t_quantile(0.95, 120) == Approx(1.9799304051).epsilon(1e-9));
    CHECK(student_t_quantile(0.95, 1000) == Approx(1.9623390808).epsilon(1e-9));
    CHECK(student_t_quantile(0.90, 5) == Approx(2.0150483727).epsilon(1e-9));
    CHECK(student_t_quantile(0.90, 10) == Approx(1.8124611228).epsilon(1e-9));
    CHECK(student_t_quantile(0.90, 30) == Approx(1.6972608866).epsilon(1e-9));
    CHECK(student_t_quantile(0.99, 5) == Approx(4.0321429836).epsilon(1e-9));
    CHECK(student_t_quantile(0.99, 10) == Approx(3.1692726726).epsilon(1e-9));
    CHECK(student_t_quantile(0.99, 30) == Approx(2.7499956536).epsilon(1e-9));
    // Towards the normal quantile as df grows.
    CHECK(student_t_quantile(0.95, 100000000) == Approx(1.959963984540054).epsilon(1e-7));
    // Outside the domain: NaN, not an exception.
    CHECK(std::isnan(student_t_quantile(0.95, 0)));
    CHECK(std::isnan(student_t_quantile(0.0, 5)));
    CHECK(std::isnan(student_t_quantile(1.0, 5)));
}

TEST_CASE("a column's half-width is the t quantile at the level asked for times its standard error", "[stats]") {
    Table t(4, 1);
    const double values[] = {1, 2, 3, 6};  // mean 3, sample sd sqrt(14/3)
    for (std::size_t r = 0; r < 4; ++r) t(r, 0) = values[r];
    const double se = std::sqrt(14.0 / 3.0) / 2.0;
    CHECK(summarize_columns(t, 0.95).half_width[0] == Approx(3.1824463053 * se).epsilon(1e-9));
    CHECK(summarize_columns(t, 0.90).half_width[0] == Approx(2.3533634348 * se).epsilon(1e-9));
    CHECK(summarize_columns(t, 0.90).mean[0] == 3.0);
}

TEST_CASE("summarize_columns gives the mean and the 95% half-width", "[stats]") {
    const Table rows = table_of(5, 2, {1, 10,
            2, 10,
            3, 10,
            4, 10,
            5, 10});
    const auto s = summarize_columns(rows, 0.95);
    REQUIRE(s.mean.size() == 2);
    REQUIRE(s.half_width.size() == 2);
    CHECK(s.mean[0] == Approx(3));
    // sd = sqrt(2.5) = 1.5811; hw = t(4) * sd / sqrt(5) = 2.776445 * 1.5811 / 2.2361.
    CHECK(s.half_width[0] == Approx(1.9632431615).epsilon(1e-9));
    CHECK(s.mean[1] == Approx(10));
    CHECK(s.half_width[1] == Approx(0).epsilon(0).margin(1e-12));
}

TEST_CASE("summarize_columns leaves NaN entries out, column by column", "[stats]") {
    const Table rows = table_of(6, 4, {1,    kNaN, 2, kNaN,
            kNaN, kNaN, 4, kNaN,
            3,    kNaN, 6, kNaN,
            kNaN, kNaN, 8, kNaN,
            5,    kNaN, 10, 42,
            7,    kNaN, 12, kNaN});
    const auto s = summarize_columns(rows, 0.95);
    // Column 0: {1, 3, 5, 7}: mean 4, sd sqrt(20/3), hw = t(3) * sd / 2.
    CHECK(s.mean[0] == Approx(4));
    CHECK(s.half_width[0] == Approx(4.1085205135).epsilon(1e-9));
    // Column 1: nothing valid.
    CHECK(std::isnan(s.mean[1]));
    CHECK(std::isnan(s.half_width[1]));
    // Column 2: all six valid: {2, 4, ..., 12}: mean 7, sd sqrt(14), hw = t(5) sd / sqrt(6).
    CHECK(s.mean[2] == Approx(7));
    CHECK(s.half_width[2] == Approx(2.570581836 * std::sqrt(14.0) / std::sqrt(6.0)).epsilon(1e-9));
    // Column 3: one valid value: a mean, no half-width.
    CHECK(s.mean[3] == Approx(42));
    CHECK(std::isnan(s.half_width[3]));
}

TEST_CASE("summarize_columns of one replication has means and no half-widths", "[stats]") {
    const Table rows = table_of(1, 3, {1.5, 0, -2});
    const auto s = summarize_columns(rows, 0.95);
    CHECK(s.mean[0] == 1.5);
    CHECK(s.mean[1] == 0);
    CHECK(s.mean[2] == -2);
    CHECK(std::isnan(s.half_width[0]));
    CHECK(std::isnan(s.half_width[1]));
    CHECK(std::isnan(s.half_width[2]));
}

}  // namespace test_statistics
