// Tier presets: the values of the published tables (the official rate-limits
// page, platform.claude.com/docs/en/api/rate-limits), how a scenario names and overrides one, and the
// family listing `ratesim plan` walks through.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdio>

#include "sim/scenario/loader.hpp"
#include "sim/scenario/tier_presets.hpp"

namespace test_presets {

using namespace ratesim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const char* const kScenario = R"(name: t
api:
  preset: anthropic-2025/tier-2
clients:
  - name: app
    workload: {kind: batch, items: 10}
    request: {model: claude-sonnet-4-5}
    strategy: full-jitter
)";

scenario::ScenarioConfig with_preset(const std::string& preset, std::vector<std::string> sets = {}) {
    sets.insert(sets.begin(), "api.preset=" + preset);
    return scenario::load_scenario_text(kScenario, "t.yaml", sets);
}

const models::PoolConfig& pool(const scenario::ScenarioConfig& s, const std::string& name) {
    for (const auto& p : s.api.pools)
        if (p.name == name) return p;
    FAIL("no pool " << name);
    return s.api.pools.front();
}

struct Limits {
    double rpm, itpm, otpm;
};

void check(const models::PoolConfig& p, Limits l) {
    INFO("pool " << p.name);
    REQUIRE(p.rpm);
    REQUIRE(p.itpm);
    REQUIRE(p.otpm);
    CHECK(*p.rpm == l.rpm);
    CHECK(*p.itpm == l.itpm);
    CHECK(*p.otpm == l.otpm);
}

}  // namespace

TEST_CASE("the 2025 tier presets hold the published RPM, ITPM, OTPM, spend caps and batch limits",
          "[presets]") {
    struct Row {
        const char* tier;
        Limits sonnet_opus, haiku;
        double cap, batch_rpm, batch_queue;
    };
    const Row rows[] = {
        {"tier-1", {50, 30e3, 8e3}, {50, 50e3, 10e3}, 100, 50, 100e3},
        {"tier-2", {1000, 450e3, 90e3}, {1000, 450e3, 90e3}, 500, 1000, 200e3},
        {"tier-3", {2000, 800e3, 160e3}, {2000, 1e6, 200e3}, 1000, 2000, 300e3},
        {"tier-4", {4000, 2e6, 400e3}, {4000, 4e6, 800e3}, 5000, 4000, 500e3},
    };
    for (const Row& row : rows) {
        INFO(row.tier);
        const auto s = with_preset(std::string("anthropic-2025/") + row.tier);
        check(pool(s, "sonnet"), row.sonnet_opus);
        check(pool(s, "opus"), row.sonnet_opus);
        check(pool(s, "haiku"), row.haiku);
        CHECK(pool(s, "sonnet").output_accounting == models::OutputAccounting::reserve_max_tokens);
        REQUIRE(s.api.spend_cap_usd);
        CHECK(*s.api.spend_cap_usd == row.cap);
        REQUIRE(s.api.message_batches.rpm);
        CHECK(*s.api.message_batches.rpm == row.batch_rpm);
        REQUIRE(s.api.message_batches.queue);
        CHECK(*s.api.message_batches.queue == row.batch_queue);
    }
}

TEST_CASE("the 2026 tier presets hold the spot values of their cited tables", "[presets]") {
    // Each value below is quoted from the table scenarios/presets/anthropic-2026.yaml cites.
    //
    // https://platform.claude.com/docs/api/rate-limits, the spend caps:
    //   "| Start | $500 USD |", "| Build | $1,000 USD |", "| Scale | $200,000 USD |"
    CHECK(with_preset("anthropic-2026/start").api.spend_cap_usd == 500);
    CHECK(with_preset("anthropic-2026/build").api.spend_cap_usd == 1000);
    CHECK(with_preset("anthropic-2026/scale").api.spend_cap_usd == 200000);

    // https://www.developersdigest.tech/rate-limits/anthropic ("read on October 17, 2026"):
    //   "For Claude Fable 5.x (Messages API), Start tier is listed at 1,000 RPM, 500,000 ITPM
    //   and 100,000 OTPM, and Scale tier at 4,000 RPM, 4,000,000 ITPM and 800,000 OTPM."
    check(pool(with_preset("anthropic-2026/start"), "fable"), {1000, 500e3, 100e3});
    check(pool(with_preset("anthropic-2026/scale"), "fable"), {4000, 4e6, 800e3});

    // platform.claude.com/docs/en/api/rate-limits after 2026-06-26, the one row for every
    // family this preset carried before (not verified against the current per-family
    // tables; the file says so): Start 1,000 / 2M / 400k, Scale 10,000 / 10M / 2M.
    check(pool(with_preset("anthropic-2026/start"), "sonnet"), {1000, 2e6, 400e3});
    check(pool(with_preset("anthropic-2026/scale"), "haiku"), {10000, 10e6, 2e6});
    CHECK(pool(with_preset("anthropic-2026/build"), "opus").output_accounting ==
          models::OutputAccounting::streamed);

    // The Message Batches table could not be read: no batch limits are set.
    CHECK_FALSE(with_preset("anthropic-2026/scale").api.message_batches.rpm);
}

