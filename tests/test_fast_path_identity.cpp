// The fast paths change no output: every file `ratesim run` writes is
// byte-identical with them on and off (the hidden --no-fast-paths), over the
// shipped scenarios, shortened where they are long, and over scenarios a
// seeded generator writes, mixing strategy kinds, constant and random round
// trips, incidents, error rules, timeouts, deadlines and both output
// accountings. A world built with fast_paths off pushes every event to the
// heap, so the check compares the fast paths against the plain heap.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/world.hpp"
#include "sim/engine/random.hpp"
#include "sim/run/experiment.hpp"
#include "sim/run/metrics_sink.hpp"
#include "sim/scenario/loader.hpp"
#include "support/program.hpp"
#include "support/test_purpose.hpp"

namespace test_fast_path_identity {

namespace fs = std::filesystem;
using namespace ratesim;
using namespace ratesim::testing;

namespace {

// Every file under `dir`, by its path relative to it, with its bytes.
std::map<std::string, std::string> files_under(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = read_file(entry.path());
    return files;
}

// Runs `ratesim run SCENARIO ARGS` with the fast paths on and off and
// requires the same files with the same bytes. Both write to one directory
// (report.html names it), moved aside after each run.
void check_identical(const TempDir& tmp, const std::string& scenario, const std::string& args,
                     const std::string& name) {
    const fs::path out = tmp / "out", fast = tmp / (name + "-fast"), slow = tmp / (name + "-slow");
    const std::string common =
        fmt::format("run {} {} --no-plots --quiet --threads 1 -o {}", quote(scenario), args, quote(out.string()));
    const auto run = [&](const std::string& command, const fs::path& to) {
        const int code = run_ratesim(command, tmp.path());
        INFO(read_file(tmp / "stderr.txt"));
        REQUIRE(code == 0);
        fs::rename(out, to);
    };
    run(common, fast);
    run(common + " --no-fast-paths", slow);
    const auto a = files_under(fast), b = files_under(slow);
    REQUIRE(a.count("summary.csv") == 1);
    REQUIRE(a.count("timeseries.csv") == 1);
    std::vector<std::string> names_a, names_b;
    for (const auto& [file, _] : a) names_a.push_back(file);
    for (const auto& [file, _] : b) names_b.push_back(file);
    REQUIRE(names_a == names_b);
    for (const auto& [file, bytes] : a) {
        INFO(name << ": " << file << ": " << first_difference(b.at(file), bytes));
        CHECK(bytes == b.at(file));
    }
}

// A small scenario drawn from stream `n`: one or two client groups, each
// with its own strategy, or a comparison of several; everything else
// chosen among the forms the world handles differently.
std::string generated_scenario(std::uint64_t n) {
    engine::RandomStream rng(n, 0, 0, kTestPurpose);
    const auto pick = [&](const std::vector<std::string>& from) { return from[rng.below(from.size())]; };
    const std::vector<std::string> strategies{
        "naive", "exponential", "full-jitter", "decorrelated-jitter", "retry-after", "header-proactive",
        "sdk-default", "client-token-bucket", "aws-standard", "aws-adaptive", "sre-throttle", "retry-budget",
        "grpc"};
    std::string yaml = fmt::format("name: generated-{}\nseed: {}\nduration: {}m\ndrain: 5m\nreplications: {}\n", n,
                                   n + 1, 3 + rng.below(10), 1 + rng.below(2));
    yaml += "api:\n";
    yaml += fmt::format("  burst: {}\n", pick({"5s", "10s", "60s"}));
    yaml += fmt::format("  output_accounting: {}\n", pick({"streamed", "reserve-max-tokens"}));
    yaml += "  pools:\n    sonnet:\n      models: [claude-sonnet-4-5]\n";
    yaml += fmt::format("      rpm: {}\n      itpm: {}\n      otpm: {}\n", pick({"20", "60", "300", "2000"}),
                        pick({"20k", "100k", "1M"}), pick({"4k", "20k", "200k"}));
    if (rng.below(3) == 0) yaml += "      errors: [{status: 500, rate: 0.03}, {status: 408, rate: 0.02}]\n";
    if (rng.below(3) == 0)  // the legacy combined and daily token limits
        yaml += fmt::format("      tpm: {}\n      tpd: {}\n", pick({"30k", "300k"}), pick({"200k", "5M"}));
    if (rng.below(3) == 0)  // the server's concurrency limit and queue
        yaml += fmt::format("  queue: {{concurrency: {}, timeout: {}, timeout_status: {}}}\n", pick({"2", "8", "40"}),
                            pick({"3s", "20s"}), pick({"529", "504"}));
    yaml += "  latency:\n";
    yaml += fmt::format("    round_trip: {}\n",
                        pick({"100ms", "200ms", "1ms", "{dist: uniform, min: 50ms, max: 300ms}",
                              "{dist: lognormal, median: 120ms, p95: 400ms}"}));
    yaml += "    time_to_first_token: {dist: lognormal, median: 600ms, p95: 2s}\n";
    yaml += fmt::format("    output_tokens_per_second: {}\n", pick({"60", "{dist: normal, mean: 60, sd: 10}"}));
    if (rng.below(2) == 0) {
        yaml += "  capacity:\n";
        yaml += fmt::format("    incidents: [{{at: {}m, for: {}m, overload: {}{}{}}}]\n", 1 + rng.below(3),
                            1 + rng.below(3), pick({"0.3", "0.7", "1"}),
                            rng.below(2) == 0 ? ", midstream: {fraction: 0.3, after: 0.5}" : "",
                            rng.below(2) == 0 ? ", slowdown: 3" : "");
        if (rng.below(2) == 0) yaml += "    latency_factor: 2\n";
    }
    yaml += "clients:\n";
    const std::uint64_t groups = 1 + rng.below(2);
    for (std::uint64_t g = 0; g < groups; ++g) {
        yaml += fmt::format("  - name: group{}\n    workers: {}\n", g, pick({"1", "4", "16", "40"}));
        if (rng.below(2) == 0)
            yaml += fmt::format("    workload: {{kind: batch, items: {}}}\n", pick({"50", "200", "600"}));
        else
            yaml += fmt::format("    workload: {{kind: poisson, rate: {}/min}}\n", pick({"20", "100", "400"}));
        if (rng.below(2) == 0) yaml += fmt::format("    timeout: {}\n", pick({"2s", "5s", "30s"}));
        if (rng.below(2) == 0) yaml += fmt::format("    deadline: {}\n", pick({"10s", "1m", "5m"}));
        yaml += "    request:\n      model: claude-sonnet-4-5\n";
        yaml += fmt::format("      input_tokens: {}\n", pick({"300", "{dist: lognormal, median: 500, p95: 3000}"}));
        yaml += "      max_tokens: 400\n      output_tokens: {dist: uniform, min: 20, max: 400}\n";
        yaml += fmt::format("    strategy: {}\n", pick(strategies));
    }
    if (rng.below(2) == 0) {  // naive and two others, each once
        std::vector<std::string> others(strategies.begin() + 1, strategies.end());
        const std::string first = others[rng.below(others.size())];
        others.erase(std::find(others.begin(), others.end(), first));
        yaml += fmt::format("compare:\n  strategies: [naive, {}, {}]\n", first, others[rng.below(others.size())]);
    }
    yaml += fmt::format("output: {{bin: {}}}\n", pick({"10s", "30s", "60s"}));
    return yaml;
}

// The events a world of `scenario` pushed, and how many of them the heap
// took, after running it to its end.
struct Pushes {
    std::uint64_t all = 0, heap = 0;
};
Pushes pushes_of(const scenario::ScenarioConfig& s, bool fast_paths) {
    models::WorldConfig config;
    config.api = s.api;
    config.groups = s.clients;
    config.seed = s.seed;
    config.sample_every = s.bin;
    config.arrivals_until = s.duration;
    config.fast_paths = fast_paths;
    run::MetricsSink sink(s, config.groups, "v", 0, nullptr);
    engine::Scheduler scheduler;
    models::World world(config, scheduler, sink);
    world.start();
    const std::uint64_t events = scheduler.run_until(s.time_cap(), world);
    return {events + scheduler.pending(), scheduler.queue().heap_pushes()};
}

}  // namespace

TEST_CASE("the switch turns the fast paths off: without them every event goes to the heap",
          "[fast-paths]") {
    // Naive polling of an empty bucket at a constant round trip: refused
    // answers and wakes at now are most of the events.
    const auto s = scenario::load_scenario_text(R"(name: lanes
duration: 2m
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 60, itpm: 1M, otpm: 1M}
  latency: {round_trip: 100ms}
clients:
  - name: batch
    workers: 20
    workload: {kind: batch, items: 200}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 50, output_tokens: 50}
    strategy: naive
)",
                                                "lanes.yaml", {});
    const Pushes slow = pushes_of(s, false), fast = pushes_of(s, true);
    CHECK(slow.all > 15000);  // about one event per attempt: 20261 attempts
    CHECK(slow.heap == slow.all);
    CHECK(fast.all == slow.all);
    CHECK(fast.heap < fast.all / 10);
}

