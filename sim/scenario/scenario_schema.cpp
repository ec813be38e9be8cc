#include "sim/scenario/scenario_schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "models/strategy/registry.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/spelling_hints.hpp"
#include "sim/scenario/tier_presets.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

const char* const kDurationPattern = "^([0-9]+\\.?[0-9]*|\\.[0-9]+)(ms|s|m|h|d)$";
const char* const kCountPattern = "^([0-9]+\\.?[0-9]*|\\.[0-9]+)[kKM]?$";
const char* const kRatePattern = "^([0-9]+\\.?[0-9]*|\\.[0-9]+)/(s|min|h)$";

std::string schema_modeline(const std::string& schema_location) {
    return "# yaml-language-server: $schema=" + schema_location;
}

namespace {

using Json = nlohmann::ordered_json;
using T = KeyType;

// What a distribution's parameters are measured in, from its key's unit.
enum class Measure { tokens, duration, number };

const char* measure_name(Measure m) {
    switch (m) {
        case Measure::tokens: return "tokens";
        case Measure::duration: return "duration";
        case Measure::number: return "number";
    }
    return "?";
}

Measure measure_of(const KeySpec& key) {
    if (key.unit == "tokens") return Measure::tokens;
    if (key.unit == "s") return Measure::duration;
    return Measure::number;
}

constexpr const char* kBooleanPattern =
    "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff])$";
constexpr const char* kStatusPattern = "^([1-5][xX][xX]|timeout|[1-5][0-9][0-9])$";
constexpr const char* kPercentPattern = "^[0-9]+(\\.[0-9]+)?%$";
constexpr const char* kRangePattern = "^.+\\.\\..+$";
constexpr double kLargestCount = 9007199254740992.0;  // 2^53, as the registry's counts

// A bound as JSON: a whole number as an integer, so the schema reads as written.
Json number_json(double x) {
    if (std::floor(x) == x && std::fabs(x) < 9.2e18) return static_cast<std::int64_t>(x);
    return x;
}

Json scalar_text() { return {{"type", {"string", "number", "boolean"}}}; }

void add_bounds(Json& schema, double min, double max, bool min_exclusive) {
    if (std::isfinite(min)) schema[min_exclusive ? "exclusiveMinimum" : "minimum"] = number_json(min);
    if (std::isfinite(max)) schema["maximum"] = number_json(max);
}

Json with_word(Json schema, std::string_view word) {
    if (word.empty()) return schema;
    return {{"anyOf", {Json{{"enum", {std::string(word)}}}, std::move(schema)}}};
}

Json duration_schema(bool positive) {
    Json pattern = {{"type", "string"}, {"pattern", kDurationPattern}};
    if (positive) return pattern;
    return {{"anyOf", {pattern, Json{{"enum", {0}}}}}};
}

Json count_schema(double min, bool min_exclusive, double max) {
    Json number = {{"type", "number"}};
    add_bounds(number, std::max(min, 0.0), max, min_exclusive);
    return {{"anyOf", {number, Json{{"type", "string"}, {"pattern", kCountPattern}}}}};
}

Json integer_schema(double min, double max) {
    Json integer = {{"type", "integer"}};
    add_bounds(integer, min, max, false);
    // Whole counts such as 20k are integers too.
    return {{"anyOf", {integer, Json{{"type", "string"}, {"pattern", kCountPattern}}}}};
}

Json number_schema(double min, double max, bool min_exclusive) {
    Json number = {{"type", "number"}};
    add_bounds(number, min, max, min_exclusive);
    return number;
}

Json boolean_schema() {
    return {{"anyOf", {Json{{"type", "boolean"}}, Json{{"type", "string"}, {"pattern", kBooleanPattern}}}}};
}

Json quantity_schema(Measure m) {
    switch (m) {
        case Measure::tokens: return count_schema(0, false, std::numeric_limits<double>::infinity());
        case Measure::duration: return duration_schema(false);
        case Measure::number: return number_schema(0, std::numeric_limits<double>::infinity(), false);
    }
    return Json::object();
}

std::vector<std::string> names_from(KeyNames names) {
    std::vector<std::string> out;
    switch (names) {
        case KeyNames::listed:
        case KeyNames::part_kinds: break;
        case KeyNames::tier_presets:
            for (const auto& family : tier_preset_families())
                for (const auto& tier : family.tiers) out.push_back(tier.name);
            break;
        case KeyNames::tier_families:
            for (const auto& family : tier_preset_families()) out.push_back(family.name);
            break;
        case KeyNames::strategy_presets:
            for (const auto& preset : models::strategy_presets()) out.push_back(preset.name);
            break;
    }
    return out;
}

// The key's value written as a scenario would, as JSON of the right type.
Json default_json(const KeySpec& key) {
    const std::string text(key.default_value);
    if (key.type == T::integer || key.type == T::number || key.type == T::fraction) {
        if (const auto number = parse_number(text)) return number_json(*number.value);
    }
    if (key.type == T::boolean) return text == "true";
    if (text == "[]") return Json::array();
    return text;
}

std::string forms_of(const KeySpec& key) {
    if (!key.forms.empty()) return std::string(key.forms);
    const std::string word = key.alternative.empty() ? "" : std::string(key.alternative) + ", or ";
    switch (key.type) {
        case T::duration:
            return word + (positive(key) ? "a duration > 0 (e.g. 250ms, 30s, 1.5m, 2h, 1d)" : kDurationForms);
        case T::count: return kCountForms;
        case T::rate: return kRateForms;
        case T::number: return kNumberForms;
        case T::fraction: return "a fraction from 0 to 1";
        case T::boolean: return "true or false";
        case T::choice: return key.choices.empty() ? "" : "one of " + join(choices_of(key));
        default: return "";
    }
}

std::string described(std::string_view description, const std::string& forms,
                      std::string_view unit = "") {
    std::string out(description);
    if (!unit.empty()) out += fmt::format(" [{}]", unit);
    if (!forms.empty()) out += "; allowed: " + forms;
    return out;
}

}  // namespace

