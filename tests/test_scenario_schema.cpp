// The JSON Schema of scenario files (sim/scenario/scenario_schema.hpp) says
// what the key table, the strategy registry and the embedded presets say,
// its unit patterns accept what the unit parsers accept, and the committed
// docs/scenario.schema.json is what `ratesim schema` prints.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <regex>
#include <set>

#include "models/strategy/registry.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/tier_presets.hpp"
#include "sim/scenario/units.hpp"
#include "tests/support/program.hpp"

namespace test_scenario_schema {

using namespace ratesim;
using namespace ratesim::scenario;
using namespace ratesim::testing;
using Json = nlohmann::ordered_json;
using Catch::Matchers::StartsWith;

namespace {

const Json& schema() {
    static const Json s = scenario_schema();
    return s;
}

const Json& resolve(const Json& node) {
    if (node.contains("$ref")) {
        const std::string ref = node["$ref"];
        REQUIRE(ref.rfind("#/definitions/", 0) == 0);
        return schema()["definitions"].at(ref.substr(14));
    }
    return node;
}

// The schemas a value may match: the node, and the branches of its anyOf
// and oneOf, with references followed.
void alternatives(const Json& node, std::vector<const Json*>& out) {
    const Json& n = resolve(node);
    out.push_back(&n);
    for (const char* word : {"anyOf", "oneOf"})
        if (n.contains(word))
            for (const Json& branch : n[word]) alternatives(branch, out);
}

// The object schemas (with properties) that the section's definition holds.
std::vector<const Json*> objects_of(std::string_view section) {
    const Json& definition = section.empty() ? schema() : schema()["definitions"].at(schema_definition_name(section));
    std::vector<const Json*> all, objects;
    alternatives(definition, all);
    for (const Json* n : all)
        if (n->contains("properties")) objects.push_back(n);
    return objects;
}

// Every subschema, depth first.
void each_subschema(const Json& node, const std::function<void(const Json&)>& visit) {
    if (node.is_object()) {
        visit(node);
        for (const auto& [key, value] : node.items())
            if (key != "enum" && key != "const" && key != "default") each_subschema(value, visit);
    } else if (node.is_array()) {
        for (const Json& value : node) each_subschema(value, visit);
    }
}

bool matches(const char* pattern, const std::string& text) {
    return std::regex_search(text, std::regex(pattern, std::regex::ECMAScript));
}

}  // namespace

TEST_CASE("the committed docs/scenario.schema.json is what `ratesim schema` prints", "[schema]") {
    TempDir dir;
    REQUIRE(run_ratesim("schema", dir.path()) == 0);
    const std::string printed = read_file(dir / "stdout.txt");
    CHECK(read_file(dir / "stderr.txt").empty());
    INFO("regenerate it with: build/ratesim schema > docs/scenario.schema.json");
    CHECK(read_file(fs::path(kSource) / "docs/scenario.schema.json") == printed);
    CHECK(Json::parse(printed) == schema());
}

TEST_CASE("the schema is draft-07 and refuses every key the loader refuses", "[schema]") {
    CHECK(schema()["$schema"] == "http://json-schema.org/draft-07/schema#");
    int objects = 0;
    each_subschema(schema(), [&](const Json& node) {
        if (!node.contains("properties")) return;
        ++objects;
        INFO(node.dump().substr(0, 300));
        CHECK(node["additionalProperties"] == false);
    });
    CHECK(objects > 20);
}

TEST_CASE("every key of the key table is in the schema with its description, default and choices",
          "[schema]") {
    int keys = 0;
    for (const KeySpec& key : scenario_keys()) {
        // Tier preset files have a schema of their own to come; parts are the registry's.
        if (key.section.rfind("<preset file>", 0) == 0 || key.section == "<strategy part>") continue;
        const std::string section = key.section == "<distribution>" ? "<distribution>" : std::string(key.section);
        INFO("section '" << key.section << "' variant '" << key.variant << "' key " << key.name);
        std::vector<const Json*> objects;
        if (key.section == "<distribution>") {
            for (const char* measure : {"tokens", "duration", "number"}) {
                const Json& definition = schema()["definitions"].at("distribution." + std::string(measure));
                std::vector<const Json*> all;
                alternatives(definition, all);
                for (const Json* n : all)
                    if (n->contains("properties")) objects.push_back(n);
            }
        } else {
            objects = objects_of(key.section);
        }
        REQUIRE_FALSE(objects.empty());
        bool found = false;
        for (const Json* object : objects) {
            if (!key.variant.empty() && !(*object)["title"].get<std::string>().ends_with(": " + std::string(key.variant)))
                continue;
            const Json& properties = (*object)["properties"];
            if (!properties.contains(std::string(key.name))) continue;
            found = true;
            const Json& property = properties[std::string(key.name)];
            CHECK_THAT(property["description"].get<std::string>(), StartsWith(std::string(key.description)));
            if (!key.default_value.empty() && !key.selects_variant) {
                REQUIRE(property.contains("default"));
                const Json& d = property["default"];
                const std::string shown = d.is_string() ? d.get<std::string>() : d.dump();
                CHECK((shown == key.default_value || (d.is_number() && parse_number(std::string(key.default_value)).value == d.get<double>())));
            }
            if (key.type == KeyType::choice && !key.selects_variant)
                CHECK(property["enum"] == Json(choices_of(key)));
            if (key.selects_variant) CHECK(property.contains("const"));
            const bool required = object->contains("required") &&
                                  std::find((*object)["required"].begin(), (*object)["required"].end(),
                                            std::string(key.name)) != (*object)["required"].end();
            const bool required_or_preset = required || object->contains("anyOf");
            if (key.required) CHECK(required_or_preset);
            else CHECK_FALSE(required);
        }
        CHECK(found);
        ++keys;
    }
    CHECK(keys > 80);
}

TEST_CASE("each strategy part is a oneOf with one branch per registered kind and exactly its parameters",
          "[schema]") {
    for (models::Part part : {models::Part::retry, models::Part::pacing, models::Part::budget}) {
        const Json& definition = schema()["definitions"].at(std::string("part.") + models::part_name(part));
        CHECK(definition["anyOf"][0]["enum"] == Json(models::kind_names(part)));
        const Json& branches = definition["anyOf"][1]["oneOf"];
        std::set<std::string> parameters;
        std::size_t kinds = 0;
        for (const models::PartKind& kind : models::part_kinds()) {
            if (kind.part != part) continue;
            INFO(models::part_name(part) << " kind " << kind.name);
            const Json& branch = branches.at(kinds++);
            CHECK(branch["properties"]["kind"]["const"] == kind.name);
            std::vector<std::string> names = {"kind"};
            for (const auto& param : kind.params) {
                names.push_back(param.name);
                parameters.insert(param.name);
                CHECK_THAT(branch["properties"][param.name]["description"].get<std::string>(), StartsWith(param.help));
            }
            std::vector<std::string> declared;
            for (const auto& [name, value] : branch["properties"].items()) declared.push_back(name);
            CHECK(declared == names);
        }
        // The last branch: the kind of a preset, any of the part's parameters.
        REQUIRE(branches.size() == kinds + 1);
        std::set<std::string> beside;
        for (const auto& [name, value] : branches[kinds]["properties"].items()) beside.insert(name);
        CHECK(beside == parameters);
    }
}

TEST_CASE("strategy, tier preset and family names in the schema are the registry's and the embedded ones",
          "[schema]") {
    std::vector<std::string> strategies, tiers, families;
    for (const auto& preset : models::strategy_presets()) strategies.push_back(preset.name);
    for (const auto& family : tier_preset_families()) {
        families.push_back(family.name);
        for (const auto& tier : family.tiers) tiers.push_back(tier.name);
    }
    REQUIRE(tiers.size() >= 4);
    CHECK(objects_of("api").front()->at("properties")["preset"]["enum"] == Json(tiers));
    CHECK(objects_of("plan").front()->at("properties")["tiers"]["enum"] == Json(families));
    CHECK(objects_of("<strategy>").front()->at("properties")["preset"]["enum"] == Json(strategies));
    CHECK(objects_of("clients[]").front()->at("properties")["strategy"]["anyOf"][0]["enum"] == Json(strategies));
}

TEST_CASE("the unit patterns accept exactly what the unit parsers read", "[schema]") {
    for (const std::string text : {"30s", "250ms", "1.5m", "2h", "1d", ".5s", "5.s", "0s", "30 s", "30sec",
                                   "-1s", "1e3s", "s", "", "1..2s", "30S", "1.5.3s"}) {
        INFO("duration '" << text << "'");
        CHECK(matches(kDurationPattern, text) == static_cast<bool>(parse_duration_seconds(text)));
    }
    for (const std::string text : {"1000", "450k", "450K", "2M", "1.5k", ".5M", "7.", "450kb", "2m", "-5",
                                   "1e3", "k", "", "1 k", "2G"}) {
        INFO("count '" << text << "'");
        CHECK(matches(kCountPattern, text) == static_cast<bool>(parse_count(text)));
    }
    for (const std::string text : {"2/s", "120/min", "100/h", "0.5/s", ".5/min", "2/sec", "2 /s", "2/d",
                                   "/s", "2", "-2/s", "2k/s"}) {
        INFO("rate '" << text << "'");
        CHECK(matches(kRatePattern, text) == static_cast<bool>(parse_rate(text)));
    }
}

TEST_CASE("every --set path from the key table leads to a key of the schema", "[schema]") {
    const std::vector<std::string> paths = set_paths();
    REQUIRE(paths.size() > 60);
    for (const std::string& path : paths) {
        INFO("--set " << path);
        std::vector<const Json*> here;
        alternatives(schema(), here);
        std::size_t start = 0;
        while (start <= path.size()) {
            const std::size_t dot = path.find('.', start);
            const std::string segment = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            std::vector<const Json*> next;
            for (const Json* node : here) {
                const bool placeholder = !segment.empty() && (segment == "0" || std::all_of(segment.begin(), segment.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || c == '_'; }));
                if (node->contains("properties") && (*node)["properties"].contains(segment))
                    alternatives((*node)["properties"][segment], next);
                else if (placeholder && node->contains("additionalProperties") && (*node)["additionalProperties"].is_object())
                    alternatives((*node)["additionalProperties"], next);
                else if (placeholder && node->contains("items"))
                    alternatives((*node)["items"], next);
            }
            REQUIRE_FALSE(next.empty());
            here = next;
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
    }
}

}  // namespace test_scenario_schema
