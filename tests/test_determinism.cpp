// The `ratesim` program end to end: same scenario and seed give
// byte-identical outputs, another seed gives other numbers, exit codes, a
// golden summary, and an output directory that survives a failed run.
//
// The golden file tests/golden/quickstart/summary.csv pins the figures of
// scenarios/quickstart.yaml. When a change is meant to alter them (a new
// column, a model fix), regenerate it with `sh scripts/regen-goldens.sh
// quickstart` and check the diff it prints.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/program.hpp"

namespace test_determinism {

namespace fs = std::filesystem;
using namespace ratesim::testing;

namespace {

const std::string kQuickstart = kSource + "/scenarios/quickstart.yaml";

// Hidden staging or set-aside directories left in `parent`.
std::vector<std::string> leftovers(const fs::path& parent) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(parent)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind('.', 0) == 0 && (name.find(".tmp-") != std::string::npos || name.find(".old-") != std::string::npos))
            found.push_back(name);
    }
    return found;
}

const char* const kOutputs[] = {"summary.csv", "summary.json", "timeseries.csv", "latency_cdf.csv", "report.html"};

}  // namespace

TEST_CASE("Same scenario and seed give byte-identical outputs", "[determinism]") {
    REQUIRE(fs::exists(kQuickstart));
    TempDir tmp;
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet", quote(kQuickstart), quote((tmp / "a").string())), tmp.path()) == 0);
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet", quote(kQuickstart), quote((tmp / "b").string())), tmp.path()) == 0);
    for (const char* name : kOutputs) {
        INFO(name);
        const std::string a = read_file(tmp / "a" / name), b = read_file(tmp / "b" / name);
        CHECK(!a.empty());
        CHECK(a == b);
    }
    // --quiet prints nothing.
    CHECK(read_file(tmp / "stdout.txt").empty());

    // Another seed: other arrivals, sizes and latencies, so other figures.
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --seed 2", quote(kQuickstart), quote((tmp / "c").string())),
                    tmp.path()) == 0);
    CHECK(read_file(tmp / "a" / "summary.csv") != read_file(tmp / "c" / "summary.csv"));
    // ...and the same seed given explicitly is the scenario's own run (seed 7).
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --seed 7", quote(kQuickstart), quote((tmp / "d").string())),
                    tmp.path()) == 0);
    CHECK(read_file(tmp / "a" / "summary.csv") == read_file(tmp / "d" / "summary.csv"));
    CHECK(leftovers(tmp.path()).empty());
}

TEST_CASE("A written scenario runs deterministically too", "[determinism]") {
    // Poisson arrivals, random sizes and latencies, jitter, an incident,
    // three replications: every random stream is exercised.
    TempDir tmp;
    write_file(tmp / "s.yaml", R"(name: det-small
seed: 3
duration: 20m
replications: 3
api:
  burst: 10s
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 30, itpm: 20k, otpm: 5k}
  latency:
    round_trip: {dist: uniform, min: 50ms, max: 200ms}
    time_to_first_token: {dist: lognormal, median: 500ms, p95: 2s}
    output_tokens_per_second: {dist: normal, mean: 60, sd: 10}
  capacity:
    incidents: [{at: 5m, for: 2m, overload: 0.5}]
clients:
  - name: chat
    workers: 5
    timeout: 5s
    workload: {kind: poisson, rate: 40/min}
    request:
      model: claude-sonnet-4-5
      input_tokens: {dist: lognormal, median: 500, p95: 3000}
      max_tokens: 400
      output_tokens: {dist: uniform, min: 20, max: 400}
compare:
  strategies: [naive, full-jitter, decorrelated-jitter, sdk-default]
output: {bin: 30s}
)");
    const std::string scenario = quote((tmp / "s.yaml").string());
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet", scenario, quote((tmp / "a").string())), tmp.path()) == 0);
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet", scenario, quote((tmp / "b").string())), tmp.path()) == 0);
    for (const char* name : kOutputs) {
        INFO(name);
        CHECK(read_file(tmp / "a" / name) == read_file(tmp / "b" / name));
    }
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --seed 4", scenario, quote((tmp / "c").string())), tmp.path()) ==
            0);
    CHECK(read_file(tmp / "a" / "summary.csv") != read_file(tmp / "c" / "summary.csv"));
    CHECK(read_file(tmp / "a" / "timeseries.csv") != read_file(tmp / "c" / "timeseries.csv"));
}

TEST_CASE("Golden output: quickstart's summary.csv", "[determinism]") {
    // See the top of this file for how to regenerate the golden file.
    const fs::path golden = fs::path(kSource) / "tests/golden/quickstart/summary.csv";
    REQUIRE(fs::exists(golden));
    TempDir tmp;
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet", quote(kQuickstart), quote((tmp / "q").string())), tmp.path()) == 0);
    const std::string expected = read_file(golden), actual = read_file(tmp / "q" / "summary.csv");
    INFO(first_difference(expected, actual));
    CHECK(actual == expected);
}