std::string schema_definition_name(std::string_view section) {
    std::string out;
    for (std::size_t i = 0; i < section.size(); ++i) {
        const char c = section[i];
        if (c == '<' || c == '>') continue;
        if (c == ' ') out += '-';
        else if (c == '*') out += "NAME";
        else if (c == '[' && i + 1 < section.size() && section[i + 1] == ']') {
            out += ".item";
            ++i;
        } else
            out += c;
    }
    return out;
}

namespace {

Json reference_to(const std::string& name) { return {{"$ref", "#/definitions/" + name}}; }

std::vector<const KeySpec*> keys_in(std::string_view section) {
    std::vector<const KeySpec*> keys;
    for (const KeySpec& key : scenario_keys())
        if (key.section == section) keys.push_back(&key);
    return keys;
}

// Builds the definitions reachable from the root, each once.
class SchemaBuilder {
public:
    Json definitions = Json::object();

    // The schema of one section's map: its keys, what is required, and
    // nothing else; a section with variants is one branch per variant.
    Json section(std::string_view name, Measure measure) {
        const std::vector<const KeySpec*> keys = keys_in(name);
        if (keys.empty())
            throw std::logic_error("the key table has no section '" + std::string(name) + "'");
        const auto selector = std::find_if(keys.begin(), keys.end(),
                                           [](const KeySpec* k) { return k->selects_variant; });
        if (selector == keys.end()) return object_of(keys, "", measure, nullptr);
        Json branches = Json::array();
        for (std::string_view variant : (*selector)->choices)
            branches.push_back(object_of(keys, variant, measure, *selector));
        return {{"type", "object"}, {"oneOf", branches}};
    }

