// Experiments: sweeps (lists, ranges, --sweep), curves, paired comparisons
// on common random numbers, ordered results on a thread pool, and stopping.
#include <catch2/catch.hpp>

#include "support/program.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "sim/output/curves_file.hpp"
#include "sim/output/timeseries_file.hpp"
#include "sim/run/experiment.hpp"
#include "sim/run/metrics_sink.hpp"
#include "sim/run/metric_columns.hpp"
#include "sim/run/ordered_jobs.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/sweep_option.hpp"

namespace test_experiments {

using namespace ratesim::engine;
using namespace ratesim::scenario;
using namespace ratesim::run;
using namespace ratesim::output;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string kBase = R"(name: t
seed: 3
replications: 3
duration: 1h
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 30, itpm: 30k}
  latency: {round_trip: 100ms, time_to_first_token: {dist: uniform, min: 200ms, max: 800ms}, output_tokens_per_second: 80}
clients:
  - name: batch
    workers: 4
    workload: {kind: batch, items: 40}
    request: {model: claude-sonnet-4-5, input_tokens: {dist: uniform, min: 100, max: 900}, max_tokens: 256, output_tokens: {dist: uniform, min: 20, max: 200}}
    strategy: full-jitter
)";

std::string error_of(const std::string& yaml, const std::vector<std::string>& sets = {}) {
    try {
        load_scenario_text(yaml, "test.yaml", sets);
    } catch (const ScenarioError& e) {
        return e.what();
    }
    FAIL("no ScenarioError was thrown");
    return "";
}

std::vector<double> range(const std::string& text) {
    const std::string yaml = kBase + "sweep: {clients.batch.workers: \"" + text + "\"}\n";
    const ScenarioConfig s = load_scenario_text(yaml, "test.yaml");
    std::vector<double> values;
    for (const auto& v : s.sweep_values) values.push_back(std::stod(v));
    return values;
}

}  // namespace

TEST_CASE("A sweep list gives one resolved scenario per value", "[sweep]") {
    const ScenarioConfig s = load_scenario_text(kBase + "sweep: {clients.batch.workers: [1, 2, 8]}\n", "t");
    CHECK(s.sweep_path == "clients.batch.workers");
    CHECK(s.sweep_values == std::vector<std::string>{"1", "2", "8"});
    REQUIRE(s.sweep_points.size() == 3);
    CHECK(s.clients[0].workers == 4);  // the scenario keeps its own value
    CHECK(s.sweep_points[0].clients[0].workers == 1);
    CHECK(s.sweep_points[2].clients[0].workers == 8);
    // Everything else is the scenario's.
    CHECK(s.sweep_points[1].replications == 3);
    CHECK(s.sweep_points[1].api.pools.at(0).rpm == s.api.pools.at(0).rpm);
}

TEST_CASE("Sweep ranges expand geometrically, arithmetically or by one", "[sweep]") {
    CHECK(range("1..64 x2") == std::vector<double>{1, 2, 4, 8, 16, 32, 64});
    CHECK(range("1..50 x4") == std::vector<double>{1, 4, 16});
    CHECK(range("2..5") == std::vector<double>{2, 3, 4, 5});
    CHECK(range("10..30 +10") == std::vector<double>{10, 20, 30});
    const std::string itpm = kBase + "sweep: {api.pools.sonnet.itpm: \"20k..100k +20k\"}\n";
    const ScenarioConfig s = load_scenario_text(itpm, "t");
    CHECK(s.sweep_values == std::vector<std::string>{"20000", "40000", "60000", "80000", "100000"});
    CHECK(s.sweep_points.back().api.pools.at(0).itpm == Approx(100000));
}