TEST_CASE("ratesim validate: exit 0 on a good scenario, 2 on a bad one", "[determinism]") {
    TempDir tmp;
    CHECK(run_ratesim("validate " + quote(kQuickstart), tmp.path()) == 0);
    CHECK(read_file(tmp / "stderr.txt").empty());

    std::string bad = read_file(kQuickstart);
    const auto at = bad.find("workers: 4");
    REQUIRE(at != std::string::npos);
    bad.replace(at, 10, "wokers: 4");
    write_file(tmp / "bad.yaml", bad);
    CHECK(run_ratesim("validate " + quote((tmp / "bad.yaml").string()), tmp.path()) == 2);
    const std::string message = read_file(tmp / "stderr.txt");
    CHECK(message.find("bad.yaml") != std::string::npos);
    CHECK(message.find("wokers") != std::string::npos);

    CHECK(run_ratesim("validate " + quote((tmp / "missing.yaml").string()), tmp.path()) == 2);
    CHECK(run_ratesim("run " + quote((tmp / "bad.yaml").string()) + " -o " + quote((tmp / "out").string()), tmp.path()) == 2);
    CHECK(!fs::exists(tmp / "out"));
    CHECK(run_ratesim("frobnicate", tmp.path()) == 2);  // usage error
}

TEST_CASE("A failed run leaves the previous output directory as it was", "[determinism]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet", quote(kQuickstart), quote(out.string())), tmp.path()) == 0);
    std::vector<std::string> before;
    for (const char* name : kOutputs) before.push_back(read_file(out / name));

    // A scenario that fails at load time, into the same directory.
    write_file(tmp / "broken.yaml", "name: broken\napi: {pools: {}}\nclients: []\n");
    CHECK(run_ratesim(fmt::format("run {} -o {} --quiet", quote((tmp / "broken.yaml").string()), quote(out.string())),
                  tmp.path()) == 2);
    for (std::size_t i = 0; i < before.size(); ++i) {
        INFO(kOutputs[i]);
        CHECK(read_file(out / kOutputs[i]) == before[i]);
    }
    std::size_t files = 0;  // the outputs plus the marker that lets a later run replace them
    for (const auto& entry : fs::directory_iterator(out)) files += entry.is_regular_file() ? 1 : 0;
    CHECK(files == before.size() + 1);
    CHECK(fs::exists(out / ".ratesim-output"));
    CHECK(leftovers(tmp.path()).empty());

    // A successful run into it replaces it whole, leaving nothing staged.
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --seed 2", quote(kQuickstart), quote(out.string())),
                    tmp.path()) == 0);
    CHECK(read_file(out / "summary.csv") != before[0]);
    CHECK(leftovers(tmp.path()).empty());
}

TEST_CASE("The thread count does not change the bytes of any output", "[determinism][threads]") {
    TempDir tmp;
    const std::string common = fmt::format("run {} --quiet --replications 3 --sweep clients.app.workers=1,3,6",
                                           quote(kQuickstart));
    REQUIRE(run_ratesim(common + " --threads 1 -o " + quote((tmp / "one").string()), tmp.path()) == 0);
    REQUIRE(run_ratesim(common + " --threads 4 -o " + quote((tmp / "four").string()), tmp.path()) == 0);
    std::size_t compared = 0;
    for (const auto& entry : fs::recursive_directory_iterator(tmp / "one")) {
        if (!entry.is_regular_file()) continue;
        const fs::path relative = fs::relative(entry.path(), tmp / "one");
        INFO(relative.string());
        REQUIRE(fs::exists(tmp / "four" / relative));
        CHECK(read_file(entry.path()) == read_file(tmp / "four" / relative));
        ++compared;
    }
    CHECK(compared >= 4);  // summary.csv, summary.json, timeseries.csv, curves.csv at least
    CHECK(fs::exists(tmp / "one" / "curves.csv"));
}

TEST_CASE("Ctrl-C stops a long run and leaves the previous output as it was", "[determinism][interrupt]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet", quote(kQuickstart), quote(out.string())), tmp.path()) == 0);
    const std::string before = read_file(out / "summary.csv");

    // Hours of work: a thousand workers retrying at once for a simulated month.
    std::string long_run = read_file(kQuickstart);
    const auto at = long_run.find("workers: 4");
    REQUIRE(at != std::string::npos);
    long_run.replace(at, 10, "workers: 1000");
    long_run.replace(long_run.find("items: 100"), 10, "items: 100000000");
    long_run.replace(long_run.find("duration: 30m"), 13, "duration: 30d");
    long_run.replace(long_run.find("output: {bin: 30s}"), 18, "output: {bin: 1h}");
    write_file(tmp / "long.yaml", long_run);

    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const std::string scenario = (tmp / "long.yaml").string(), dir = out.string();
        if (std::freopen((tmp / "stderr.txt").c_str(), "w", stderr) == nullptr) _exit(126);
        execl(kBinary.c_str(), kBinary.c_str(), "run", scenario.c_str(), "-o", dir.c_str(), "--quiet",
              "--threads", "2", static_cast<char*>(nullptr));
        _exit(127);
    }
    // Wait for the run to start writing (its staging directory appears).
    for (int i = 0; i < 1000 && leftovers(tmp.path()).empty(); ++i) usleep(10'000);
    CHECK(!leftovers(tmp.path()).empty());
    REQUIRE(kill(child, SIGINT) == 0);
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 1000 && done == 0; ++i) {  // a hang guard, not a timing check
        done = waitpid(child, &status, WNOHANG);
        if (done == 0) usleep(10'000);
    }
    if (done == 0) {
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
        FAIL("ratesim did not stop within 10 s of SIGINT");
    }
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(read_file(tmp / "stderr.txt").find("interrupted after") != std::string::npos);
    CHECK(read_file(out / "summary.csv") == before);
    CHECK(leftovers(tmp.path()).empty());
}

}  // namespace test_determinism