    std::string defined(std::string_view section_name, Measure measure, bool measured) {
        std::string name = schema_definition_name(section_name);
        if (measured) name += std::string(".") + measure_name(measure);
        if (!definitions.contains(name)) {
            definitions[name] = Json::object();  // reserved: a section may refer to itself
            definitions[name] = section(section_name, measure);
        }
        return name;
    }

    Json value(const KeySpec& key, Measure measure) {
        Json schema;
        switch (key.type) {
            case T::text: {
                const std::vector<std::string> names = names_from(key.names);
                schema = names.empty() ? scalar_text() : Json{{"enum", names}};
                break;
            }
            case T::text_list: schema = {{"type", "array"}, {"items", scalar_text()}}; break;
            case T::integer: schema = integer_schema(key.min, key.max); break;
            case T::number: schema = number_schema(key.min, key.max, key.min_exclusive); break;
            case T::fraction: schema = number_schema(0, 1, false); break;
            case T::boolean: schema = boolean_schema(); break;
            case T::duration: schema = duration_schema(positive(key)); break;
            case T::count: schema = count_schema(key.min, key.min_exclusive, key.max); break;
            case T::rate: schema = {{"type", "string"}, {"pattern", kRatePattern}}; break;
            case T::rate_profile:
                schema = {{"anyOf",
                           {Json{{"type", "string"}, {"pattern", kRatePattern}},
                            Json{{"type", "array"}, {"minItems", 1},
                                 {"items", reference_to(defined(kRateStepSection, measure, false))}},
                            reference_to(defined(kRateSpikeSection, measure, false)),
                            reference_to(defined(kRateDiurnalSection, measure, false))}}};
                break;
            case T::choice: schema = {{"enum", choices_of(key)}}; break;
            case T::quantity: schema = quantity_schema(measure); break;
            case T::distribution: {
                const Measure own = measure_of(key);
                Json constant = quantity_schema(own);
                schema = {{"anyOf", {constant, reference_to(defined(key.child, own, true))}}};
                break;
            }
            case T::map: schema = reference_to(defined(key.child, measure, false)); break;
            case T::list:
                schema = {{"type", "array"}, {"items", item(key.child, measure)}};
                break;
            case T::named_map:
                schema = {{"type", "object"}, {"additionalProperties", reference_to(defined(key.child, measure, false))}};
                break;
            case T::strategy: schema = strategy(key.child); break;
            case T::strategy_part: schema = reference_to(part(key.name)); break;
            case T::sweep:
                schema = {{"type", "object"}, {"minProperties", 1}, {"maxProperties", 1},
                          {"additionalProperties",
                           {{"anyOf",
                             {Json{{"type", "array"}, {"minItems", 1}, {"items", scalar_text()}},
                              Json{{"type", "string"}, {"pattern", kRangePattern}}}}}}};
                break;
            case T::interval:
                schema = {{"type", "object"}, {"minProperties", 1}, {"maxProperties", 1},
                          {"additionalProperties", {{"type", "string"}, {"pattern", kRangePattern}}}};
                break;
            case T::intervals:
                schema = {{"type", "object"}, {"minProperties", 1},
                          {"additionalProperties", {{"type", "string"}, {"pattern", kRangePattern}}}};
                break;
            case T::shares:
                schema = {{"type", "object"},
                          {"additionalProperties",
                           {{"anyOf", {number_schema(0, 1, false),
                                       Json{{"type", "string"}, {"pattern", kPercentPattern}}}}}}};
                break;
            case T::statuses: {
                const Json status = {{"anyOf",
                                      {Json{{"type", "integer"}, {"minimum", 100}, {"maximum", 599}},
                                       Json{{"type", "string"}, {"pattern", kStatusPattern}}}}};
                schema = {{"anyOf", {status, Json{{"type", "array"}, {"items", status}}}}};
                break;
            }
        }
        schema = with_word(std::move(schema), key.alternative);
        Json out = {{"description", described(key.description, forms_of(key), key.unit)}};
        for (auto& [k, v] : schema.items()) out[k] = v;
        if (!key.default_value.empty()) out["default"] = default_json(key);
        return out;
    }

private:
    Json item(std::string_view child, Measure measure) {
        if (child == "<strategy>") return strategy(child);
        return reference_to(defined(child, measure, false));
    }

