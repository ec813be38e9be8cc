// The key table (sim/scenario/scenario_keys.hpp) is complete and true: the
// loader accepts exactly the keys it declares, section by section, its
// messages list them and suggest them, and the shipped files use no others.
#include <catch2/catch.hpp>

#include "support/program.hpp"
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "models/strategy/registry.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/tier_presets.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/spelling_hints.hpp"

namespace test_scenario_keys {

using namespace ratesim;
using namespace ratesim::scenario;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;

namespace {

// Every section of the loader's (with the probes' sets), so that --set can
// add a key to any of them. Keys with a default are left out, or given it.
const char* const kEverySection = R"(name: t
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 50}
  latency: {round_trip: 100ms}
  capacity:
    random: {every: 10m}
  workspaces:
    ws: {pools: {sonnet: {rpm: 10}}}
  spend_month: {spent: 0}
  batches: {rpm: 10}
output: {bin: 10s}
compare: {strategies: [naive]}
plan: {targets: []}
serve: {keys: {k1: {workspace: ws}}}
clients:
  - name: g
    workload: {kind: batch, items: 10}
    request: {model: claude-sonnet-4-5, max_tokens: 1024}
    strategy: naive
)";

// A three-row trace in the default column names, in a directory of this
// process's own (removed at exit): the file is only read once written.
const std::string& trace_csv() {
    static const ratesim::testing::TempDir dir;
    static const std::string path = [] {
        const auto file = dir / "trace.csv";
        std::ofstream(file) << "TIMESTAMP,ContextTokens,GeneratedTokens\n0,100,50\n1,200,60\n2,300,70\n";
        return file.string();
    }();
    return path;
}

// Where a key of one section (and variant) goes, and the sets that make
// that section exist with the variant.
struct Probe {
    std::string section, variant;
    std::string prefix;  // the --set path of the section's map
    std::vector<std::string> sets = {};
};

std::vector<Probe> probes() {
    std::vector<Probe> list = {
        {"", "", ""},
        {"output", "", "output"},
        {"compare", "", "compare"},
        {"api", "", "api"},
        {"api.pools.*", "", "api.pools.sonnet"},
        {"api.latency", "", "api.latency"},
        {"api.capacity", "", "api.capacity"},
        {"api.capacity.incidents[]", "", "api.capacity.incidents.0",
         {"api.capacity.incidents=[{at: 1m, for: 1m, overload: 0.5}]"}},
        {"api.capacity.incidents[].midstream", "", "api.capacity.incidents.0.midstream",
         {"api.capacity.incidents=[{at: 1m, for: 1m, overload: 0.5, midstream: {fraction: 0.5}}]"}},
        {"<error rule>", "", "api.pools.sonnet.errors.0",
         {"api.pools.sonnet.errors=[{status: 500, rate: 0.1}]"}},
        {"api.capacity.random", "", "api.capacity.random"},
        {"api.capacity.random.midstream", "", "api.capacity.random.midstream",
         {"api.capacity.random={every: 10m, midstream: {fraction: 0.5}}"}},
        {"api.workspaces.*", "", "api.workspaces.ws"},
        {"api.workspaces.*.pools.*", "", "api.workspaces.ws.pools.sonnet"},
        {"api.spend_month", "", "api.spend_month"},
        {"api.acceleration", "", "api.acceleration", {"api.acceleration={window: 1m}"}},
        {"api.batches", "", "api.batches"},
        {"api.queue", "", "api.queue", {"api.queue={concurrency: 10}"}},
        {"plan", "", "plan"},
        {"serve", "", "serve"},
        {"serve.keys.*", "", "serve.keys.k1"},
        {"clients[]", "", "clients.g"},
        {"clients[].workload", "batch", "clients.g.workload"},
        {"clients[].workload", "poisson", "clients.g.workload",
         {"clients.g.workload={kind: poisson, rate: 1/s}"}},
        {"clients[].workload", "trace", "clients.g.workload",
         {"clients.g.workload={kind: trace, file: '" + trace_csv() + "'}"}},
        {std::string(kRateStepSection), "", "clients.g.workload.rate.0",
         {"clients.g.workload={kind: poisson, rate: [{at: 0s, rate: 1/s}]}"}},
        {std::string(kRateSpikeSection), "", "clients.g.workload.rate",
         {"clients.g.workload={kind: poisson, rate: {base: 1/s, spike: 2/s, at: 1m, for: 1m}}"}},
        {std::string(kRateDiurnalSection), "", "clients.g.workload.rate",
         {"clients.g.workload={kind: poisson, rate: {mean: 1/s, amplitude: 0.5}}"}},
        {"clients[].workload.columns", "", "clients.g.workload.columns",
         {"clients.g.workload={kind: trace, file: '" + trace_csv() + "', columns: {}}"}},
        {"clients[].request", "", "clients.g.request"},
        {"<strategy>", "", "clients.g.strategy", {"clients.g.strategy={name: s}"}},
        {"<routing>", "", "clients.g.strategy.routing",
         {"clients.g.strategy={name: s, routing: {fallbacks: [claude-sonnet-4-5]}}"}},
    };
    for (const std::string& family : choices_of(key_spec("<distribution>", "dist")))
        list.push_back({"<distribution>", family, "clients.g.request.input_tokens",
                        {"clients.g.request.input_tokens={dist: " + family + "}"}});
    return list;
}

