// Time-varying arrivals (docs/model.md §10): a rate profile's integral and
// its inverse, the arrival counts a whole world draws per window against the
// integrated rate, the loader's forms and errors, and a trace scaled in rate.
//
// The per-window check is a chi-square test: counts in disjoint windows of
// a Poisson process are independent Poisson(Λ_k), so Σ (N_k - Λ_k)² / Λ_k is
// about chi-square with K degrees of freedom. It is held to the 0.9999
// quantile, and the same counts must fail it against a constant rate of the
// same mean, so the test can tell a profile from its average.
#include <catch2/catch.hpp>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "models/rate_profile.hpp"
#include "models/world.hpp"
#include "sim/engine/scheduler.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/rate_profile_json.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "support/program.hpp"

namespace test_rate_profiles {

using namespace ratesim;
using models::RateProfile;

namespace {

// Arrival times, and nothing else.
class ArrivalLog final : public models::Observer {
public:
    std::vector<double> at;
    void items_created(int, engine::Time t, std::int64_t count) override {
        for (std::int64_t i = 0; i < count; ++i) at.push_back(engine::to_seconds(t));
    }
    void attempt_sent(int, std::uint32_t, engine::Time) override {}
    void attempt_answered(const models::AttemptObservation&) override {}
    void attempt_billed(const models::BilledObservation&) override {}
    void item_finished(const models::ItemObservation&) override {}
    void sample(const models::WorldSample&) override {}
};

// One open-loop group at `rate` (YAML) into a pool that refuses nothing in
// practice, for `hours`; the arrival times of one replication.
std::vector<double> arrivals(const std::string& rate, double hours, int replication = 0) {
    const std::string yaml = fmt::format(R"(name: profile
seed: 11
duration: {}h
api:
  pools:
    p: {{models: [m], rpm: 1000000}}
  latency: {{round_trip: 1ms, time_to_first_token: 0s, output_tokens_per_second: 100000}}
clients:
  - name: g
    workers: 64
    workload: {{kind: poisson, rate: {}}}
    request: {{model: m, input_tokens: 10, max_tokens: 10, output_tokens: 10}}
    strategy: naive
)",
                                         hours, rate);
    const scenario::ScenarioConfig s = scenario::load_scenario_text(yaml, "profile.yaml");
    models::WorldConfig w;
    w.api = s.api;
    w.groups = s.clients;
    w.seed = s.seed;
    w.replication = static_cast<std::uint64_t>(replication);
    w.arrivals_until = s.duration;
    ArrivalLog log;
    engine::Scheduler scheduler;
    models::World world(w, scheduler, log);
    world.start();
    scheduler.run_until(engine::kNever, world);
    return log.at;
}

struct WindowFit {
    double chi_square = 0;         // against the profile
    double chi_square_flat = 0;    // against a constant rate with the same total
    int windows = 0;
    std::int64_t in_zero_windows = 0;  // arrivals where the profile's rate is 0
};

WindowFit fit(const std::vector<double>& at, const RateProfile& profile, double end, double window) {
    WindowFit f;
    const int k = static_cast<int>(std::lround(end / window));
    std::vector<double> counts(static_cast<std::size_t>(k), 0.0);
    for (double t : at) {
        const int i = static_cast<int>(t / window);
        REQUIRE(i >= 0);
        REQUIRE(i < k);  // nothing arrives after the window closes
        counts[static_cast<std::size_t>(i)] += 1;
    }
    const double flat = profile.integral(0, end) / k;
    for (int i = 0; i < k; ++i) {
        const double expected = profile.integral(i * window, (i + 1) * window);
        const double n = counts[static_cast<std::size_t>(i)];
        if (expected == 0) {
            f.in_zero_windows += static_cast<std::int64_t>(n);
            continue;
        }
        f.chi_square += (n - expected) * (n - expected) / expected;
        f.chi_square_flat += (n - flat) * (n - flat) / flat;
        ++f.windows;
    }
    return f;
}

double chi_square_quantile(int dof, double p) {
    return boost::math::quantile(boost::math::chi_squared_distribution<double>(dof), p);
}

void check_counts_follow(const std::string& yaml_rate, const RateProfile& profile, double hours,
                         double window) {
    const double end = hours * 3600;
    const WindowFit f = fit(arrivals(yaml_rate, hours), profile, end, window);
    INFO("rate " << yaml_rate << ": chi-square " << f.chi_square << " on " << f.windows
                 << " windows; against the flat rate " << f.chi_square_flat);
    CHECK(f.in_zero_windows == 0);
    CHECK(f.chi_square < chi_square_quantile(f.windows, 0.9999));
    CHECK(f.chi_square_flat > chi_square_quantile(f.windows, 0.9999));
}

std::string load_error(const std::string& rate) {
    const std::string yaml = "name: e\nduration: 1h\napi:\n  pools:\n    p: {models: [m], rpm: 50}\n"
                             "clients:\n  - name: g\n    workload:\n      kind: poisson\n      rate: " +
                             rate + "\n    request: {model: m}\n    strategy: naive\n";
    try {
        scenario::load_scenario_text(yaml, "e.yaml");
    } catch (const scenario::ScenarioError& e) {
        return e.what();
    }
    return "(loaded)";
}

}  // namespace