TEST_CASE("Bad sweeps name the sweep and what is allowed", "[sweep]") {
    CHECK_THAT(error_of(kBase + "sweep: {clients.batch.workers: \"64..1 x2\"}\n"),
               Contains("runs backwards"));
    CHECK_THAT(error_of(kBase + "sweep: {clients.batch.workers: \"1..64 x1\"}\n"),
               Contains("would never reach the end"));
    CHECK_THAT(error_of(kBase + "sweep: {clients.batch.workers: \"1..1M\"}\n"),
               Contains("more than 1000 values"));
    CHECK_THAT(error_of(kBase + "sweep: {clients.batch.workers: []}\n"), Contains("the list of values is empty"));
    CHECK_THAT(error_of(kBase + "sweep: {clients.batch.workers: [1, 2, 1]}\n"), Contains("appears twice"));
    CHECK_THAT(error_of(kBase + "sweep: {clients.batch.workers: [1], seed: [1, 2]}\n"),
               Contains("a sweep varies one path; found 2"));
    // A value the field refuses is reported at the value, naming the sweep.
    const std::string bad = kBase + "sweep: {clients.batch.workers: [2, -1]}\n";
    const std::string message = error_of(bad);
    CHECK_THAT(message, StartsWith("test.yaml:15:36: sweep clients.batch.workers=-1: error: "));
    CHECK_THAT(message, Contains("workers"));
    // A path that does not exist lists what does.
    CHECK_THAT(error_of(kBase + "sweep: {clients.nobody.workers: [1]}\n"),
               Contains("has no element 'nobody'"));
}

TEST_CASE("A sweep over tier presets merges each tier's limits", "[sweep]") {
    std::string yaml = kBase;
    yaml.replace(yaml.find("  pools:\n    sonnet: {models: [claude-sonnet-4-5], rpm: 30, itpm: 30k}\n"),
                 std::string("  pools:\n    sonnet: {models: [claude-sonnet-4-5], rpm: 30, itpm: 30k}\n").size(),
                 "  preset: anthropic-2025/tier-1\n");
    const ScenarioConfig s = load_scenario_text(
        yaml + "sweep: {api.preset: [anthropic-2025/tier-1, anthropic-2025/tier-3]}\n", "t");
    REQUIRE(s.sweep_points.size() == 2);
    auto sonnet_rpm = [](const ScenarioConfig& c) {
        for (const auto& pool : c.api.pools)
            for (const auto& model : pool.models)
                if (model == "claude-sonnet-4-5") return *pool.rpm;
        return -1.0;
    };
    CHECK(sonnet_rpm(s.sweep_points[0]) == 50);
    CHECK(sonnet_rpm(s.sweep_points[1]) == 2000);
}

TEST_CASE("The --sweep option means the same as the sweep section", "[sweep]") {
    const ScenarioConfig listed =
        load_scenario_text(kBase, "t", {sweep_option_as_set("clients.batch.workers=1,3")});
    CHECK(listed.sweep_values == std::vector<std::string>{"1", "3"});
    CHECK(listed.sweep_points.at(1).clients[0].workers == 3);
    const ScenarioConfig ranged =
        load_scenario_text(kBase, "t", {sweep_option_as_set("clients.batch.workers=1..8x2")});
    CHECK(ranged.sweep_values == std::vector<std::string>{"1", "2", "4", "8"});
    CHECK_THROWS_AS(sweep_option_as_set("no-equals-sign"), ScenarioError);
    // Durations sweep too, and a bad value names the option.
    const ScenarioConfig bursts =
        load_scenario_text(kBase, "t", {sweep_option_as_set("api.burst=1s..60sx2")});
    CHECK(bursts.sweep_values == std::vector<std::string>{"1s", "2s", "4s", "8s", "16s", "32s"});
    CHECK(bursts.sweep_points.at(3).api.burst == seconds(8));
    CHECK_THAT(error_of(kBase, {sweep_option_as_set("clients.batch.workers=2,0")}),
               StartsWith("--sweep clients.batch.workers=0: error: "));
}