std::string json_of(const std::vector<std::string>& sets) {
    return scenario_to_json(load_scenario_text(kEverySection, "test.yaml", sets)).dump();
}

std::string error_of(const std::vector<std::string>& sets) {
    try {
        load_scenario_text(kEverySection, "test.yaml", sets);
    } catch (const ScenarioError& e) {
        return e.what();
    }
    FAIL("no ScenarioError was thrown");
    return "";
}

// The sections (and variants) of the table's keys, except those of a part
// kind, which the registry declares.
std::set<std::pair<std::string, std::string>> table_sections() {
    std::set<std::pair<std::string, std::string>> sections;
    for (const KeySpec& key : scenario_keys()) {
        const std::string section(key.section);
        if (!key.selects_variant) {
            sections.emplace(section, key.variant);
            continue;
        }
        for (const auto& choice : key.choices) sections.emplace(section, choice);
    }
    return sections;
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("every key of every section is one the loader accepts, lists and suggests when misspelled",
          "[scenario-keys]") {
    for (const Probe& probe : probes()) {
        const std::vector<std::string> keys = keys_of(probe.section, probe.variant);
        for (const std::string& key : keys) {
            INFO("section '" << probe.section << "' variant '" << probe.variant << "' key " << key);
            std::vector<std::string> sets = probe.sets;
            const std::string misspelled = key + "_";
            sets.push_back((probe.prefix.empty() ? "" : probe.prefix + ".") + misspelled + "=1");
            const std::string message = error_of(sets);
            CHECK_THAT(message, Contains("unknown key '" + misspelled + "' (did you mean '" + key +
                                         "'?); allowed: "));
            CHECK_THAT(message, EndsWith("; allowed: " + join(keys)));
        }
    }
}

TEST_CASE("a key given its declared default reads the same as the key left out", "[scenario-keys]") {
    int checked = 0;
    for (const Probe& probe : probes()) {
        if (probe.section == "<distribution>") continue;  // its parameters have no defaults
        const std::string without = json_of(probe.sets);
        for (const KeySpec& key : scenario_keys()) {
            if (key.section != probe.section || key.default_value.empty() ||
                (!key.variant.empty() && key.variant != probe.variant))
                continue;
            INFO("section '" << key.section << "' key " << key.name << " = " << key.default_value);
            std::vector<std::string> sets = probe.sets;
            sets.push_back((probe.prefix.empty() ? "" : probe.prefix + ".") + std::string(key.name) +
                           "=" + std::string(key.default_value));
            CHECK(json_of(sets) == without);
            ++checked;
        }
    }
    CHECK(checked >= 40);
}

TEST_CASE("the probes reach every section and variant of the key table", "[scenario-keys]") {
    std::set<std::pair<std::string, std::string>> probed;
    for (const Probe& probe : probes()) probed.emplace(probe.section, probe.variant);
    for (const auto& [section, variant] : table_sections()) {
        // Tier preset files are not scenarios: loading every embedded one checks their keys.
        if (section.rfind("<preset file>", 0) == 0 || section == "<strategy part>") continue;
        INFO("section '" << section << "' variant '" << variant << "'");
        CHECK(probed.count({section, variant}) == 1);
    }
    CHECK_NOTHROW(tier_preset_families());
}

TEST_CASE("a strategy part accepts kind and exactly the parameters its kind registers",
          "[scenario-keys]") {
    for (const models::PartKind& kind : models::part_kinds()) {
        const std::string part = models::part_name(kind.part);
        for (const std::string& key : keys_of_part(kind)) {
            INFO(part << " kind " << kind.name << " key " << key);
            const std::string message = error_of(
                {"clients.g.coordination=shared", "clients.g.strategy={" + part + ": {kind: " +
                                                      kind.name + ", " + key + "_: 1}}"});
            CHECK_THAT(message, Contains("unknown parameter '" + key + "_' for " + part +
                                         " kind '" + kind.name + "' (did you mean '" + key + "'?)"));
            CHECK_THAT(message, EndsWith("; allowed: " + join(keys_of_part(kind))));
        }
    }
}

TEST_CASE("every shipped scenario and fixture uses only keys of the table", "[scenario-keys]") {
    // The loader refuses any key the table does not declare, so loading is the check.
    const std::filesystem::path root = RATESIM_SOURCE_DIR;
    int files = 0;
    for (const char* dir : {"scenarios", "bench/scenarios", "bench/peers", "tests/fixtures"})
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir))
            if (entry.path().extension() == ".yaml" &&
                entry.path().parent_path().filename() != "presets") {
                INFO(entry.path().string());
                CHECK_NOTHROW(load_scenario(entry.path().string()));
                ++files;
            }
    CHECK(files >= 10);
}

