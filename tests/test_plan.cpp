// `ratesim plan`: targets, the search over candidates and the bisection,
// on scenarios whose answer is known in advance.
#include <catch2/catch.hpp>

#include "support/program.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "sim/output/plan_plots.hpp"
#include "sim/output/plan_report.hpp"
#include "sim/run/plan.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/sweep_option.hpp"

namespace test_plan {

using namespace ratesim::engine;
using namespace ratesim::scenario;
using namespace ratesim::run;
using namespace ratesim::output;
using Catch::Matchers::Contains;

namespace {

// One worker, 60 items, a fixed one-second answer: the makespan is set by
// the pool's RPM alone. A full bucket of R requests, then R per minute, so
// about (60 - R) / R minutes: 11 min at 5 RPM, 5 min at 10, 1 min at 30.
const std::string kOneWorker = R"(name: one-worker
duration: 1h
replications: 2
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 10}
  latency: {round_trip: 100ms, time_to_first_token: 900ms, output_tokens_per_second: 1000000}
clients:
  - name: job
    workers: 1
    workload: {kind: batch, items: 60}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 10, output_tokens: 1}
    strategy: retry-after
)";

std::vector<PlanTarget> targets(std::initializer_list<const char*> texts) {
    std::vector<PlanTarget> out;
    for (const char* t : texts) out.push_back(parse_plan_target(t, "test"));
    return out;
}

}  // namespace

TEST_CASE("Targets parse metrics, directions, durations and percentages", "[plan]") {
    const PlanTarget makespan = parse_plan_target("makespan <= 1h", "t");
    CHECK(makespan.metric == "makespan_s");
    CHECK(makespan.at_most);
    CHECK(makespan.bound == 3600);
    CHECK(makespan.seconds);
    const PlanTarget rate = parse_plan_target("rate_429<=1%", "t");
    CHECK(rate.metric == "rate_429");
    CHECK(rate.bound == Approx(0.01));
    CHECK(parse_plan_target("rate_429 <= 0.01", "t").bound == Approx(0.01));
    const PlanTarget goodput = parse_plan_target("goodput_itpm >= 450k", "t");
    CHECK_FALSE(goodput.at_most);
    CHECK(goodput.bound == 450000);
    CHECK(parse_plan_target("latency_p99 <= 30s", "t").metric == "latency_p99_s");

    CHECK_THROWS_WITH(parse_plan_target("makespan < 1h", "--target makespan < 1h"),
                      Contains("--target makespan < 1h: error: target 'makespan < 1h': no '<=' or '>='"));
    CHECK_THROWS_WITH(parse_plan_target("makespam <= 1h", "t"), Contains("unknown metric 'makespam'"));
    CHECK_THROWS_WITH(parse_plan_target("makespan <= soon", "t"), Contains("is not a duration"));
    CHECK_THROWS_WITH(parse_plan_target("rate_429 <= lots", "t"), Contains("is not a number"));
}

TEST_CASE("A target is met only when the whole confidence interval is inside it", "[plan]") {
    const PlanTarget at_most = parse_plan_target("rate_429 <= 1%", "t");
    CHECK(check_target(at_most, 0.008, 0.001).met);
    CHECK(check_target(at_most, 0.008, 0.001).margin == Approx(0.001));
    CHECK_FALSE(check_target(at_most, 0.008, 0.003).met);  // the mean is inside, the interval is not
    CHECK(check_target(at_most, 0.008, std::nan("")).met);  // one replication: the mean decides
    CHECK_FALSE(check_target(at_most, std::nan(""), 0).met);
    const PlanTarget at_least = parse_plan_target("goodput_rpm >= 40", "t");
    CHECK(check_target(at_least, 45, 4).met);
    CHECK_FALSE(check_target(at_least, 45, 6).met);
    CHECK(check_target(at_least, 45, 6).margin == Approx(-1));
}

TEST_CASE("Plan search picks the only candidate that meets the target", "[plan]") {
    const ScenarioConfig swept =
        load_scenario_text(kOneWorker, "t", {sweep_option_as_set("api.pools.sonnet.rpm=5,10,30")});
    ExperimentOptions options;
    options.threads = 2;
    const PlanResult plan = plan_search(swept, targets({"makespan <= 3m"}), options);
    REQUIRE(plan.answers.size() == 1);
    REQUIRE(plan.probes.size() == 3);
    CHECK_FALSE(plan.probes[0].met);
    CHECK_FALSE(plan.probes[1].met);
    CHECK(plan.probes[2].met);
    REQUIRE(plan.answers[0].probe);
    CHECK(plan.probes[*plan.answers[0].probe].value == "30");
    // The makespans follow (60 - R) / R minutes plus the last answer.
    const std::size_t makespan = parse_plan_target("makespan <= 1h", "t").column;
    CHECK(plan.probes[0].result.summary.mean[makespan] == Approx(11 * 60).epsilon(0.02));

    // With a target nobody meets, there is no answer, and it says so.
    const PlanResult none = plan_search(swept, targets({"makespan <= 10s"}), options);
    CHECK_FALSE(none.answers[0].probe);
    CHECK_THAT(plan_answer(none, targets({"makespan <= 10s"})),
               Contains("retry-after: none of the candidates meets every target"));
}

