// The memory budget (--max-memory): scenarios that would need more memory
// than it are refused before anything runs, with exit 2 and the key that
// drives the growth; open-loop queues are capped while running; validate
// makes the same check as run. Budgets are given explicitly, so the results
// do not depend on the machine's memory, except in the RLIMIT_AS case, which
// sets a small address-space limit and is skipped under ASan (ASan reserves
// terabytes of address space, so any such limit fails at its start).
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "sim/run/memory_budget.hpp"
#include "sim/run/run_estimate.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/program.hpp"

namespace test_memory_budget {

namespace fs = std::filesystem;
using namespace ratesim;
using namespace ratesim::testing;

namespace {

const std::string kQuickstart = kSource + "/scenarios/quickstart.yaml";

// quickstart.yaml with `clients:` replaced by `groups` copies of a group of `workers`.
std::string many_workers(int groups, long workers) {
    std::string text = read_file(kQuickstart);
    const auto clients = text.find("clients:"), compare = text.find("compare:");
    std::string list = "clients:\n";
    for (int i = 0; i < groups; ++i)
        list += fmt::format("  - name: g{}\n    workers: {}\n    workload: {{kind: batch, items: 10}}\n"
                            "    request: {{model: claude-sonnet-4-5}}\n",
                            i, workers);
    return text.replace(clients, compare - clients, list);
}

bool under_asan() {
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#endif
#endif
    return false;
}

}  // namespace

TEST_CASE("Twenty groups of a million workers are refused by validate and run before anything runs, "
          "naming the workers key", "[memory]") {
    TempDir tmp;
    write_file(tmp / "workers.yaml", many_workers(20, 1'000'000));
    const std::string file = quote((tmp / "workers.yaml").string());
    CHECK(run_ratesim("validate " + file + " --max-memory 2G", tmp.path()) == 2);
    const std::string err = read_file(tmp / "stderr.txt");
    CHECK_THAT(err, Catch::Contains("workers.yaml: error: clients[0].workers: this run needs about"));
    CHECK_THAT(err, Catch::Contains("more than the budget of 1.863 GiB (--max-memory 2G)"));
    CHECK_THAT(err, Catch::Contains("allowed: a smaller clients[0].workers, or a larger --max-memory"));
    CHECK(err.find("bad_alloc") == std::string::npos);
    CHECK(run_ratesim("run " + file + " --max-memory 2G -o " + quote((tmp / "out").string()), tmp.path()) == 2);
    CHECK_THAT(read_file(tmp / "stderr.txt"), Catch::Contains("clients[0].workers: this run needs about"));
    CHECK_FALSE(fs::exists(tmp / "out"));
    CHECK(fs::directory_iterator(tmp.path()) != fs::directory_iterator());
    for (const auto& entry : fs::directory_iterator(tmp.path()))
        CHECK(entry.path().filename().string().rfind(".out", 0) != 0);  // no staging directory left
}

TEST_CASE("Two thousand variants of a thousand replications are refused, naming replications", "[memory]") {
    TempDir tmp;
    CHECK(run_ratesim(fmt::format("run {} --sweep clients.app.workers=1..1000+1 --replications 1000 "
                                  "--max-memory 1G -o {}",
                                  quote(kQuickstart), quote((tmp / "out").string())),
                      tmp.path()) == 2);
    CHECK_FALSE(fs::exists(tmp / "out"));
    const std::string err = read_file(tmp / "stderr.txt");
    CHECK_THAT(err, Catch::Contains("error: replications: this run needs about"));
    CHECK_THAT(err, Catch::Contains("the results of 2000000 runs (2000 variants x 1000 replications)"));
}

TEST_CASE("The same sweep with a few replications fits the budget and runs", "[memory]") {
    TempDir tmp;
    CHECK(run_ratesim(fmt::format("run {} --sweep clients.app.workers=1..20+1 --replications 3 "
                                  "--max-memory 1G --no-plots -q -o {}",
                                  quote(kQuickstart), quote((tmp / "out").string())),
                      tmp.path()) == 0);
    CHECK(fs::exists(tmp / "out" / "summary.csv"));
}

TEST_CASE("Random incidents every microsecond are refused for memory, naming api.capacity.random.every, "
          "and warn about time", "[memory]") {
    TempDir tmp;
    CHECK(run_ratesim(fmt::format("validate {} --set 'api.capacity={{random: {{every: 0.001ms}}}}' --max-memory 4G",
                                  quote(kQuickstart)),
                      tmp.path()) == 2);
    const std::string err = read_file(tmp / "stderr.txt");
    CHECK_THAT(err, Catch::Contains("error: api.capacity.random.every: this run needs about"));
    CHECK_THAT(err, Catch::Contains("random incidents active at once"));
    // Short incidents fit in memory, but drawing 1.8e9 onsets per run takes long: a warning.
    const scenario::ScenarioConfig s = scenario::load_scenario(
        kQuickstart, {"api.capacity={random: {every: 0.001ms, for: 1ms}}"});
    CHECK_NOTHROW(run::check_memory_budget(s, {std::uint64_t{1} << 30, "test"}, 2));
    const auto warnings = run::run_warnings(s);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::StartsWith("api.capacity.random.every: 1.8e+09 random incidents per run"));
}