TEST_CASE("A profile's integral and its inverse agree for every kind", "[rate-profile]") {
    const std::vector<RateProfile> profiles = {
        RateProfile::constant(2.5),
        RateProfile::steps({{0, 1}, {600, 4}, {1200, 0}, {1800, 0.5}}),
        RateProfile::steps({{300, 2}}),  // nothing before the first step
        RateProfile::spike(1, 10, 1020, 180),
        RateProfile::spike(0, 3, 0, 60),  // a spike from the start, nothing after
        RateProfile::diurnal(2, 0.8, 3600, 900),
        RateProfile::diurnal(0.01, 1.0, 86400, 50400),  // the rate touches 0 once a day
    };
    for (const RateProfile& p : profiles) {
        INFO("profile " << scenario::rate_text(p));
        for (double t : {0.0, 1.0, 299.0, 601.5, 1199.0, 1500.0, 5000.0}) {
            for (double mass : {1e-3, 0.7, 1.0, 13.0, 250.0}) {
                const double s = p.time_after(t, mass);
                if (std::isinf(s)) {  // only where the rate stays 0 for ever
                    CHECK(p.integral(t, 1e9) < mass);
                    continue;
                }
                CHECK(s >= t);
                CHECK(p.integral(t, s) == Approx(mass).epsilon(1e-9).margin(1e-10));
            }
            CHECK(p.integral(t, t) == 0);
            CHECK(p.integral(0, t) + p.integral(t, t + 777) == Approx(p.integral(0, t + 777)).epsilon(1e-12));
        }
    }
    // By hand: steps 1/s for 600 s then 4/s; a diurnal cycle integrates to its mean.
    const RateProfile steps = RateProfile::steps({{0, 1}, {600, 4}});
    CHECK(steps.integral(0, 900) == Approx(600 + 4 * 300));
    CHECK(steps.time_after(590, 30) == Approx(600 + 20.0 / 4));
    CHECK(RateProfile::diurnal(3, 0.6, 3600, 1234).integral(100, 100 + 3600) == Approx(3 * 3600.0));
    CHECK(RateProfile::diurnal(3, 0.6, 3600, 900).rate_at(900) == Approx(3 * 1.6));
    CHECK(RateProfile::diurnal(3, 0.6, 3600, 900).rate_at(2700) == Approx(3 * 0.4));
    CHECK(RateProfile::spike(1, 10, 60, 30).rate_at(75) == 10);
    CHECK(RateProfile::spike(1, 10, 60, 30).rate_at(90) == 1);
    CHECK(std::isinf(RateProfile::steps({{0, 1}, {10, 0}}).time_after(5, 6)));
}

TEST_CASE("Arrivals per window follow a steps profile's integrated rate, and none come while it is 0",
          "[rate-profile]") {
    check_counts_follow("[{at: 0s, rate: 1/s}, {at: 20m, rate: 4/s}, {at: 40m, rate: 0/s}, {at: 50m, rate: 2/s}]",
                        RateProfile::steps({{0, 1}, {1200, 4}, {2400, 0}, {3000, 2}}), 1, 300);
}

TEST_CASE("Arrivals per window follow a spike profile's integrated rate", "[rate-profile]") {
    check_counts_follow("{base: 1/s, spike: 10/s, at: 17m, for: 3m}", RateProfile::spike(1, 10, 1020, 180),
                        1, 60);
}

TEST_CASE("Arrivals per window follow a diurnal profile's integrated rate", "[rate-profile]") {
    check_counts_follow("{mean: 2/s, amplitude: 0.8, period: 1h, peak_at: 15m}",
                        RateProfile::diurnal(2, 0.8, 3600, 900), 2, 300);
}

TEST_CASE("A profile's arrivals are drawn from the group's arrival stream alone", "[rate-profile]") {
    // The same seed and replication give the same arrivals; another
    // replication gives others.
    const std::string rate = "{mean: 1/s, amplitude: 0.5, period: 10m}";
    const auto a = arrivals(rate, 0.5, 0);
    CHECK(a == arrivals(rate, 0.5, 0));
    CHECK(a != arrivals(rate, 0.5, 1));
}