TEST_CASE("A sweep produces one curve point per value and strategy", "[sweep]") {
    const std::string yaml = kBase + "compare: {strategies: [naive, full-jitter, header-proactive]}\n"
                                     "sweep: {clients.batch.workers: [1, 4]}\n";
    const ScenarioConfig s = load_scenario_text(yaml, "t");
    ExperimentOptions options;
    options.threads = 2;
    const auto results = run_experiment(s, options);
    REQUIRE(results.size() == 6);
    CHECK(results[0].variant.name == "naive workers=1");
    CHECK(results[5].variant.name == "header-proactive workers=4");
    for (const auto& r : results) CHECK(r.runs.size() == 3);

    const ratesim::testing::TempDir tmp;
    const auto file = tmp / "curves.csv";
    write_curves_csv(file, s.sweep_path, results);
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    CHECK(line == "parameter,value,strategy,metric,mean,ci_low,ci_high");
    std::set<std::string> points;
    std::size_t rows = 0;
    while (std::getline(in, line)) {
        ++rows;
        std::istringstream fields(line);
        std::string parameter, value, strategy, metric, mean, low, high;
        std::getline(fields, parameter, ',');
        std::getline(fields, value, ',');
        std::getline(fields, strategy, ',');
        std::getline(fields, metric, ',');
        std::getline(fields, mean, ',');
        std::getline(fields, low, ',');
        std::getline(fields, high, ',');
        CHECK(parameter == "clients.batch.workers");
        if (metric == "attempts") {
            points.insert(value + "/" + strategy);
            CHECK(std::stod(low) <= std::stod(mean));
            CHECK(std::stod(mean) <= std::stod(high));
        }
    }
    CHECK(rows == 6 * metric_columns().size());
    CHECK(points == std::set<std::string>{"1/naive", "1/full-jitter", "1/header-proactive", "4/naive",
                                          "4/full-jitter", "4/header-proactive"});
    // One worker never meets a 429 from a 30 RPM pool it cannot outrun alone.
    CHECK(results[0].summary.mean[0] == 40);
}

TEST_CASE("Two identical strategies under two labels differ by exactly zero in every replication",
          "[paired]") {
    // Common random numbers: replication r gives every variant the same items,
    // sizes, latencies and jitter streams, so the paired difference of
    // identical strategies has zero variance, not merely a small one.
    const std::string yaml = kBase + R"(compare:
  strategies:
    - {name: a, retry: {kind: full-jitter, base: 500ms, cap: 20s}}
    - {name: b, retry: {kind: full-jitter, base: 500ms, cap: 20s}}
    - {name: c, retry: {kind: full-jitter, base: 1s, cap: 20s}}
)";
    ExperimentOptions options;
    const auto results = run_experiment(load_scenario_text(yaml, "t"), options);
    REQUIRE(results.size() == 3);
    const auto& columns = metric_columns();
    bool c_differs = false;
    for (std::size_t rep = 0; rep < 3; ++rep)
        for (const auto& column : columns) {
            const double a = column.get(results[0].runs[rep]), b = column.get(results[1].runs[rep]);
            INFO(column.name << " replication " << rep);
            if (std::isnan(a)) CHECK(std::isnan(b));
            else CHECK(a - b == 0.0);
            c_differs |= column.get(results[2].runs[rep]) != a;
        }
    // ...while another strategy on the same numbers does differ.
    CHECK(c_differs);
    // The paired difference the summary reports: zero, with zero variance.
    CHECK(results[0].paired_baseline.empty());
    CHECK(results[1].paired_baseline == "a");
    CHECK(results[2].paired_baseline == "a");
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const std::size_t i = c;
        INFO(columns[c].name);
        if (std::isnan(results[0].summary.mean[i])) continue;
        CHECK(results[1].paired_difference.mean[i] == 0.0);
        CHECK(results[1].paired_difference.half_width[i] == 0.0);
    }
    // And the replications themselves are independent draws.
    CHECK(results[0].runs[0].latency_p50_s != results[0].runs[1].latency_p50_s);
}