TEST_CASE("A candidate whose strategy gives up on items does not meet the targets", "[plan]") {
    // No retries: once the bucket is empty every item fails at once, so the
    // batch "finishes" fast by doing less. The implied targets catch it.
    PlanConfig config;
    config.targets = {{"makespan <= 3m", "test"}};
    const ScenarioConfig swept = load_scenario_text(
        kOneWorker, "t",
        {"clients.job.strategy={retry: {kind: none}}", sweep_option_as_set("api.pools.sonnet.rpm=5,30")});
    const std::vector<PlanTarget> with_implied = plan_targets(config, swept.clients);
    REQUIRE(with_implied.size() == 3);
    CHECK(with_implied[1].text == "failed <= 0");
    CHECK(with_implied[2].text == "pending <= 0");
    CHECK(with_implied[2].implied);
    const PlanResult plan = plan_search(swept, with_implied, ExperimentOptions{});
    REQUIRE(plan.probes.size() == 2);
    CHECK(plan.probes[0].checks[0].met);       // the makespan alone looks fine...
    CHECK_FALSE(plan.probes[0].checks[1].met);  // ...because items failed
    CHECK_FALSE(plan.probes[0].met);
    // plan.txt lists every target, the implied ones too.
    {
        const ratesim::testing::TempDir files;
        CHECK_THAT(write_plan_files(files.path(), swept, config, plan, with_implied, false, nullptr).text,
                   Contains("; targets: makespan <= 3m, failed <= 0, pending <= 0\n"));
    }
    // Its plot draws it hollow (it did not finish), whatever the makespan target says.
    const ratesim::testing::TempDir tmp;
    const auto& dir = tmp.path();
    write_plan_plots(dir, plan, with_implied);
    std::ifstream dat(dir / "plan_makespan_s.dat");
    std::string line;
    std::vector<bool> hollow, gave_up;
    while (std::getline(dat, line))
        if (!line.empty() && line[0] != '#') {
            std::istringstream fields(line);
            const std::vector<std::string> f{std::istream_iterator<std::string>(fields), {}};
            REQUIRE(f.size() == 7);
            hollow.push_back(f[6] != "NaN");
        }
    for (const std::size_t probe : probes_by_value(plan, plan.answers[0].strategy))
        gave_up.push_back(!plan.probes[probe].checks[1].met || !plan.probes[probe].checks[2].met);
    CHECK(hollow == gave_up);
    CHECK(std::count(gave_up.begin(), gave_up.end(), true) > 0);
    std::ifstream gp(dir / "plan_makespan_s.gp");
    const std::string script((std::istreambuf_iterator<char>(gp)), std::istreambuf_iterator<char>());
    CHECK_THAT(script, Contains("'hollow: did not finish every item'"));
    // A target about items replaces the implied ones.
    config.targets.push_back({"failed <= 5", "test"});
    CHECK(plan_targets(config, swept.clients).size() == 2);
}

TEST_CASE("Plan bisection finds the smallest RPM that meets the target", "[plan]") {
    // (60 - R) / R <= 3 minutes needs R >= 15; the one-second answers and
    // the last item's own time put the threshold at 15 or 16.
    ExperimentOptions options;
    options.threads = 2;
    auto at = [&](const std::string& v) { return load_scenario_text(kOneWorker, "t", {"api.pools.sonnet.rpm=" + v}); };
    const PlanResult plan = plan_bisect("api.pools.sonnet.rpm", 5, 60, at, targets({"makespan <= 3m"}), options);
    REQUIRE(plan.answers.size() == 1);
    REQUIRE(plan.answers[0].probe);
    const PlanProbe& answer = plan.probes[*plan.answers[0].probe];
    const int rpm = std::stoi(answer.value);
    CHECK(rpm >= 15);
    CHECK(rpm <= 16);
    CHECK(answer.met);
    // Bisection ends on neighbours: one less was tried and missed.
    bool below_missed = false;
    for (const auto& p : plan.probes) below_missed |= p.value == std::to_string(rpm - 1) && !p.met;
    CHECK(below_missed);
    // And the whole interval missing is reported, not papered over.
    const PlanResult none = plan_bisect("api.pools.sonnet.rpm", 5, 12, at, targets({"makespan <= 3m"}), options);
    CHECK_FALSE(none.answers[0].probe);
    CHECK_THAT(none.answers[0].why, Contains("even api.pools.sonnet.rpm = 12 misses a target"));
}

