// The worked example of docs/writing-a-strategy.md: the adaptive-rate pacing
// kind is registered, does what its formula says, runs in a scenario, and
// the document shows its source exactly as it is built. Also: the strategy
// docs and `ratesim list strategies` show every registered kind and preset.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "models/strategy/registry.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "support/strategy_parts.hpp"

namespace test_writing_a_strategy {

using namespace ratesim::models;
using namespace strategy_test;
using ratesim::engine::millis;
using ratesim::engine::seconds;

namespace {

const std::string kSourceDir = RATESIM_SOURCE_DIR;

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("adaptive-rate spaces sends by 1 over the rate and adapts it to successes and 429s", "[strategy]") {
    auto p = make_pacing("adaptive-rate", {{"initial_rate", 2.0}});
    CHECK(ask(*p, seconds(1)) == seconds(1));  // nothing sent yet
    p->on_send(SendIntent{seconds(1), false, 1, 1});
    CHECK(ask(*p, seconds(1)) == seconds(1) + millis(500));  // 2 per second
    p->on_response(failure(429), seconds(1) + millis(100));  // rate 1
    CHECK(ask(*p, seconds(1) + millis(200)) == seconds(2));
    p->on_response(Response{}, seconds(1) + millis(300));  // rate 1.2
    CHECK(ask(*p, seconds(1) + millis(400)) == seconds(1) + 833333);
    CHECK(ask(*p, seconds(5)) == seconds(5));  // long after: go now
    for (int i = 0; i < 100; ++i) p->on_response(failure(429), seconds(6));  // down to min_rate 0.01
    CHECK(ask(*p, seconds(6)) == seconds(101));
    for (int i = 0; i < 1000; ++i) p->on_response(Response{}, seconds(6));  // up to max_rate 1000
    CHECK(ask(*p, seconds(1)) == seconds(1) + millis(1));
}

TEST_CASE("adaptive-rate is a registered pacing kind that a scenario can name", "[strategy]") {
    const PartKind* kind = find_kind(Part::pacing, "adaptive-rate");
    REQUIRE(kind != nullptr);
    CHECK(kind->params.size() == 5);
    const ratesim::scenario::ScenarioConfig s = ratesim::scenario::load_scenario_text(R"(name: example
seed: 1
duration: 1h
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 30}
clients:
  - name: a
    workers: 8
    coordination: shared
    workload: {kind: batch, items: 60}
    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 100, output_tokens: 10}
compare:
  strategies:
    - full-jitter
    - {preset: full-jitter, name: paced, pacing: {kind: adaptive-rate, initial_rate: 0.5}}
output: {bin: 1m}
)",
                                                                            "example.yaml");
    const auto results = ratesim::run::run_experiment(s, ratesim::run::ExperimentOptions{});
    REQUIRE(results.size() == 2);
    const auto& plain = results[0].runs.at(0);
    const auto& paced = results[1].runs.at(0);
    CHECK(plain.succeeded == 60);
    CHECK(paced.succeeded == 60);
    CHECK(paced.r429 < plain.r429);  // pacing spends fewer attempts on 429s
}

TEST_CASE("docs/writing-a-strategy.md shows the example's source exactly as it is built", "[strategy]") {
    const std::string doc = read_file(kSourceDir + "/docs/writing-a-strategy.md");
    const std::string source = read_file(kSourceDir + "/models/strategy/pacing_adaptive_rate.cpp");
    const std::string fence = "```cpp\n";
    const auto begin = doc.find(fence + "// Adaptive rate pacing");
    REQUIRE(begin != std::string::npos);
    const auto end = doc.find("```\n", begin + fence.size());
    REQUIRE(end != std::string::npos);
    CHECK(doc.substr(begin + fence.size(), end - begin - fence.size()) == source);
    CHECK(doc.find("X(adaptive_rate_pacing_kind)") != std::string::npos);
}

TEST_CASE("docs/strategies.md documents every registered kind and every preset", "[strategy]") {
    const std::string doc = read_file(kSourceDir + "/docs/strategies.md");
    for (const PartKind& k : part_kinds()) {
        INFO(part_name(k.part) << " kind " << k.name);
        CHECK(doc.find("| `" + k.name + "` |") != std::string::npos);
    }
    for (const StrategyPreset& p : strategy_presets()) {
        INFO("preset " << p.name);
        CHECK(doc.find("| `" + p.name + "` |") != std::string::npos);
    }
}

TEST_CASE("ratesim list strategies shows every preset with its expansion and every kind", "[strategy]") {
    const std::string command = std::string("'") + RATESIM_BINARY + "' list strategies";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    REQUIRE(pclose(pipe) == 0);
    for (const StrategyPreset& p : strategy_presets()) {
        INFO("preset " << p.name);
        CHECK(out.find("  " + p.name + " ") != std::string::npos);
        CHECK(out.find("= " + describe_strategy(resolve_strategy_preset(p)) + "\n") != std::string::npos);
    }
    for (const PartKind& k : part_kinds()) {
        INFO(part_name(k.part) << " kind " << k.name);
        CHECK(out.find("  " + k.name + " ") != std::string::npos);
        for (const ParamSpec& spec : k.params) CHECK(out.find(spec.name + " (") != std::string::npos);
    }
    // The fourth part, routing, has no kinds: its keys, from the key table.
    CHECK(out.find("\nrouting (`routing: {fallbacks: [...], <parameters>}`") != std::string::npos);
    for (const std::string& key : ratesim::scenario::keys_of("<routing>")) {
        INFO("routing key " << key);
        CHECK(out.find("    " + key + " (") != std::string::npos);
    }
}

}  // namespace test_writing_a_strategy