TEST_CASE("The thread count changes neither the results nor the time series", "[threads]") {
    const std::string yaml = kBase + "compare: {strategies: [naive, exponential, full-jitter]}\n"
                                     "sweep: {clients.batch.workers: [2, 6]}\n";
    const ScenarioConfig s = load_scenario_text(yaml, "t");
    auto run = [&](int threads, std::string& rows) {
        const ratesim::testing::TempDir tmp;
        const auto file = tmp / "timeseries.csv";
        std::vector<VariantResult> results;
        {
            TimeseriesWriter timeseries(file);
            ExperimentOptions options;
            options.threads = threads;
            options.timeseries = &timeseries;
            results = run_experiment(s, options);
            timeseries.check_written();
        }
        std::ifstream in(file);
        rows.assign(std::istreambuf_iterator<char>(in), {});
        return results;
    };
    std::string one_rows, many_rows;
    const auto one = run(1, one_rows);
    const auto many = run(5, many_rows);
    CHECK(!one_rows.empty());
    CHECK(one_rows == many_rows);
    REQUIRE(one.size() == many.size());
    for (std::size_t v = 0; v < one.size(); ++v)
        for (std::size_t rep = 0; rep < one[v].runs.size(); ++rep)
            for (const auto& column : metric_columns()) {
                const double a = column.get(one[v].runs[rep]), b = column.get(many[v].runs[rep]);
                INFO(one[v].variant.name << " " << column.name);
                CHECK((a == b || (std::isnan(a) && std::isnan(b))));
            }
}

TEST_CASE("A long run's series goes to the writer in parts and writes the rows it writes whole",
          "[threads]") {
    // 40 minutes of 1 s bins, two groups: each run closes 2400 bins of
    // three counts and one level, about ten parts of kSeriesPart bins.
    const std::string yaml = R"(name: parts
seed: 5
replications: 2
duration: 40m
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 60, itpm: 100k}
  latency: {round_trip: 100ms}
clients:
  - name: a
    workers: 3
    workload: {kind: poisson, rate: 80/min}
    request: {model: claude-sonnet-4-5, input_tokens: 200, max_tokens: 100, output_tokens: 50}
    strategy: full-jitter
  - name: b
    workers: 2
    workload: {kind: poisson, rate: 20/min}
    request: {model: claude-sonnet-4-5, input_tokens: 200, max_tokens: 100, output_tokens: 50}
    strategy: naive
compare: {strategies: [naive, exponential]}
output: {bin: 1s}
)";
    const ScenarioConfig s = load_scenario_text(yaml, "t");
    const ratesim::testing::TempDir tmp;
    // Whole: each run's series kept to its end, then written.
    {
        TimeseriesWriter whole(tmp / "whole.csv");
        const auto cells = cells_of(s);
        for (const RunSlot& slot : run_slots(cells)) {
            RunSeries series;
            run_once(*cells[slot.cell].scenario, cells[slot.cell].variant, slot.replication, &series);
            REQUIRE(series.bins.size() > 4 * ratesim::run::MetricsSink::kSeriesPart);
            whole.take(series);
        }
        whole.check_written();
    }
    // Counts the parts it forwards.
    struct Counting final : SeriesReceiver {
        SeriesReceiver& to;
        std::size_t parts = 0, most_bins = 0;
        explicit Counting(SeriesReceiver& t) : to(t) {}
        void take(const RunSeries& part) override {
            ++parts;
            most_bins = std::max(most_bins, part.bins.size());
            to.take(part);
        }
    };
    const auto streamed = [&](int threads, const std::string& name, std::size_t& parts, std::size_t& most_bins) {
        TimeseriesWriter writer(tmp / name);
        Counting counting(writer);
        ExperimentOptions options;
        options.threads = threads;
        options.timeseries = &counting;
        run_experiment(s, options);
        writer.check_written();
        parts = counting.parts;
        most_bins = counting.most_bins;
        return ratesim::testing::read_file(tmp / name);
    };
    std::size_t parts_one = 0, most_one = 0, parts_three = 0, most_three = 0;
    const std::string whole = ratesim::testing::read_file(tmp / "whole.csv");
    const std::string one = streamed(1, "one.csv", parts_one, most_one);
    const std::string three = streamed(3, "three.csv", parts_three, most_three);
    CHECK(whole.size() > 1'000'000);
    CHECK(one == whole);
    CHECK(three == whole);
    // One thread: every run streams; no part holds more than kSeriesPart
    // bins plus one bin's entries (four here).
    CHECK(parts_one > 4 * 4);
    CHECK(most_one <= ratesim::run::MetricsSink::kSeriesPart + 4);
    CHECK(parts_three >= 4);
}