TEST_CASE("The plan section is read with its targets and candidates", "[plan]") {
    const ScenarioConfig s = load_scenario_text(
        kOneWorker + "plan: {targets: [makespan <= 3m], search: {api.pools.sonnet.rpm: \"5..40 x2\"}}\n", "t.yaml");
    REQUIRE(s.plan.targets.size() == 1);
    CHECK(s.plan.targets[0].text == "makespan <= 3m");
    CHECK(s.plan.targets[0].where == "t.yaml:14:18");
    CHECK(s.plan.mode == PlanConfig::Mode::search);
    CHECK(s.plan.values == std::vector<std::string>{"5", "10", "20", "40"});
    const ScenarioConfig b = load_scenario_text(
        kOneWorker + "plan: {targets: [makespan <= 3m], bisect: {api.pools.sonnet.rpm: 5..60}}\n", "t.yaml");
    CHECK(b.plan.mode == PlanConfig::Mode::bisect);
    CHECK(b.plan.low == 5);
    CHECK(b.plan.high == 60);
    CHECK_THROWS_WITH(
        load_scenario_text(kOneWorker + "plan: {bisect: {api.pools.sonnet.rpm: 60..5}}\n", "t.yaml"),
        Contains("the interval '60..5' is empty"));
    CHECK_THROWS_WITH(load_scenario_text(kOneWorker + "plan: {search: {a: [1]}, tiers: x}\n", "t.yaml"),
                      Contains("give one of search, bisect and tiers"));
    CHECK_THROWS_WITH(load_scenario_text(kOneWorker + "plan: {targts: []}\n", "t.yaml"), Contains("targets"));
}

TEST_CASE("Plan plots draw each target against the candidates with the target line", "[plan]") {
    const ScenarioConfig swept =
        load_scenario_text(kOneWorker, "t", {sweep_option_as_set("api.pools.sonnet.rpm=5,10,30")});
    const auto wanted = targets({"makespan <= 3m", "rate_429 <= 50%"});
    const PlanResult plan = plan_search(swept, wanted, ExperimentOptions{});
    const ratesim::testing::TempDir tmp;
    const auto& dir = tmp.path();
    const auto scripts = write_plan_plots(dir, plan, wanted);
    CHECK(scripts == std::vector<std::string>{"plan_makespan_s.gp", "plan_rate_429.gp"});
    std::ifstream gp(dir / "plan_rate_429.gp");
    const std::string script((std::istreambuf_iterator<char>(gp)), std::istreambuf_iterator<char>());
    CHECK_THAT(script, Contains("50 with lines dt 2"));  // the target, in percent
    CHECK_THAT(script, Contains("target: rate_429 <= 50%"));
    std::ifstream dat(dir / "plan_makespan_s.dat");
    std::string line;
    std::vector<double> xs;
    while (std::getline(dat, line))
        if (!line.empty() && line[0] != '#') xs.push_back(std::stod(line.substr(0, line.find(' '))));
    CHECK(xs == std::vector<double>{5, 10, 30});
    // makespan <= 3m: drawn in minutes, each candidate that misses crossed out.
    std::ifstream makespan_gp(dir / "plan_makespan_s.gp");
    const std::string makespan_script((std::istreambuf_iterator<char>(makespan_gp)), std::istreambuf_iterator<char>());
    CHECK_THAT(makespan_script, Contains("set ylabel 'makespan (min), mean and 95% interval'"));
    CHECK_THAT(makespan_script, Contains("3 with lines dt 2"));
    std::ifstream again(dir / "plan_makespan_s.dat");
    std::vector<bool> crossed, expected;
    while (std::getline(again, line))
        if (!line.empty() && line[0] != '#') {
            std::istringstream fields(line);
            std::vector<std::string> f{std::istream_iterator<std::string>(fields), {}};
            REQUIRE(f.size() == 7);
            crossed.push_back(f[5] != "NaN");
        }
    for (const auto& answer : plan.answers)
        for (const std::size_t probe : probes_by_value(plan, answer.strategy))
            expected.push_back(!plan.probes[probe].checks[0].met);
    CHECK(crossed == expected);
    CHECK(std::count(expected.begin(), expected.end(), true) > 0);   // 5 requests/min cannot finish in 3m
    CHECK(std::count(expected.begin(), expected.end(), false) > 0);
}

TEST_CASE("a plan plot states a target's metric in the unit its bound was written in", "[plan]") {
    CHECK(target_unit(parse_plan_target("makespan <= 30m", "t")).name == "min");
    CHECK(target_unit(parse_plan_target("makespan <= 30m", "t")).scale == Approx(1.0 / 60));
    CHECK(target_unit(parse_plan_target("latency_p99<=10s", "t")).name == "s");
    CHECK(target_unit(parse_plan_target("latency_p50 <= 800ms", "t")).scale == 1000);
    CHECK(target_unit(parse_plan_target("makespan <= 2h", "t")).name == "h");
    CHECK(target_unit(parse_plan_target("rate_429 <= 1%", "t")).name == "%");
    CHECK(target_unit(parse_plan_target("goodput_rpm >= 30", "t")).name.empty());
}

}  // namespace test_plan