TEST_CASE("a model resolves to its 2026 pool by the family tables, and a table not read leaves it in none",
          "[presets]") {
    // "Claude Opus 4.x (Opus 4.8, 4.7, 4.6, 4.5 combined)", the mirror's table title.
    const auto opus = pool(with_preset("anthropic-2026/build"), "opus");
    for (const char* model : {"claude-opus-4-5", "claude-opus-4-6", "claude-opus-4-7", "claude-opus-4-8"})
        CHECK(std::find(opus.models.begin(), opus.models.end(), model) != opus.models.end());

    // A Fable model is in the fable pool where its table was read, and is not
    // in the model catalogue, so it warns as any unknown model does.
    std::string yaml = kScenario;
    yaml.replace(yaml.find("claude-sonnet-4-5"), 17, "claude-fable-5-2");
    yaml.replace(yaml.find("anthropic-2025/tier-2"), 21, "anthropic-2026/start");
    const auto s = scenario::load_scenario_text(yaml, "t.yaml");
    std::string warnings;
    for (const auto& w : s.warnings) warnings += w + "\n";
    CHECK_THAT(warnings, Contains("model 'claude-fable-5-2' is not in the model catalogue"));
    CHECK(s.clients.front().request.model == "claude-fable-5-2");

    // Build has no Fable 5.x row that could be read: the model is in no pool.
    yaml.replace(yaml.find("anthropic-2026/start"), 20, "anthropic-2026/build");
    try {
        scenario::load_scenario_text(yaml, "t.yaml");
        FAIL("no error");
    } catch (const scenario::ScenarioError& e) {
        CHECK_THAT(e.what(), Contains("it is in no pool of api.pools"));
    }
}

TEST_CASE("a preset family lists its tiers cheapest first and an unknown family is an error",
          "[presets]") {
    CHECK(scenario::tier_preset_family_tiers("anthropic-2025") ==
          std::vector<std::string>{"anthropic-2025/tier-1", "anthropic-2025/tier-2",
                                   "anthropic-2025/tier-3", "anthropic-2025/tier-4"});
    CHECK(scenario::tier_preset_family_tiers("anthropic-2026") ==
          std::vector<std::string>{"anthropic-2026/start", "anthropic-2026/build",
                                   "anthropic-2026/scale"});
    try {
        scenario::tier_preset_family_tiers("anthropic-2024");
        FAIL("no error");
    } catch (const scenario::ScenarioError& e) {
        CHECK_THAT(e.what(), Contains("unknown preset family 'anthropic-2024'"));
        CHECK_THAT(e.what(), Contains("allowed: anthropic-2025, anthropic-2026"));
    }
}

TEST_CASE("the scenario and --set override any preset field, and --set can change the preset",
          "[presets]") {
    std::string yaml = kScenario;
    yaml.replace(yaml.find("  preset: anthropic-2025/tier-2\n"), 31,
                 "  preset: anthropic-2025/tier-2\n  spend_cap: none\n  pools:\n    sonnet: {rpm: 7}\n");
    const auto s = scenario::load_scenario_text(yaml, "t.yaml");
    check(pool(s, "sonnet"), {7, 450e3, 90e3});
    CHECK_FALSE(s.api.spend_cap_usd);

    const auto t = scenario::load_scenario_text(yaml, "t.yaml",
                                           {"api.preset=anthropic-2025/tier-4", "api.pools.opus.itpm=1k"});
    check(pool(t, "sonnet"), {7, 2e6, 400e3});  // the scenario's rpm still wins
    check(pool(t, "opus"), {4000, 1e3, 400e3});
}

TEST_CASE("an unknown tier is an error at the preset key that lists the known tiers", "[presets]") {
    std::string yaml = kScenario;
    yaml.replace(yaml.find("tier-2"), 6, "tier-9");
    try {
        scenario::load_scenario_text(yaml, "t.yaml");
        FAIL("no error");
    } catch (const scenario::ScenarioError& e) {
        CHECK_THAT(e.what(), StartsWith("t.yaml:3:11: error: api.preset: unknown tier "
                                        "'anthropic-2025/tier-9'"));
        CHECK_THAT(e.what(), Contains("allowed: anthropic-2025/tier-1, anthropic-2025/tier-2"));
    }
    try {
        with_preset("openai/tier-1");
        FAIL("no error");
    } catch (const scenario::ScenarioError& e) {
        CHECK_THAT(e.what(), StartsWith("--set api.preset=openai/tier-1: error: api.preset: "
                                        "unknown preset 'openai/tier-1'"));
    }
}

TEST_CASE("an error in a value the preset supplied names the preset file", "[presets]") {
    // A workspace limit above the preset's organization limit is reported
    // at the scenario; a preset pool that the scenario breaks is reported
    // at the preset file's line.
    std::string yaml = kScenario;
    yaml.replace(yaml.find("  preset: anthropic-2025/tier-2\n"), 31,
                 "  preset: anthropic-2025/tier-2\n  pools:\n    extra: {models: [claude-sonnet-4-5]}\n");
    try {
        scenario::load_scenario_text(yaml, "t.yaml");
        FAIL("no error");
    } catch (const scenario::ScenarioError& e) {
        CHECK_THAT(e.what(), StartsWith("scenarios/presets/anthropic-2025.yaml:"));
        CHECK_THAT(e.what(), Contains("model 'claude-sonnet-4-5' is already in pool 'extra'"));
    }
}

TEST_CASE("ratesim list presets shows every tier of every family with its source file", "[presets]") {
    const std::string command = std::string("'") + RATESIM_BINARY + "' list presets";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    REQUIRE(pclose(pipe) == 0);
    for (const auto& family : scenario::tier_preset_families()) {
        INFO(family.name);
        CHECK(out.find("file " + family.file) != std::string::npos);
        for (const auto& tier : family.tiers) CHECK(out.find("  " + tier.name + " ") != std::string::npos);
    }
    CHECK(out.find("anthropic-2025/tier-4") != std::string::npos);
    CHECK(out.find("anthropic-2026/scale") != std::string::npos);
}

}  // namespace test_presets