namespace {

using Runs = std::vector<std::pair<std::string, std::string>>;  // a file under the source tree, its arguments

// Shortened where a full run takes more than a second or so.
const Runs kScenarios{
    {"scenarios/quickstart.yaml", ""},
    {"scenarios/retry-storm.yaml", "--set duration=15m"},
    {"scenarios/overload-529.yaml", "--set duration=32m --set drain=10m"},
    {"scenarios/overload-midstream.yaml", "--set duration=32m --set drain=10m"},
    {"scenarios/shared-org.yaml", "--replications 1 --set clients.batch.workload.items=300"},
    {"scenarios/two-services.yaml", "--replications 1 --set duration=20m --set clients.batch.workload.items=1500"},
    {"scenarios/haiku-routing.yaml", "--replications 1 --set clients.docs.workload.items=1000"},
    {"scenarios/strategy-zoo.yaml", "--replications 1 --set clients.batch.workload.items=200"},
    {"scenarios/peak-hour.yaml", "--replications 1 --set duration=6h"},
    {"scenarios/batch-vs-realtime.yaml", "--replications 1"},
    {"scenarios/azure-conv-tier2.yaml",
     "--replications 1 --set duration=20m --set 'compare={strategies: [naive, sdk-default]}'"},
    {"scenarios/workers-sweep.yaml", "--replications 1 --set clients.batch.workload.items=300"},
    {"scenarios/plan-tier.yaml", "--replications 1"},
    {"scenarios/metastable.yaml", "--set duration=36m"},
    {"scenarios/legacy-tpm.yaml", "--set duration=1h"},
};
const Runs kBenchScenarios{
    {"bench/scenarios/saturated-day.yaml", "--set duration=10m"},
    {"bench/scenarios/many-workers.yaml", "--set duration=2m"},
    {"bench/scenarios/serve-429.yaml", ""},
    {"bench/scenarios/serve-streams.yaml", ""},
};

void check_shipped(const Runs& runs) {
    const TempDir tmp;
    for (const auto& [file, args] : runs)
        check_identical(tmp, kSource + "/" + file, args, fs::path(file).stem().string());
}

}  // namespace

