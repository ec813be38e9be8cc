// The commands the other test files leave without an end-to-end case with a
// known answer (docs/testing.md has the table of which file covers which
// command): `run` on a scenario whose figures are worked out in advance, the
// files it writes, `validate`'s report, `list` and `schema`, and their exit
// code 2 for bad input and bad arguments.
#include <catch2/catch.hpp>

#include <string>

#include <fmt/format.h>

#include "support/program.hpp"
#include "support/summary_file.hpp"

namespace test_commands_end_to_end {

using namespace ratesim::testing;
using Catch::Matchers::Contains;

// 400 workers send 400 items at once, none retried: a 100 RPM pool (a 60 s
// burst, so 100 tokens at the start) admits exactly 100, refuses 300.
const std::string kBurst = kSource + "/tests/fixtures/plan/limits.yaml";

TEST_CASE(
    "ratesim run admits exactly the bucket's 100 of 400 items sent at once and writes every result "
    "file",
    "[commands]") {
    const TempDir tmp;
    REQUIRE(run_ratesim(fmt::format("run {} --set api.pools.sonnet.rpm=100 --no-plots -o {}",
                                    quote(kBurst), quote((tmp / "out").string())),
                        tmp.path()) == 0);
    const SummaryFile summary(tmp / "out" / "summary.csv");
    CHECK(summary.variants() == std::vector<std::string>{"custom-1"});
    CHECK(summary.run_rows() == 2);  // two replications, one group
    CHECK(summary.mean("custom-1", "attempts") == 400);
    CHECK(summary.mean("custom-1", "succeeded") == 100);
    CHECK(summary.mean("custom-1", "failed") == 300);
    CHECK(summary.mean("custom-1", "r429") == 300);
    CHECK(summary.mean("custom-1", "r429_requests") == 300);
    CHECK(summary.mean("custom-1", "rate_429") == 0.75);
    CHECK(summary.mean("custom-1", "succeeded_ci95") == 0);  // the same in both replications
    for (const char* file : {"summary.json", "timeseries.csv", "latency_cdf.csv", "report.html"}) {
        INFO(file);
        CHECK(fs::is_regular_file(tmp / "out" / file));
    }
    CHECK_FALSE(fs::exists(tmp / "out" / "plots"));
    CHECK_THAT(read_file(tmp / "stdout.txt"),
               Contains("custom-1 *") && Contains("100 ok / 300 failed"));
}

TEST_CASE(
    "ratesim run and validate refuse bad arguments and a bad --set value with exit code 2, writing "
    "nothing",
    "[commands]") {
    const TempDir tmp;
    const std::string out = " -o " + quote((tmp / "out").string());
    CHECK(run_ratesim("run" + out, tmp.path()) == 2);
    CHECK_THAT(read_file(tmp / "stderr.txt"), Contains("FILE"));
    CHECK(run_ratesim("run " + quote(kBurst) + " --replications nine" + out, tmp.path()) == 2);
    CHECK(run_ratesim("run " + quote(kBurst) + " --set clients.burst.workers=0" + out,
                      tmp.path()) == 2);
    CHECK(read_file(tmp / "stderr.txt") ==
          "--set clients.burst.workers=0: error: clients[0].workers: found 0; allowed: an integer "
          "from 1 to 1000000\n");
    CHECK_FALSE(fs::exists(tmp / "out"));
    CHECK(run_ratesim("validate", tmp.path()) == 2);
    CHECK(run_ratesim("validate " + quote(kBurst) + " --set clients.burst.workers=0", tmp.path()) ==
          2);
    CHECK_THAT(read_file(tmp / "stderr.txt"), Contains("allowed: an integer from 1"));
}

TEST_CASE("ratesim validate reports the pools, groups, variants and replications it would run",
          "[commands]") {
    const TempDir tmp;
    REQUIRE(run_ratesim("validate " + quote(kBurst) + " --set replications=3", tmp.path()) == 0);
    const std::string out = read_file(tmp / "stdout.txt");
    CHECK_THAT(out,
               Contains(": ok: 1 pool(s), 1 client group(s), 1 variant(s) x 3 replication(s)"));
    CHECK_THAT(out, Contains("\n  custom-1: "));
    CHECK(read_file(tmp / "stderr.txt").empty());
}

TEST_CASE(
    "ratesim list strategies names every preset of the flagship and list of nothing known exits 2",
    "[commands]") {
    const TempDir tmp;
    REQUIRE(run_ratesim("list strategies", tmp.path()) == 0);
    const std::string out = read_file(tmp / "stdout.txt");
    for (const char* name :
         {"naive", "exponential", "full-jitter", "header-proactive", "sdk-default"}) {
        INFO(name);
        CHECK_THAT(out, Contains(fmt::format("\n  {} ", name)));
    }
    CHECK(run_ratesim("list nothing", tmp.path()) == 2);
    CHECK(read_file(tmp / "stdout.txt").empty());
}

TEST_CASE("ratesim schema takes no argument: one is a usage error with exit code 2", "[commands]") {
    const TempDir tmp;
    CHECK(run_ratesim("schema extra", tmp.path()) == 2);
    CHECK(read_file(tmp / "stdout.txt").empty());
    CHECK_FALSE(read_file(tmp / "stderr.txt").empty());
}

}  // namespace test_commands_end_to_end
