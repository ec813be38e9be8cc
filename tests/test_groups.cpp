// Results per client group, open-loop groups that end, and plan targets
// that name a group: the groups' counters add up to the organization's
// (counted on their own), a Poisson group owes only what arrived in its
// window, and a plan judges each target on its group's figures.
//
// The golden file tests/golden/two-groups/summary.csv pins the per-group
// rows of tests/golden/two-groups/scenario.yaml. To regenerate it after a
// deliberate change: `sh scripts/regen-goldens.sh two-groups`, which prints the diff.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <sstream>

#include "sim/output/comparison_table.hpp"
#include "sim/output/plan_report.hpp"
#include "sim/output/summary_files.hpp"
#include "sim/run/experiment.hpp"
#include "sim/run/metric_columns.hpp"
#include "sim/run/plan.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/sweep_option.hpp"
#include "support/program.hpp"

namespace test_groups {

using namespace ratesim;
using namespace ratesim::run;
using Catch::Matchers::Contains;
using ratesim::testing::kSource;

namespace {

const std::string kTwoGroups = kSource + "/tests/golden/two-groups/scenario.yaml";

// The counters that are sums over items or attempts, so over groups too.
const std::vector<std::string> kAdditive = {
    "items", "succeeded", "failed", "pending", "in_progress", "unserved", "owed", "attempts", "ok", "r429",
    "r529", "r5xx", "timeouts", "midstream_errors", "never_admissible", "r429_requests", "r429_input_tokens",
    "r429_output_tokens", "r429_spend_limit", "cost_usd", "wasted_usd"};

double column(const RunMetrics& m, const std::string& name) {
    for (const auto& c : metric_columns())
        if (name == c.name) return c.get(m);
    FAIL("no column " << name);
    return NAN;
}

// One Poisson group of 4 workers at 1 request/s, answered in about a second,
// against an RPM limit: at rpm 120 it offers half the limit, at 30 twice.
const std::string kPoisson = R"(name: poisson-plan
duration: 10m
replications: 3
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 120}
  latency: {round_trip: 100ms, time_to_first_token: 900ms, output_tokens_per_second: 1000000}
clients:
  - name: chat
    workers: 4
    workload: {kind: poisson, rate: 1/s}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 10, output_tokens: 1}
    strategy: retry-after
)";

}  // namespace

TEST_CASE("Each group's additive counters sum to the organization's row, which counts on its own",
          "[groups]") {
    const scenario::ScenarioConfig s = scenario::load_scenario(kTwoGroups);
    ExperimentOptions options;
    options.threads = 2;
    const std::vector<VariantResult> results = run_experiment(s, options);
    REQUIRE(results.size() == 2);
    for (const auto& r : results) {
        REQUIRE(r.groups.size() == 2);
        CHECK(r.groups[0].name == "chat");
        CHECK(r.groups[1].name == "nightly");
        for (const auto& run : r.runs) {
            REQUIRE(run.groups.size() == 2);
            CHECK(run.group == "all");
            for (const auto& name : kAdditive) {
                INFO(r.variant.name << " replication " << run.replication << ": " << name);
                CHECK(column(run.groups[0], name) + column(run.groups[1], name) ==
                      Approx(column(run, name)).margin(1e-9));
            }
            // Both groups did work, so the sums are not 0 = 0 + 0.
            CHECK(run.groups[0].succeeded > 0);
            CHECK(run.groups[1].succeeded == 60);
            CHECK(run.pending == run.in_progress + run.unserved);
        }
        // Makespan is the batch's own; the Poisson group has none, so the organization neither.
        CHECK(std::isnan(column(r.runs[0], "makespan_s")));
        CHECK(std::isnan(column(r.runs[0].groups[0], "makespan_s")));
        CHECK(column(r.runs[0].groups[1], "makespan_s") > 0);
        // Quantiles are not additive: the chat's p99 is its own, below the batch's.
        CHECK(column(r.runs[0].groups[0], "latency_p99_s") < column(r.runs[0].groups[1], "latency_p99_s"));
    }
    // The group view gives the group's figures under the variant's name.
    const std::vector<VariantResult> chat = group_view(results, 0);
    CHECK(chat[1].variant.name == "header-proactive");
    for (const char* name : {"succeeded", "attempts", "latency_p99_s"}) {
        std::size_t c = 0;
        while (metric_columns()[c].name != std::string(name)) ++c;
        INFO(name);
        CHECK(chat[1].summary.mean[c] == results[1].groups[0].summary.mean[c]);
        CHECK(chat[1].paired_difference.mean[c] == results[1].groups[0].paired_difference.mean[c]);
        CHECK(chat[1].runs[0].groups.empty());
    }
}