TEST_CASE("every shipped scenario is in the fast-path identity check", "[fast-paths]") {
    std::set<std::string> shipped, checked;
    for (const char* dir : {"scenarios", "bench/scenarios"})
        for (const auto& entry : fs::directory_iterator(fs::path(kSource) / dir))
            if (entry.path().extension() == ".yaml")
                shipped.insert(std::string(dir) + "/" + entry.path().filename().string());
    for (const Runs* runs : {&kScenarios, &kBenchScenarios})
        for (const auto& [file, _] : *runs) checked.insert(file);
    CHECK(shipped == checked);
}

TEST_CASE("the scenarios of scenarios/ write the same bytes with the fast paths on and off", "[fast-paths]") {
    check_shipped(kScenarios);
}

TEST_CASE("the scenarios of bench/scenarios/ write the same bytes with the fast paths on and off",
          "[fast-paths]") {
    check_shipped(kBenchScenarios);
}

TEST_CASE("generated scenarios write the same bytes with the fast paths on and off", "[fast-paths]") {
    const TempDir tmp;
    for (std::uint64_t n = 0; n < 16; ++n) {
        const std::string yaml = generated_scenario(n);
        INFO(yaml);
        const fs::path file = tmp / fmt::format("generated-{}.yaml", n);
        write_file(file, yaml);
        check_identical(tmp, file.string(), "", fmt::format("generated-{}", n));
    }
}

}  // namespace test_fast_path_identity
