// The playground's runner (sim/playground/playground_run.hpp), natively: for
// the same settings it gives the figures `ratesim run` writes, a subset of
// strategies keeps each one's numbers (common random numbers), and bad input
// comes back as an error. tests/playground/ holds the same checks for the
// WebAssembly build, under node.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/playground/playground_run.hpp"
#include "support/program.hpp"

namespace test_playground_run {

using namespace ratesim::testing;
using nlohmann::json;

// `ratesim run scenarios/NAME.yaml --set ...` and the summary.json it writes.
json cli_summary(const TempDir& tmp, const std::string& name, const std::vector<std::string>& sets) {
    std::string args = fmt::format("run {} --no-plots --quiet -o {}", quote(kSource + "/scenarios/" + name + ".yaml"),
                                   quote((tmp / name).string()));
    for (const auto& s : sets) args += " --set " + quote(s);
    REQUIRE(run_ratesim(args, tmp.path()) == 0);
    return json::parse(read_file(tmp / name / "summary.json"));
}

json run(const json& request) { return json::parse(ratesim::playground::run_request(request.dump())); }

const json* variant_named(const json& variants, const std::string& name) {
    for (const auto& v : variants)
        if (v["name"] == name) return &v;
    return nullptr;
}

TEST_CASE("the playground's runner gives the figures ratesim run writes for the same settings", "[playground]") {
    const TempDir tmp;
    const std::vector<std::string> sets{"replications=3", "clients.storm.workers=40"};
    const json cli = cli_summary(tmp, "retry-storm", sets);
    // From the default scenario, with the page's overrides on top: as the page does.
    const json base = cli_summary(tmp, "retry-storm", {});
    const json answer = run({{"scenario", base["scenario"]}, {"set", sets}});
    REQUIRE(answer["ok"] == true);
    REQUIRE(answer["variants"].size() == cli["variants"].size());
    for (const auto& expected : cli["variants"]) {
        INFO(expected["name"]);
        const json* got = variant_named(answer["variants"], expected["name"]);
        REQUIRE(got != nullptr);
        CHECK((*got)["mean"] == expected["mean"]);
        CHECK((*got)["half_width"] == expected["ci95_half_width"]);
        REQUIRE((*got)["runs"].size() == 3);
        for (std::size_t r = 0; r < 3; ++r) {
            json run_row = expected["runs"][r];
            run_row.erase("replication");
            CHECK((*got)["runs"][r] == run_row);
        }
    }
}

TEST_CASE("the playground's series are the first replication's bins of timeseries.csv", "[playground]") {
    const TempDir tmp;
    const json cli = cli_summary(tmp, "retry-storm", {"duration=600s"});
    const json answer = run({{"scenario", cli["scenario"]}, {"variants", {"full-jitter"}}});
    REQUIRE(answer["ok"] == true);
    const json& series = answer["variants"][0]["series"];
    // timeseries.csv's attempts rows of full-jitter, replication 0, the organization.
    std::vector<std::pair<double, double>> rows;
    std::istringstream csv(read_file(tmp / "retry-storm" / "timeseries.csv"));
    std::string line;
    while (std::getline(csv, line))
        if (line.rfind("full-jitter,all,0,", 0) == 0 && line.find(",attempts,") != std::string::npos) {
            const auto f = line.substr(std::string("full-jitter,all,0,").size());
            rows.emplace_back(std::stod(f.substr(0, f.find(','))), std::stod(f.substr(f.rfind(',') + 1)));
        }
    REQUIRE(rows.size() > 10);
    REQUIRE(series["t_s"].size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(series["t_s"][i].get<double>() == rows[i].first);
        CHECK(series["attempts"][i].get<double>() == rows[i].second);
    }
    CHECK(series["buckets"].contains("sonnet requests"));
    CHECK(series["buckets"]["sonnet requests"].size() == series["in_flight"].size());
}

TEST_CASE("a subset of strategies keeps each strategy's figures", "[playground]") {
    const TempDir tmp;
    const json cli = cli_summary(tmp, "two-services", {"replications=2", "duration=20m"});
    std::vector<std::string> names;
    for (const auto& v : cli["variants"]) names.push_back(v["name"]);
    REQUIRE(names.size() >= 3);
    const std::vector<std::string> picked{names[2], names[0]};
    const json answer = run({{"scenario", cli["scenario"]}, {"variants", picked}});
    REQUIRE(answer["ok"] == true);
    REQUIRE(answer["variants"].size() == 2);
    CHECK(answer["variants"][0]["name"] == names[0]);  // in the scenario's order
    for (const auto& name : picked) {
        INFO(name);
        const json* got = variant_named(answer["variants"], name);
        REQUIRE(got != nullptr);
        CHECK((*got)["mean"] == (*variant_named(cli["variants"], name))["mean"]);
        REQUIRE((*got).contains("groups"));
        CHECK((*got)["groups"].size() == cli["scenario"]["clients"].size());
    }
}

TEST_CASE("a bad request to the playground's runner is an error naming what is wrong", "[playground]") {
    const TempDir tmp;
    const json cli = cli_summary(tmp, "retry-storm", {"duration=60s"});
    const json unknown = run({{"scenario", cli["scenario"]}, {"variants", {"no-such"}}});
    CHECK(unknown["ok"] == false);
    CHECK_THAT(unknown["error"].get<std::string>(), Catch::Contains("'no-such'") && Catch::Contains("full-jitter"));
    const json bad_set = run({{"scenario", cli["scenario"]}, {"set", {"clients.storm.workers=-3"}}});
    CHECK(bad_set["ok"] == false);
    CHECK_THAT(bad_set["error"].get<std::string>(), Catch::Contains("workers"));
    const json not_json = json::parse(ratesim::playground::run_request("{scenario"));
    CHECK(not_json["ok"] == false);
    CHECK(json::parse(ratesim::playground::run_request("[]"))["ok"] == false);
}

}  // namespace test_playground_run
