// The resolved scenario (summary.json's "scenario") reads back as the same
// scenario: its resolved form again, and the same results. The playground's
// module takes scenarios in this form (docs/playground.md).
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/run/experiment.hpp"
#include "sim/run/metric_columns.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/resolved_scenario.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "support/program.hpp"

namespace test_resolved_scenario {

using namespace ratesim;
using namespace ratesim::testing;
using nlohmann::json;

std::vector<fs::path> shipped_scenarios() {
    std::vector<fs::path> files;
    for (const char* folder : {"scenarios", "bench/scenarios"})
        for (const auto& entry : fs::directory_iterator(fs::path(kSource) / folder))
            if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

json without_file(json resolved) {
    resolved.erase("file");
    return resolved;
}

TEST_CASE("every shipped scenario's resolved form loads back to the same resolved form", "[resolved]") {
    const auto files = shipped_scenarios();
    CHECK(files.size() >= 15);
    for (const auto& file : files) {
        INFO(file.string());
        const json resolved = scenario::scenario_to_json(scenario::load_scenario(file.string()));
        const json again = scenario::scenario_to_json(scenario::load_resolved_scenario(resolved, "<resolved>"));
        CHECK(without_file(again) == without_file(resolved));
    }
}

// Every metric of every run, as the bits of its double (NaN included).
std::vector<std::uint64_t> figures(const std::vector<run::VariantResult>& results) {
    std::vector<std::uint64_t> out;
    for (const auto& variant : results)
        for (const auto& r : variant.runs)
            for (const auto& column : run::metric_columns()) {
                const double x = column.get(r);
                std::uint64_t bits = 0;
                std::memcpy(&bits, &x, sizeof bits);
                out.push_back(bits);
            }
    return out;
}

TEST_CASE("a resolved scenario runs to the same figures as the file it came from", "[resolved]") {
    for (const char* name : {"retry-storm", "shared-org", "overload-529", "strategy-zoo"}) {
        INFO(name);
        const std::vector<std::string> sets{"replications=2", "duration=300s"};
        const auto original = scenario::load_scenario(kSource + "/scenarios/" + name + ".yaml", sets);
        const auto reread = scenario::load_resolved_scenario(scenario::scenario_to_json(original), "<resolved>");
        const auto a = figures(run::run_experiment(original, {}));
        const auto b = figures(run::run_experiment(reread, {}));
        REQUIRE(a.size() > 0);
        CHECK(a == b);
    }
}

TEST_CASE("overrides apply to a resolved scenario by the paths --set uses", "[resolved]") {
    const json resolved =
        scenario::scenario_to_json(scenario::load_scenario(kSource + "/scenarios/retry-storm.yaml"));
    const auto config =
        scenario::load_resolved_scenario(resolved, "<resolved>", {"clients.storm.workers=17", "seed=9", "api.burst=7s"});
    REQUIRE(config.clients.size() == 1);
    CHECK(config.clients[0].workers == 17);
    CHECK(config.seed == 9);
    const json again = scenario::scenario_to_json(config);
    CHECK(again["api"]["burst"] == "7s");
}

TEST_CASE("status sets come back as the lists a scenario writes", "[resolved]") {
    json doc = scenario::scenario_to_json(scenario::load_scenario(kSource + "/scenarios/retry-storm.yaml"));
    doc["compare"]["strategies"][0]["retry"]["retry_on"] = "429, 500-503, 529, timeout";
    const json strategy = scenario::scenario_document_of(doc)["compare"]["strategies"][0];
    CHECK(strategy["retry"]["retry_on"] == json::parse(R"([429, 500, 501, 502, 503, 529, "timeout"])"));
    doc["compare"]["strategies"][0]["retry"]["retry_on"] = "429, 500-599";
    CHECK(scenario::scenario_document_of(doc)["compare"]["strategies"][0]["retry"]["retry_on"] ==
          json::parse(R"([429, "5xx"])"));
}

TEST_CASE("a bad value in a resolved scenario is an error naming its key", "[resolved]") {
    json doc = scenario::scenario_to_json(scenario::load_scenario(kSource + "/scenarios/retry-storm.yaml"));
    doc["clients"][0]["workers"] = "many";
    try {
        (void)scenario::load_resolved_scenario(doc, "<resolved>");
        FAIL("loaded");
    } catch (const scenario::ScenarioError& e) {
        const std::string message = e.what();
        CHECK(message.find("<resolved>:") == 0);
        CHECK(message.find("workers") != std::string::npos);
        CHECK(message.find("'many'") != std::string::npos);
    }
}

}  // namespace test_resolved_scenario