TEST_CASE("Rate profiles read back from the resolved scenario as they were written", "[rate-profile]") {
    for (const std::string rate :
         {"2/s", "[{at: 0s, rate: 10/s}, {at: 9h, rate: 40/s}]", "{base: 10/s, spike: 100/s, at: 30m, for: 2m}",
          "{mean: 20/s, amplitude: 0.6, period: 1d, peak_at: 14h}"}) {
        INFO(rate);
        const std::string yaml = "name: r\nduration: 1d\napi:\n  pools:\n    p: {models: [m], rpm: 50}\n"
                                 "clients:\n  - name: g\n    workload: {kind: poisson, rate: " +
                                 rate + "}\n    request: {model: m}\n    strategy: naive\n";
        const auto s = scenario::load_scenario_text(yaml, "r.yaml");
        const RateProfile& p = s.clients.front().workload.rate;
        const auto back = scenario::rate_from_json(scenario::rate_to_json(p));
        REQUIRE(back);
        CHECK(back->kind() == p.kind());
        CHECK(back->integral(0, 86400) == Approx(p.integral(0, 86400)).epsilon(1e-12));
        CHECK(scenario::rate_text(*back) == scenario::rate_text(p));
    }
    CHECK(scenario::rate_text(scenario::rate_to_json(RateProfile::steps({{0, 10}, {32400, 40}}))) ==
          "10/s from 0s, 40/s from 9h");
}

TEST_CASE("A bad rate profile is refused with its place and what is allowed", "[rate-profile]") {
    CHECK_THAT(load_error("[{at: 1h, rate: 2/s}, {at: 30m, rate: 1/s}]"),
               Catch::Contains("e.yaml:10:") && Catch::Contains("steps in increasing order of `at`"));
    CHECK_THAT(load_error("[]"), Catch::Contains("at least one step"));
    CHECK_THAT(load_error("[{at: 0s, rate: 0/s}]"), Catch::Contains("at least one step with a rate > 0"));
    CHECK_THAT(load_error("[{at: 0s, rte: 1/s}]"), Catch::Contains("rte") && Catch::Contains("rate"));
    CHECK_THAT(load_error("{base: 1/s, spike: 5/s, at: 1m}"), Catch::Contains("for"));
    CHECK_THAT(load_error("{base: 1/s, spike: 5/s, at: 1m, for: 0s}"), Catch::Contains("for"));
    CHECK_THAT(load_error("{mean: 1/s, amplitude: 1.5}"), Catch::Contains("amplitude"));
    CHECK_THAT(load_error("{mean: 1/s, amplitude: 0.5, peak: 2h}"),
               Catch::Contains("peak") && Catch::Contains("peak_at"));
    CHECK_THAT(load_error("{mean: 0/s, amplitude: 0.5}"), Catch::Contains("mean"));
    CHECK_THAT(load_error("0/s"), Catch::Contains("a rate > 0"));
}

TEST_CASE("A trace scaled in rate keeps every (1/k)-th row, or repeats each about k times, at its own time",
          "[rate-profile]") {
    const ratesim::testing::TempDir dir;
    const auto csv = dir / "t.csv";
    {
        std::ofstream out(csv);
        out << "TIMESTAMP,ContextTokens,GeneratedTokens\n";
        for (int i = 0; i < 10; ++i) out << i << "," << 100 + i << ",50\n";
    }
    auto load = [&](const std::string& scale) {
        const std::string yaml = "name: t\nduration: 1h\napi:\n  pools:\n    p: {models: [m], rpm: 50}\n"
                                 "clients:\n  - name: g\n    workload: {kind: trace, file: '" +
                                 csv.string() + "', rate_scale: " + scale +
                                 "}\n    request: {model: m}\n    strategy: naive\n";
        return scenario::load_scenario_text(yaml, "t.yaml").clients.front().workload;
    };
    const auto half = load("0.5");
    REQUIRE(half.trace->size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {  // rows 1, 3, 5, 7, 9
        CHECK((*half.trace)[i].input_tokens == 100 + 2 * i + 1);
        CHECK((*half.trace)[i].at == engine::seconds(static_cast<std::int64_t>(2 * i + 1)));
    }
    const auto more = load("2.5");
    CHECK(more.items == 25);
    CHECK(more.trace->size() == 25);
    int first = 0;
    for (const auto& row : *more.trace) first += row.input_tokens == 100 ? 1 : 0;
    CHECK(first == 2);  // floor(2.5) - floor(0)
    CHECK(load("1").trace->size() == 10);
    const std::string yaml = "name: t\nduration: 1h\napi:\n  pools:\n    p: {models: [m], rpm: 50}\n"
                             "clients:\n  - name: g\n    workload: {kind: trace, file: '" +
                             csv.string() + "', rate_scale: 0.05}\n    request: {model: m}\n    strategy: naive\n";
    CHECK_THROWS_WITH(scenario::load_scenario_text(yaml, "t.yaml"), Catch::Contains("keeps none of the file's 10 rows"));
}

}  // namespace test_rate_profiles