TEST_CASE("Golden output: a two-group scenario's summary.csv, rows per group", "[groups][determinism]") {
    testing::TempDir tmp;
    REQUIRE(testing::run_ratesim(fmt::format("run {} -o {} --quiet --no-plots", testing::quote(kTwoGroups),
                                             testing::quote((tmp / "tg").string())),
                                 tmp.path()) == 0);
    const std::string expected = testing::read_file(kSource + "/tests/golden/two-groups/summary.csv");
    const std::string actual = testing::read_file(tmp / "tg" / "summary.csv");
    REQUIRE_FALSE(expected.empty());
    CHECK(actual == expected);
    // Each replication's all row, then one per group; then the means likewise.
    std::istringstream lines(actual);
    std::string line;
    std::vector<std::string> starts;
    while (std::getline(lines, line)) starts.push_back(line.substr(0, line.find(',', line.find(',') + 1)));
    CHECK(starts == std::vector<std::string>{"variant,group", "exponential,all", "exponential,chat",
                                             "exponential,nightly", "exponential,all", "exponential,chat",
                                             "exponential,nightly", "exponential,all", "exponential,chat",
                                             "exponential,nightly", "header-proactive,all",
                                             "header-proactive,chat", "header-proactive,nightly",
                                             "header-proactive,all", "header-proactive,chat",
                                             "header-proactive,nightly", "header-proactive,all",
                                             "header-proactive,chat", "header-proactive,nightly"});
    // timeseries.csv: per-group counts add up to the organization's, bin by bin.
    std::map<std::string, double> all, groups;
    std::istringstream series(testing::read_file(tmp / "tg" / "timeseries.csv"));
    std::getline(series, line);
    CHECK(line == "variant,group,replication,t_s,metric,value");
    int group_rows = 0;
    while (std::getline(series, line)) {
        std::vector<std::string> f;
        std::istringstream fields(line);
        for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
        REQUIRE(f.size() == 6);
        if (f[4] != "ok" && f[4] != "attempts" && f[4] != "r429") continue;
        const std::string key = f[0] + "," + f[2] + "," + f[3] + "," + f[4];
        if (f[1] == "all") {
            all[key] += std::stod(f[5]);
        } else {
            groups[key] += std::stod(f[5]);
            ++group_rows;
        }
    }
    CHECK(group_rows > 0);
    CHECK(all == groups);
}

TEST_CASE("A Poisson group's arrivals stop at duration, and the run drains what arrived", "[groups]") {
    const scenario::ScenarioConfig s = scenario::load_scenario_text(kPoisson, "p.yaml");
    CHECK(s.drain_limit() == engine::seconds(60));  // duration / 10 by default
    const RunMetrics m = run_once(s, variants_of(s).front(), 0, nullptr);
    CHECK(m.pending == 0);
    CHECK(m.items == m.succeeded);
    CHECK(m.items > 540);  // about 600 arrivals in 10 minutes
    CHECK(m.items < 660);
    CHECK(m.simulated_s > 600);  // the last arrivals finished after the window
    CHECK(m.simulated_s < 610);
    // Without a drain the run stops at the window's end with requests in flight,
    // counted apart from items never served.
    const scenario::ScenarioConfig no_drain = scenario::load_scenario_text(kPoisson, "p.yaml", {"drain=0"});
    std::int64_t in_progress = 0;
    for (int rep = 0; rep < 3; ++rep) {
        const RunMetrics cut = run_once(no_drain, variants_of(no_drain).front(), rep, nullptr);
        CHECK(cut.simulated_s == 600);
        CHECK(cut.pending == cut.in_progress + cut.unserved);
        CHECK(cut.owed == cut.unserved);  // an open-loop group owes no request still in flight
        in_progress += cut.in_progress;
    }
    CHECK(in_progress > 0);
}

