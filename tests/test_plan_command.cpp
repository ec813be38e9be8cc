// `ratesim plan` end to end: --tiers, --search and --bisect on scenarios
// whose answer is known in advance (tests/fixtures/plan/), their exit codes,
// their answers and the files they write, and the refusals.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/program.hpp"

namespace test_plan_command {

using namespace ratesim::testing;
using Catch::Matchers::Contains;

namespace {

const std::string kLimits = kSource + "/tests/fixtures/plan/limits.yaml";
const std::string kTiers = kSource + "/tests/fixtures/plan/tiers.yaml";

// The (value, metric) -> mean cells of plan.csv, in the file's order.
std::vector<std::string> csv_cells(const fs::path& file, const std::string& metric) {
    std::vector<std::string> cells;
    std::istringstream in(read_file(file));
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream fields(line);
        for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
        if (f.size() == 7 && f[3] == metric) cells.push_back(f[1] + "=" + f[4]);
    }
    return cells;
}

}  // namespace

TEST_CASE("ratesim plan --tiers tries the tiers cheapest first and answers the cheapest that meets the "
          "target",
          "[plan-command]") {
    const TempDir tmp;
    REQUIRE(run_ratesim("plan " + quote(kTiers) + " --tiers anthropic-2025 --no-plots -o " +
                            quote((tmp / "out").string()),
                        tmp.path()) == 0);
    const std::string out = read_file(tmp / "stdout.txt");
    CHECK_THAT(out, Contains("trying the anthropic-2025 tiers, cheapest first: anthropic-2025/tier-1, "
                             "anthropic-2025/tier-2, anthropic-2025/tier-3, anthropic-2025/tier-4;"));
    CHECK_THAT(out, Contains("\ncustom-1: api.preset = anthropic-2025/tier-2 (the first candidate, in the "
                             "order given, that meets every target)\n"));
    // Tier 1's 50 RPM admit 50 of the 400; every later tier admits all.
    CHECK(csv_cells(tmp / "out" / "plan.csv", "succeeded") ==
          std::vector<std::string>{"anthropic-2025/tier-1=50", "anthropic-2025/tier-2=400",
                                   "anthropic-2025/tier-3=400", "anthropic-2025/tier-4=400"});
    CHECK(csv_cells(tmp / "out" / "plan.csv", "rate_429").front() == "anthropic-2025/tier-1=0.875");
    CHECK_THAT(read_file(tmp / "out" / "plan.txt"),
               Contains("\ncustom-1: api.preset = anthropic-2025/tier-2 (the first candidate"));
    CHECK_FALSE(fs::exists(tmp / "out" / "plots"));
}

TEST_CASE("ratesim plan --search answers the first listed value that meets the target", "[plan-command]") {
    const TempDir tmp;
    REQUIRE(run_ratesim("plan " + quote(kLimits) + " --search api.pools.sonnet.rpm=100,200,400,800 --no-plots -o " +
                            quote((tmp / "out").string()),
                        tmp.path()) == 0);
    CHECK_THAT(read_file(tmp / "stdout.txt"),
               Contains("\ncustom-1: api.pools.sonnet.rpm = 400 (the first candidate, in the order given, "
                        "that meets every target)\n"));
    CHECK(csv_cells(tmp / "out" / "plan.csv", "failed") ==
          std::vector<std::string>{"100=300", "200=200", "400=0", "800=0"});
}

TEST_CASE("ratesim plan --bisect narrows to within 1% of the smallest value that meets the target",
          "[plan-command]") {
    // The true threshold is 400; bisection stops once hi - lo <= hi / 100.
    const TempDir tmp;
    REQUIRE(run_ratesim("plan " + quote(kLimits) + " --bisect api.pools.sonnet.rpm=1..1000 --no-plots -o " +
                            quote((tmp / "out").string()),
                        tmp.path()) == 0);
    CHECK_THAT(read_file(tmp / "stdout.txt"),
               Contains("\ncustom-1: api.pools.sonnet.rpm = 402 (bisection: 398 misses a target, 402 meets "
                        "them all)\n"));
    CHECK(csv_cells(tmp / "out" / "plan.csv", "failed") ==
          std::vector<std::string>{"1=399", "250=150", "375=25", "390=10", "398=2", "402=0", "406=0", "437=0",
                                   "500=0", "1000=0"});
}

TEST_CASE("ratesim plan refuses two modes, an unknown family and no candidates with exit code 2",
          "[plan-command]") {
    const TempDir tmp;
    const std::string out = " --no-plots -o " + quote((tmp / "out").string());
    CHECK(run_ratesim("plan " + quote(kLimits) + " --search api.pools.sonnet.rpm=100 --tiers anthropic-2025" + out,
                      tmp.path()) == 2);
    CHECK(read_file(tmp / "stderr.txt") ==
          "error: give one of --search, --bisect and --tiers; allowed: one of them\n");
    CHECK(run_ratesim("plan " + quote(kLimits) + " --tiers anthropic-2024" + out, tmp.path()) == 2);
    CHECK_THAT(read_file(tmp / "stderr.txt"),
               Contains("--tiers anthropic-2024: error: unknown preset family 'anthropic-2024'") &&
                   Contains("allowed: anthropic-2025, anthropic-2026"));
    CHECK(run_ratesim("plan " + quote(kLimits) + out, tmp.path()) == 2);
    CHECK_THAT(read_file(tmp / "stderr.txt"), Contains("error: no candidates to choose from"));
    CHECK_FALSE(fs::exists(tmp / "out"));
}

}  // namespace test_plan_command