TEST_CASE("Ordered jobs are delivered in job order at any thread count", "[threads]") {
    for (int threads : {1, 2, 7}) {
        std::vector<int> order;
        std::vector<std::string> texts(50);
        OrderedJobs jobs;
        jobs.count = 50;
        jobs.threads = threads;
        jobs.run = [&](int i) {
            // Uneven work, so later jobs often finish first.
            std::uint64_t x = 0;
            for (int k = 0; k < (50 - i) * 2000; ++k) x = x * 6364136223846793005ULL + 1;
            texts[static_cast<std::size_t>(i)] = std::to_string(i) + (x == 42 ? "!" : "");
        };
        jobs.deliver = [&](int i) {
            CHECK(texts[static_cast<std::size_t>(i)] == std::to_string(i));
            order.push_back(i);
        };
        CHECK(run_ordered(jobs) == 50);
        std::vector<int> expected(50);
        for (int i = 0; i < 50; ++i) expected[static_cast<std::size_t>(i)] = i;
        CHECK(order == expected);
    }
}

TEST_CASE("A failing job stops the rest and its error reaches the caller", "[threads]") {
    std::atomic<int> started{0};
    std::vector<int> delivered;
    OrderedJobs jobs;
    jobs.count = 100;
    jobs.threads = 3;
    jobs.run = [&](int i) {
        ++started;
        if (i == 5) throw std::runtime_error("job 5 failed");
    };
    jobs.deliver = [&](int i) { delivered.push_back(i); };
    CHECK_THROWS_WITH(run_ordered(jobs), "job 5 failed");
    for (int i : delivered) CHECK(i < 5);
    CHECK(started.load() < 100);
}

TEST_CASE("A stop request ends an experiment with Interrupted", "[threads]") {
    const ScenarioConfig s = load_scenario_text(kBase, "t");
    std::atomic<bool> stop{true};
    ExperimentOptions options;
    options.stop = &stop;
    CHECK_THROWS_AS(run_experiment(s, options), Interrupted);
    CHECK_THROWS_AS(run_once(s, variants_of(s).front(), 0, nullptr, &stop), Interrupted);
    stop = false;
    CHECK_NOTHROW(run_experiment(s, options));
}

TEST_CASE("The paired difference is each variant minus the first, with its sign: 14 more attempts",
          "[experiment]") {
    // 20 workers send 20 items at once into a 6 RPM bucket (capacity 6, one
    // more each 10 s). The first variant never retries: 20 attempts, 14
    // refused. The second retries each refusal once after 1 s, when the
    // bucket holds 0.1 of a request: 34 attempts, 28 refused, in every
    // replication, so the difference is exactly +14 with no spread.
    const std::string yaml = R"(name: t
replications: 3
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 6}
  latency: {round_trip: 100ms, time_to_first_token: 100ms, output_tokens_per_second: 1000}
clients:
  - name: a
    workers: 20
    workload: {kind: batch, items: 20}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 10, output_tokens: 10}
    strategy: naive
compare:
  strategies:
    - {name: give-up, retry: none}
    - {name: once, retry: {kind: fixed, delay: 1s, max_retries: 1}}
)";
    const auto results = run_experiment(load_scenario_text(yaml, "t"), ExperimentOptions{});
    REQUIRE(results.size() == 2);
    const auto& columns = metric_columns();
    auto at = [&](const char* name) {
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (std::string(columns[c].name) == name) return c;
        FAIL("no column " << name);
        return std::size_t{0};
    };
    for (const auto& run : results[0].runs) {
        CHECK(run.attempts == 20);
        CHECK(run.r429 == 14);
    }
    for (const auto& run : results[1].runs) {
        CHECK(run.attempts == 34);
        CHECK(run.r429 == 28);
        CHECK(run.succeeded == 6);
    }
    CHECK(results[1].paired_baseline == "give-up");
    const auto& diff = results[1].paired_difference;
    CHECK(diff.mean[at("attempts")] == 14.0);
    CHECK(diff.mean[at("r429")] == 14.0);
    CHECK(diff.mean[at("succeeded")] == 0.0);
    CHECK(diff.half_width[at("attempts")] == 0.0);
}

}  // namespace test_experiments
