// The confidence level: `confidence:` (or --confidence) sets the level of
// every interval, the summary files name their half-widths after it, and a
// half-width is the t quantile at that level times the standard error.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <vector>

#include "sim/output/csv_reader.hpp"
#include "sim/run/statistics.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "support/program.hpp"

namespace test_confidence {

using namespace ratesim::testing;

namespace {

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        rows.push_back(ratesim::output::csv_fields(line));
    }
    return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i;
    FAIL("no column " << name);
    return 0;
}

}  // namespace

TEST_CASE("confidence defaults to 0.95 and is read from the scenario", "[confidence]") {
    const std::string file = kSource + "/scenarios/quickstart.yaml";
    CHECK(ratesim::scenario::load_scenario(file, {}).confidence == 0.95);
    CHECK(ratesim::scenario::load_scenario(file, {"confidence=0.9"}).confidence == 0.9);
}

TEST_CASE("a confidence outside 0.5..0.999999 is an error naming the key", "[confidence]") {
    TempDir dir;
    const std::string scenario = quote(kSource + "/scenarios/quickstart.yaml");
    CHECK(run_ratesim("validate " + scenario + " --confidence 1.5", dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Catch::Matchers::Contains("confidence"));
    CHECK_THAT(read_file(dir / "stderr.txt"), Catch::Matchers::Contains("0.5"));
}

TEST_CASE("a run with the option --confidence 0.9 names the half-widths ci90 and computes them at 90%", "[confidence]") {
    TempDir dir;
    const std::string scenario = quote(kSource + "/scenarios/quickstart.yaml");
    REQUIRE(run_ratesim("run " + scenario + " --replications 3 --confidence 0.9 --no-plots --quiet -o " +
                            quote((dir / "q").string()),
                        dir.path()) == 0);
    const auto rows = csv_rows(read_file(dir / "q" / "summary.csv"));
    REQUIRE(rows.size() >= 5);  // the header, then the first variant's three replications and mean
    const auto& header = rows[0];
    CHECK(std::find(header.begin(), header.end(), "attempts_ci95") == header.end());
    const std::size_t value = column(header, "attempts"), half = column(header, "attempts_ci90");
    double sum = 0, squares = 0;
    for (std::size_t r = 1; r <= 3; ++r) sum += std::stod(rows[r][value]);
    const double mean = sum / 3;
    for (std::size_t r = 1; r <= 3; ++r) squares += std::pow(std::stod(rows[r][value]) - mean, 2);
    const double expected = 2.9199855804 * std::sqrt(squares / 2) / std::sqrt(3.0);  // t(0.95, 2)
    REQUIRE(rows[4][column(header, "replication")] == "mean");
    CHECK(std::stod(rows[4][half]) == Approx(expected).epsilon(1e-8));
    const std::string json = read_file(dir / "q" / "summary.json");
    CHECK_THAT(json, Catch::Matchers::Contains("\"ci90_half_width\""));
    CHECK_THAT(json, Catch::Matchers::Contains("\"confidence\": 0.9"));
}

TEST_CASE("a confidence level is named by its percentage", "[confidence]") {
    CHECK(ratesim::run::confidence_name(0.95) == "ci95");
    CHECK(ratesim::run::confidence_name(0.9) == "ci90");
    CHECK(ratesim::run::confidence_name(0.975) == "ci97.5");
    CHECK(ratesim::run::confidence_percent(0.99) == "99%");
}

}  // namespace test_confidence