    Json strategy(std::string_view child) {
        return {{"anyOf",
                 {Json{{"enum", names_from(KeyNames::strategy_presets)}},
                  reference_to(defined(child, Measure::number, false))}}};
    }

    Json object_of(const std::vector<const KeySpec*>& keys, std::string_view variant,
                   Measure measure, const KeySpec* selector) {
        Json properties = Json::object();
        Json required = Json::array();
        std::string preset_key;
        for (const KeySpec* key : keys) {
            if (!key->variant.empty() && key->variant != variant) continue;
            if (key == selector) {
                properties[std::string(key->name)] = {
                    {"description", described(key->description, "")}, {"const", std::string(variant)}};
            } else {
                properties[std::string(key->name)] = value(*key, measure);
            }
            if (key->required) required.push_back(std::string(key->name));
            if (key->names == KeyNames::tier_presets) preset_key = key->name;
        }
        Json schema = {{"type", "object"}};
        if (selector) schema["title"] = fmt::format("{}: {}", selector->name, variant);
        schema["properties"] = properties;
        // The keys a preset supplies may be left out beside it.
        if (!preset_key.empty() && !required.empty())
            schema["anyOf"] = {Json{{"required", required}}, Json{{"required", {preset_key}}}};
        else if (!required.empty())
            schema["required"] = required;
        schema["additionalProperties"] = false;
        return schema;
    }

    // One part (retry, pacing or budget): a kind name, or a map that names
    // its kind and that kind's parameters: one branch per registered kind.
    // Beside a strategy preset `kind` may be left out, keeping the preset's.
    std::string part(std::string_view key_name) {
        const std::string name = "part." + std::string(key_name);
        if (definitions.contains(name)) return name;
        const models::Part* part = nullptr;
        static constexpr models::Part kParts[] = {models::Part::retry, models::Part::pacing,
                                                  models::Part::budget};
        for (const models::Part& p : kParts)
            if (key_name == models::part_name(p)) part = &p;
        if (part == nullptr)
            throw std::logic_error("no strategy part is named '" + std::string(key_name) + "'");
        const KeySpec& kind_key = key_spec("<strategy part>", "kind");
        Json branches = Json::array();
        Json any_parameter = Json::object();
        for (const models::PartKind& kind : models::part_kinds()) {
            if (kind.part != *part) continue;
            std::string about = kind.summary;
            if (kind.formula != "-") about += "; rule: " + kind.formula;
            if (kind.caps_in_flight) about += "; needs coordination: shared";
            Json properties = {{"kind", {{"description", about}, {"const", kind.name}}}};
            for (const models::ParamSpec& param : kind.params) {
                properties[param.name] = parameter(param);
                any_parameter[param.name] = Json::object();
            }
            branches.push_back({{"type", "object"},
                                {"title", fmt::format("{} kind: {}", key_name, kind.name)},
                                {"description", about},
                                {"properties", properties},
                                {"required", {"kind"}},
                                {"additionalProperties", false}});
        }
        branches.push_back({{"type", "object"},
                            {"title", fmt::format("{} beside a preset", key_name)},
                            {"description", "the preset's kind with some of its parameters set"},
                            {"not", {{"required", {"kind"}}}},
                            {"properties", any_parameter},
                            {"additionalProperties", false}});
        definitions[name] = {
            {"description", described(kind_key.description, "")},
            {"anyOf", {Json{{"enum", models::kind_names(*part)}}, Json{{"oneOf", branches}}}}};
        return name;
    }