TEST_CASE("no reader keeps a key list of its own: every check of keys asks the table",
          "[scenario-keys]") {
    const std::filesystem::path dir = std::filesystem::path(RATESIM_SOURCE_DIR) / "sim/scenario";
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".cpp") continue;
        INFO(entry.path().filename().string());
        CHECK_THAT(read_text(entry.path()), !Contains("check_keys({"));
    }
}

TEST_CASE("the key table is well formed: one entry per key, each described, typed and reachable",
          "[scenario-keys]") {
    std::set<std::tuple<std::string_view, std::string_view, std::string_view>> seen;
    std::set<std::string_view> sections, children;
    std::map<std::string_view, std::set<std::string_view>> variants;  // section -> choices
    bool has_rate_profile_key = false;
    for (const KeySpec& key : scenario_keys()) {
        INFO("section '" << key.section << "' key " << key.name);
        CHECK(seen.emplace(key.section, key.variant, key.name).second);
        CHECK_FALSE(key.name.empty());
        CHECK_FALSE(key.description.empty());
        CHECK(key.min <= key.max);
        sections.insert(key.section);
        if (!key.child.empty()) children.insert(key.child);
        const bool has_child = key.type == KeyType::map || key.type == KeyType::list ||
                               key.type == KeyType::named_map ||
                               key.type == KeyType::distribution ||
                               key.type == KeyType::strategy || key.type == KeyType::strategy_part;
        CHECK(has_child == !key.child.empty());
        // Part kinds are registered at run time; every other choice is listed.
        if (key.type == KeyType::choice && key.section != "<strategy part>")
            CHECK_FALSE(key.choices.empty());
        if (key.selects_variant) variants[key.section].insert(key.choices.begin(), key.choices.end());
        if (key.type == KeyType::rate_profile) has_rate_profile_key = true;
    }
    for (const KeySpec& key : scenario_keys())
        if (!key.variant.empty()) {
            INFO("section '" << key.section << "' key " << key.name);
            CHECK(variants[key.section].count(key.variant) == 1);
        }
    for (std::string_view child : children) {
        INFO("child section " << child);
        CHECK(sections.count(child) == 1);
    }
    for (std::string_view section : sections) {
        INFO("section " << section);
        // A rate profile's three forms are read from the rate_profile keys.
        const bool rate_form = section == kRateStepSection || section == kRateSpikeSection ||
                               section == kRateDiurnalSection;
        CHECK((section.empty() || section == "<preset file>" || children.count(section) == 1 ||
               (rate_form && has_rate_profile_key)));
    }
}

}  // namespace test_scenario_keys