TEST_CASE("Plan passes a Poisson group at half the limit and fails it at twice, saying the backlog grew",
          "[groups][plan]") {
    scenario::PlanConfig config;
    config.targets = {{"rate_429 <= 100%", "test"}};  // trivially met: the implied targets decide
    for (const char* drain : {"drain=1m", "drain=0"}) {
        INFO(drain);
        const scenario::ScenarioConfig swept = scenario::load_scenario_text(
            kPoisson, "p.yaml", {drain, scenario::sweep_option_as_set("api.pools.sonnet.rpm=30,120")});
        const std::vector<PlanTarget> targets = plan_targets(config, swept.clients);
        REQUIRE(targets.size() == 3);
        CHECK(targets[1].text == "failed <= 0");
        CHECK(targets[2].text == "unserved <= 0");  // not pending: the last requests may be in flight
        // A target about what is owed is about items: nothing is implied then.
        scenario::PlanConfig owed;
        owed.targets = {{"owed <= 0", "test"}};
        CHECK(plan_targets(owed, swept.clients).size() == 1);
        const PlanResult plan = plan_search(swept, targets, ExperimentOptions{});
        REQUIRE(plan.probes.size() == 2);
        CHECK_FALSE(plan.probes[0].met);  // rpm 30: twice the limit
        CHECK_FALSE(plan.probes[0].checks[2].met);
        CHECK(plan.probes[1].met);  // rpm 120: half the limit
        REQUIRE(plan.answers[0].probe);
        CHECK(plan.probes[*plan.answers[0].probe].value == "120");
    }
    // With only the overloaded candidate, the answer says why there is none.
    const scenario::ScenarioConfig over = scenario::load_scenario_text(
        kPoisson, "p.yaml", {scenario::sweep_option_as_set("api.pools.sonnet.rpm=30")});
    const std::vector<PlanTarget> targets = plan_targets(config, over.clients);
    const PlanResult plan = plan_search(over, targets, ExperimentOptions{});
    REQUIRE_FALSE(plan.answers[0].probe);
    CHECK_THAT(output::plan_answer(plan, targets), Contains("none of the candidates meets every target"));
    CHECK_THAT(plan.answers[0].why, Contains("the backlog grew"));
    CHECK_THAT(plan.answers[0].why, Contains("never served by the end of the drain"));
}

TEST_CASE("Plan targets name a group, and a bare metric means the organization", "[groups][plan]") {
    const std::vector<std::string> groups = {"chat", "nightly"};
    const PlanTarget p99 = parse_plan_target("chat.latency_p99<=10s", "t", groups);
    CHECK(p99.group == "chat");
    CHECK(p99.group_index == std::size_t{0});
    CHECK(p99.metric == "latency_p99_s");
    CHECK(p99.bound == 10);
    CHECK(target_metric_label(p99) == "chat.latency_p99");
    const PlanTarget makespan = parse_plan_target("nightly.makespan<=30m", "t", groups);
    CHECK(makespan.group_index == std::size_t{1});
    CHECK(makespan.bound == 1800);
    const PlanTarget bare = parse_plan_target("p99 <= 1m", "t", groups);
    CHECK(bare.group.empty());
    CHECK_FALSE(bare.group_index);
    CHECK(bare.metric == "latency_p99_s");
    CHECK(parse_plan_target("chat.p50 <= 2s", "t", groups).metric == "latency_p50_s");

    CHECK_THROWS_WITH(parse_plan_target("chta.p99 <= 10s", "--target chta.p99 <= 10s", groups),
                      Contains("--target chta.p99 <= 10s: error: target 'chta.p99 <= 10s': unknown group "
                               "'chta' (did you mean 'chat'?); allowed: GROUP.METRIC with GROUP one of chat, nightly"));
    CHECK_THROWS_WITH(parse_plan_target("chat.latncy_p99 <= 10s", "t", groups),
                      Contains("unknown metric 'latncy_p99' (did you mean 'latency_p99'?)"));
    CHECK_THROWS_WITH(parse_plan_target("p999 <= 10s", "t", groups), Contains("(did you mean 'p99'?)"));
    CHECK_THROWS_AS(parse_plan_target("nightly.makespam <= 1h", "t", groups), scenario::ScenarioError);

    // With several groups, each owes its own kind of work.
    const scenario::ScenarioConfig s = scenario::load_scenario(kTwoGroups);
    scenario::PlanConfig config;
    config.targets = {{"chat.p99 <= 1m", "t"}};
    std::vector<std::string> texts;
    for (const auto& t : plan_targets(config, s.clients)) texts.push_back(t.text);
    CHECK(texts == std::vector<std::string>{"chat.p99 <= 1m", "failed <= 0", "chat.unserved <= 0",
                                            "nightly.pending <= 0"});
}