TEST_CASE("Poisson arrivals at a million a second for one worker stop at the waiting-item cap with exit 2 "
          "and the workload named, nothing dropped", "[memory]") {
    TempDir tmp;
    const std::string out = quote((tmp / "out").string());
    CHECK(run_ratesim(fmt::format("run {} --set 'clients.app.workload={{kind: poisson, rate: 1000000/s}}' "
                                  "--set duration=1d --set clients.app.workers=1 --max-memory 200M --threads 1 "
                                  "--no-plots -o {}",
                                  quote(kQuickstart), out),
                      tmp.path()) == 2);
    const std::string err = read_file(tmp / "stderr.txt");
    CHECK_THAT(err, Catch::Contains("error: clients[0].workload: "));
    CHECK_THAT(err, Catch::Contains("items of group 'app' were waiting for its 1 worker(s)"));
    CHECK_THAT(err, Catch::Contains("nothing was dropped"));
    CHECK_FALSE(fs::exists(tmp / "out"));
}

TEST_CASE("A timeout shorter than the round trip, and a million replications' time series, warn in validate",
          "[memory][estimate]") {
    TempDir tmp;
    CHECK(run_ratesim(fmt::format("validate {} --set clients.app.timeout=0.001ms --replications 1000000 --max-memory 8G",
                                  quote(kQuickstart)),
                      tmp.path()) == 0);
    const std::string out = read_file(tmp / "stdout.txt");
    CHECK_THAT(out, Catch::Contains("warning: clients[0].timeout: 0.001ms is shorter than any response (the round "
                                    "trip takes 100ms at least): every attempt of group 'app' times out"));
    CHECK_THAT(out, Catch::Contains("warning: timeseries.csv will take about"));
    CHECK_THAT(out, Catch::Contains("(2000000 runs of 60 bins)"));
}

TEST_CASE("A --max-memory value that is not a size is refused with exit 2", "[memory]") {
    TempDir tmp;
    CHECK(run_ratesim("validate " + quote(kQuickstart) + " --max-memory lots", tmp.path()) == 2);
    CHECK_THAT(read_file(tmp / "stderr.txt"),
               Catch::Contains("--max-memory lots: error: not a size in bytes; allowed: a number of bytes > 0"));
}

TEST_CASE("The default budget is half of the smallest of the machine's memory, the cgroup limit and ulimit -v, "
          "so a run under a small address-space limit is refused, not ended by bad_alloc", "[memory][rlimit]") {
    if (under_asan()) {
        WARN("skipped under ASan: it reserves more address space than any RLIMIT_AS this test sets");
        return;
    }
    TempDir tmp;
    write_file(tmp / "workers.yaml", many_workers(20, 1'000'000));
    // 3 GiB of address space: the budget is 1.5 GiB, below the 20 GB the workers need.
    CHECK(run_ratesim("validate " + quote((tmp / "workers.yaml").string()), tmp.path(), "ulimit -v 3145728 &&") == 2);
    const std::string err = read_file(tmp / "stderr.txt");
    CHECK_THAT(err, Catch::Contains("clients[0].workers: this run needs about"));
    CHECK_THAT(err, Catch::Contains("(half of the address-space limit (ulimit -v) of 3 GiB)"));
    CHECK(err.find("bad_alloc") == std::string::npos);
}

}  // namespace test_memory_budget