    static Json parameter(const models::ParamSpec& param) {
        constexpr double kInf = std::numeric_limits<double>::infinity();
        Json schema;
        switch (param.type) {
            case models::ParamType::duration: schema = duration_schema(false); break;
            case models::ParamType::duration_or_none:
                schema = with_word(duration_schema(false), "none");
                break;
            case models::ParamType::number: schema = count_schema(0, false, kInf); break;
            case models::ParamType::number_or_none:
                schema = with_word(count_schema(0, false, kInf), "none");
                break;
            case models::ParamType::fraction: schema = number_schema(0, 1, false); break;
            case models::ParamType::count: schema = integer_schema(1, kLargestCount); break;
            case models::ParamType::retries:
                schema = with_word(integer_schema(0, kLargestCount), "unlimited");
                break;
            case models::ParamType::choice: schema = {{"enum", param.choices}}; break;
            case models::ParamType::statuses: {
                const Json status = {{"anyOf",
                                      {Json{{"type", "integer"}, {"minimum", 100}, {"maximum", 599}},
                                       Json{{"type", "string"}, {"pattern", kStatusPattern}}}}};
                schema = {{"anyOf", {status, Json{{"type", "array"}, {"items", status}}}}};
                break;
            }
        }
        const std::string shown = models::describe_value(param, param.default_value);
        Json out = {{"description", fmt::format("{} ({}, default {})", param.help,
                                                models::param_type_name(param.type), shown)}};
        for (auto& [k, v] : schema.items()) out[k] = v;
        if (const double* x = std::get_if<double>(&param.default_value)) {
            const bool as_text = param.type == models::ParamType::duration ||
                                 param.type == models::ParamType::duration_or_none ||
                                 !std::isfinite(*x);
            out["default"] = as_text ? Json(shown) : number_json(*x);
        } else if (std::holds_alternative<std::string>(param.default_value)) {
            out["default"] = shown;
        }
        return out;
    }
};

}  // namespace

nlohmann::ordered_json scenario_schema() {
    SchemaBuilder builder;
    Json root = builder.section("", Measure::number);
    Json schema = {
        {"$schema", "http://json-schema.org/draft-07/schema#"},
        {"title", "ratesim scenario"},
        {"description",
         "A ratesim scenario file (docs/scenarios.md). Generated by `ratesim schema` from the "
         "loader's key table, the strategy registry and the embedded tier presets."},
    };
    for (auto& [k, v] : root.items()) schema[k] = v;
    schema["definitions"] = builder.definitions;
    return schema;
}

namespace {

// A stand-in for the names a user chooses: pools -> POOL; list elements
// without a name are addressed by index.
std::string placeholder(std::string_view key_name, std::string_view child) {
    if (!child.empty() && child != "<strategy>") {
        bool named = false;
        for (const KeySpec* key : keys_in(child)) named = named || key->name == "name";
        const bool list_child = child.size() > 2 && child.substr(child.size() - 2) == "[]";
        if (list_child && !named) return "0";
    }
    std::string out(key_name);
    if (!out.empty() && out.back() == 's') out.pop_back();
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

void collect_paths(std::string_view section, const std::string& prefix,
                   std::vector<std::string>& out, std::set<std::string>& seen, int depth) {
    if (depth > 8) return;
    for (const KeySpec* key : keys_in(section)) {
        const std::string path = prefix + std::string(key->name);
        const bool leaf = key->type != T::map && key->type != T::list && key->type != T::named_map;
        if ((leaf || !key->alternative.empty() || key->child == "<strategy>") && seen.insert(path).second)
            out.push_back(path);
        if (key->type == T::map || key->type == T::strategy)
            collect_paths(key->child, path + ".", out, seen, depth + 1);
        else if ((key->type == T::list && key->child != "<strategy>") || key->type == T::named_map)
            collect_paths(key->child, path + "." + placeholder(key->name, key->child) + ".", out,
                          seen, depth + 1);
    }
}

}  // namespace

std::vector<std::string> set_paths() {
    std::vector<std::string> out;
    std::set<std::string> seen;
    collect_paths("", "", out, seen, 0);
    return out;
}

}  // namespace ratesim::scenario