TEST_CASE("A plan judges a group's target on that group's figures", "[groups][plan]") {
    // The batch's p99 is minutes (it includes waiting for a worker), the chat's seconds:
    // a p99 bound between the two is met by chat and missed by the organization.
    const scenario::ScenarioConfig swept = scenario::load_scenario(kTwoGroups);
    const scenario::ScenarioConfig one =
        scenario::load_scenario(kTwoGroups, {scenario::sweep_option_as_set("api.pools.sonnet.itpm=60k")});
    const std::vector<std::string> groups = {"chat", "nightly"};
    const std::vector<PlanTarget> targets = {parse_plan_target("chat.p99 <= 1m", "t", groups),
                                             parse_plan_target("p99 <= 1m", "t", groups),
                                             parse_plan_target("nightly.p99 <= 1m", "t", groups)};
    const PlanResult plan = plan_search(one, targets, ExperimentOptions{});
    REQUIRE_FALSE(plan.probes.empty());
    const PlanProbe& p = plan.probes.front();
    REQUIRE(p.result.groups.size() == 2);
    const std::size_t c = targets[0].column;
    CHECK(p.result.groups[0].summary.mean[c] < 60);
    CHECK(p.result.summary.mean[c] > 60);
    CHECK(p.checks[0].met);
    CHECK_FALSE(p.checks[1].met);
    CHECK_FALSE(p.checks[2].met);
    (void)swept;
}

TEST_CASE("The terminal and report.html show a block per group, and summary.json the groups' figures",
          "[groups]") {
    testing::TempDir tmp;
    REQUIRE(testing::run_ratesim(fmt::format("run {} -o {}", testing::quote(kTwoGroups),
                                             testing::quote((tmp / "tg").string())),
                                 tmp.path()) == 0);
    const std::string out = testing::read_file(tmp / "stdout.txt");
    const auto all = out.find("all groups (the organization):\nvariant");
    const auto chat = out.find("\ngroup chat: poisson arrivals at 12/min, 4 workers (open loop: no makespan):\nvariant");
    const auto nightly = out.find("\ngroup nightly: a batch of 60 items, 4 workers:\nvariant");
    REQUIRE(all != std::string::npos);
    REQUIRE(chat != std::string::npos);
    REQUIRE(nightly != std::string::npos);
    CHECK(all < chat);
    CHECK(chat < nightly);
    // The nightly block's rows: 60 items each.
    CHECK(out.find(" 60 ok ", nightly) != std::string::npos);
    // Each block shows the utilization of the organization's binding dimension,
    // so the groups' shares add up to the organization's.
    auto util_header = [&](std::size_t block) {
        const auto at = out.find("util ", block);
        REQUIRE(at != std::string::npos);
        return out.substr(at, out.find(' ', at + 5) - at);
    };
    CHECK(util_header(chat) == util_header(all));
    CHECK(util_header(nightly) == util_header(all));

    const std::string html = testing::read_file(tmp / "tg" / "report.html");
    CHECK_THAT(html, Contains("<h3>All groups (the organization)</h3>"));
    CHECK_THAT(html, Contains("<h3>group chat: poisson arrivals at 12/min, 4 workers (open loop: no makespan)</h3>"));
    CHECK_THAT(html, Contains("<h3>group nightly: a batch of 60 items, 4 workers</h3>"));
    CHECK(std::filesystem::exists(tmp / "tg" / "plots" / "throughput_chat.gp"));
    CHECK(std::filesystem::exists(tmp / "tg" / "plots" / "throughput_nightly.dat"));

    const std::string json = testing::read_file(tmp / "tg" / "summary.json");
    CHECK_THAT(json, Contains("\"makespan_note\": \"an open-loop (poisson) group has no makespan"));
    const output::SummaryJson summary = output::read_summary_json(tmp / "tg");
    REQUIRE(summary.variants.size() == 2);
    REQUIRE(summary.variants[1].groups.size() == 2);
    const auto& v = summary.variants[1];
    CHECK(v.groups[0].mean_of("attempts") + v.groups[1].mean_of("attempts") == Approx(v.mean_of("attempts")));
    CHECK(v.groups[1].mean_of("succeeded") == 60);
    CHECK(json.find("\"paired_difference\"", json.find("\"groups\"", json.find("header-proactive"))) !=
          std::string::npos);
}

