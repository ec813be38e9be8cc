// The binding limit: which of RPM, ITPM and OTPM caps the request rate for a
// mean request, in requests per minute, and the organization's line that
// the throughput plot draws from a resolved scenario.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/output/scenario_limits.hpp"
#include "sim/run/binding_limit.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace test_binding_limit {

using ratesim::run::binding_limit;
using ratesim::run::LimitDimension;

namespace {
const std::string kSource = RATESIM_SOURCE_DIR;
}

TEST_CASE("the binding limit is the one that admits the fewest requests per minute", "[binding]") {
    const auto itpm = binding_limit({50, 80000, 30000}, {2000, 500});
    REQUIRE(itpm);
    CHECK(itpm->dimension == LimitDimension::itpm);
    CHECK(itpm->limit == 80000);
    CHECK(itpm->requests_per_minute == 40);
    const auto otpm = binding_limit({50, 80000, 30000}, {1000, 1000});
    REQUIRE(otpm);
    CHECK(otpm->dimension == LimitDimension::otpm);
    CHECK(otpm->requests_per_minute == 30);
    const auto rpm = binding_limit({20, 40000, 8000}, {500, 150});
    REQUIRE(rpm);
    CHECK(rpm->dimension == LimitDimension::rpm);
    CHECK(rpm->requests_per_minute == 20);
    // A tie goes to RPM; an unlimited dimension never binds; nothing limited: no line.
    CHECK(binding_limit({40, 80000, std::nullopt}, {2000, 500})->dimension == LimitDimension::rpm);
    CHECK(binding_limit({std::nullopt, std::nullopt, 30000}, {2000, 500})->requests_per_minute == 60);
    CHECK_FALSE(binding_limit({std::nullopt, std::nullopt, std::nullopt}, {2000, 500}));
    CHECK_FALSE(binding_limit({std::nullopt, 80000, std::nullopt}, {0, 500}));
}

TEST_CASE("shared-org is bound by ITPM at about 37 requests per minute, quickstart by RPM", "[binding]") {
    // shared-org: input lognormal median 1500, p95 6000, so a mean of
    // 1500 exp(s^2 / 2) with s = ln 4 / 1.6449 (2139.6 tokens): 80k / 2139.6 = 37.4/min,
    // under RPM 50 and OTPM 30k / 500 = 60/min.
    const auto so = ratesim::scenario::scenario_to_json(
        ratesim::scenario::load_scenario(kSource + "/scenarios/shared-org.yaml"));
    const auto mean = ratesim::output::mean_request_of_pool(so, "sonnet");
    const double sigma = std::log(4.0) / 1.6448536269514722;
    CHECK(mean.input_tokens == Approx(1500 * std::exp(sigma * sigma / 2)).epsilon(1e-9));
    CHECK(mean.output_tokens == Approx(500));
    const auto binding = ratesim::output::scenario_binding_limit(so);
    REQUIRE(binding);
    CHECK(binding->dimension == LimitDimension::itpm);
    CHECK(binding->requests_per_minute == Approx(37.39).margin(0.01));
    CHECK(binding->label == "ITPM 80k ≈ 37 requests/min");
    const auto quickstart = ratesim::output::scenario_binding_limit(ratesim::scenario::scenario_to_json(
        ratesim::scenario::load_scenario(kSource + "/scenarios/quickstart.yaml")));
    REQUIRE(quickstart);
    CHECK(quickstart->dimension == LimitDimension::rpm);
    CHECK(quickstart->label == "RPM 20/min");
}

}  // namespace test_binding_limit