TEST_CASE("A group's requests in flight at the end are shown but mark no row, and per-group plots mark by the group",
          "[groups][table]") {
    testing::TempDir tmp;
    // Without a drain the run stops at the window's end, with chat requests in flight.
    REQUIRE(testing::run_ratesim(fmt::format("run {} --set drain=0 -o {}", testing::quote(kTwoGroups),
                                             testing::quote((tmp / "tg").string())),
                                 tmp.path()) == 0);
    const std::string out = testing::read_file(tmp / "stdout.txt");
    const output::SummaryJson summary = output::read_summary_json(tmp / "tg");
    const auto chat_block = out.find("\ngroup chat:");
    REQUIRE(chat_block != std::string::npos);
    const std::string chat_gp = testing::read_file(tmp / "tg" / "plots" / "throughput_chat.gp");
    double in_flight = 0;
    for (const auto& v : summary.variants) {
        REQUIRE(v.groups.size() == 2);
        const auto& chat = v.groups[0];
        INFO(v.name);
        // The chat owes only what it never served; what was in flight is shown apart.
        CHECK(chat.mean_of("owed") == chat.mean_of("unserved"));
        in_flight += chat.mean_of("in_progress");
        const output::Undone left = output::undone_of(chat);
        CHECK(left.in_flight == Approx(chat.mean_of("in_progress")));
        const std::string row = v.name + (output::unfinished(left) ? " *" : "");
        const std::string items = output::items_text(chat.mean_of("succeeded"), left);
        const auto at = out.find("\n" + row + " ", chat_block);
        REQUIRE(at != std::string::npos);
        CHECK(out.substr(at, out.find('\n', at + 1) - at).find(items) != std::string::npos);
        // The chat's plot marks a variant by the chat's items, not the organization's.
        CHECK((chat_gp.find("title '" + v.name + " (dashed: " + items + ")'") != std::string::npos) ==
              output::unfinished(left));
    }
    CHECK(in_flight > 0);  // the case this test is about happened
    CHECK_THAT(out, Contains("in flight: requests of an open-loop group"));
}

TEST_CASE("A target naming an unknown group is bad input for plan and validate, with a hint", "[groups][plan]") {
    testing::TempDir tmp;
    CHECK(testing::run_ratesim(fmt::format("plan {} --target 'chta.p99<=1m' --tiers anthropic-2025 -o {}",
                                           testing::quote(kTwoGroups), testing::quote((tmp / "p").string())),
                               tmp.path()) == 2);
    CHECK_THAT(testing::read_file(tmp / "stderr.txt"), Contains("unknown group 'chta' (did you mean 'chat'?)"));
    CHECK_FALSE(std::filesystem::exists(tmp / "p"));
    testing::write_file(tmp / "bad.yaml", testing::read_file(kTwoGroups) + "plan: {targets: [nightly.makespam <= 1h]}\n");
    CHECK(testing::run_ratesim("validate " + testing::quote((tmp / "bad.yaml").string()), tmp.path()) == 2);
    CHECK_THAT(testing::read_file(tmp / "stderr.txt"), Contains("did you mean 'makespan'?"));
    CHECK(testing::read_file(tmp / "stdout.txt").find(": ok:") == std::string::npos);
}

}  // namespace test_groups
