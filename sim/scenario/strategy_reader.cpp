#include "sim/scenario/strategy_reader.hpp"

#include <fmt/format.h>

#include <limits>

#include "models/strategy/registry.hpp"
#include "sim/scenario/key_values.hpp"
#include "sim/scenario/routing_reader.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

using models::Part;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr const char* kStatusForms =
    "status codes 100..599, ranges 1xx..5xx, or timeout (e.g. [429, 5xx, timeout])";

std::vector<std::string> preset_names() {
    std::vector<std::string> names;
    for (const auto& preset : models::strategy_presets()) names.push_back(preset.name);
    return names;
}

const models::StrategyPreset& find_strategy_preset_or_fail(const YamlNode& node) {
    const std::vector<std::string> names = preset_names();
    const std::string name = node.text("a preset name: " + join(names));
    const models::StrategyPreset* preset = models::find_strategy_preset(name);
    if (preset == nullptr)
        node.error(unknown_with_hint("strategy preset", name, names), join(names));
    return *preset;
}

std::string find_kind_or_fail(const YamlNode& node, Part part) {
    const std::vector<std::string> names = models::kind_names(part);
    const std::string name =
        node.text(fmt::format("a {} kind: {}", models::part_name(part), join(names)));
    if (models::find_kind(part, name) == nullptr)
        node.error(unknown_with_hint(fmt::format("{} kind", models::part_name(part)), name, names),
                   join(names));
    return name;
}

void add_status(const YamlNode& item, models::StatusSet& set) {
    const std::string text = item.text(kStatusForms);
    if (text == "timeout") {
        set.add(models::StatusSet::kTimeout);
        return;
    }
    if (text.size() == 3 && text[0] >= '1' && text[0] <= '5' &&
        (text[1] == 'x' || text[1] == 'X') && (text[2] == 'x' || text[2] == 'X')) {
        const int hundreds = (text[0] - '0') * 100;
        set.add_range(hundreds, hundreds + 99);
        return;
    }
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        item.error(fmt::format("{} is not a status", item.found()), kStatusForms);
    set.add(static_cast<int>(item.integer(100, 599, kStatusForms)));
}

// A part from a kind name or a {kind, params...} map. `base` is what the
// preset (or `none`) gave; naming the same kind keeps its values.
models::PartConfig read_part(const YamlNode& node, Part part, const models::PartConfig& base,
                             bool from_preset) {
    const std::vector<std::string> kinds = models::kind_names(part);
    if (node.is_scalar()) {
        const std::string kind = find_kind_or_fail(node, part);
        if (kind == base.kind) return base;
        return models::resolve_part(part, models::StrategyPresetPart{kind, {}});
    }
    if (!node.is_map())
        node.error(fmt::format("expected a kind name or a map, found {}", node.found()),
                   fmt::format("one of {}, or {{kind: ..., <parameters>}}", join(kinds)));
    models::PartConfig config = base;
    if (auto kind_node = node.get("kind")) {
        const std::string kind = find_kind_or_fail(*kind_node, part);
        if (kind != base.kind) config = models::resolve_part(part, models::StrategyPresetPart{kind, {}});
    } else if (!from_preset) {
        node.missing("kind", join(kinds));
    }
    const models::PartKind* kind = models::find_kind(part, config.kind);
    if (kind == nullptr)
        node.error(fmt::format("the preset's {} kind '{}' is not registered",
                               models::part_name(part), config.kind));
    node.check_keys(keys_of_part(*kind), "parameter",
                    fmt::format(" for {} kind '{}'", models::part_name(part), kind->name));
    for (const auto& [key, value] : node.entries()) {
        if (key == "kind") continue;
        for (const auto& spec : kind->params)
            if (spec.name == key) config.params.set(key, read_param(value, spec));
    }
    return config;
}

}  // namespace

std::string param_forms(const models::ParamSpec& spec) {
    switch (spec.type) {
        case models::ParamType::duration:
            return kDurationForms;
        case models::ParamType::duration_or_none:
            return std::string("none, or ") + kDurationForms;
        case models::ParamType::number:
            return "a number >= 0 (k and M suffixes allowed, e.g. 0.5, 40k)";
        case models::ParamType::number_or_none:
            return "none, or a number >= 0 (k and M suffixes allowed, e.g. 0.5, 40k)";
        case models::ParamType::fraction:
            return "a fraction from 0 to 1 (e.g. 0.1)";
        case models::ParamType::count:
            return "an integer >= 1";
        case models::ParamType::retries:
            return "an integer >= 0, or unlimited";
        case models::ParamType::choice:
            return "one of " + join(spec.choices);
        case models::ParamType::statuses:
            return kStatusForms;
    }
    return "?";
}

models::ParamValue read_param(const YamlNode& node, const models::ParamSpec& spec) {
    const std::string forms = param_forms(spec);
    switch (spec.type) {
        case models::ParamType::duration:
            return node.duration_seconds(false);
        case models::ParamType::duration_or_none: {
            const engine::Time t = node.duration_or_none(false);
            return t == engine::kNever ? kInf : engine::to_seconds(t);
        }
        case models::ParamType::number_or_none:
            if (node.is_scalar() && node.raw().Scalar() == "none") return kInf;
            [[fallthrough]];
        case models::ParamType::number: {
            const auto parsed = parse_count(node.text(forms));
            if (!parsed) node.error(fmt::format("{} is not a number >= 0", node.found()), forms);
            return *parsed.value;
        }
        case models::ParamType::fraction:
            return node.fraction();
        case models::ParamType::count:
            return static_cast<double>(node.integer(1, std::int64_t{1} << 53, forms));
        case models::ParamType::retries:
            if (node.is_scalar() && node.raw().Scalar() == "unlimited") return kInf;
            return static_cast<double>(node.integer(0, std::int64_t{1} << 53, forms));
        case models::ParamType::choice:
            return node.choice(spec.choices);
        case models::ParamType::statuses: {
            models::StatusSet set;
            if (node.is_scalar())
                add_status(node, set);
            else
                for (const YamlNode& item : node.elements(forms)) add_status(item, set);
            return set;
        }
    }
    node.error("unsupported parameter type");
}

models::StrategyConfig read_strategy(const YamlNode& node, const std::string& fallback_label,
                                     const models::ApiConfig& api) {
    if (node.is_scalar()) {
        const models::StrategyPreset& preset = find_strategy_preset_or_fail(node);
        models::StrategyConfig config = models::resolve_strategy_preset(preset);
        config.name = preset.name;
        config.strategy_preset = preset.name;
        return config;
    }
    if (!node.is_map())
        node.error(fmt::format("expected a preset name or a map, found {}", node.found()),
                   fmt::format("a preset ({}), or a map with keys {}", join(preset_names()),
                               join(keys_of("<strategy>"))));
    node.check_keys(keys_of("<strategy>"));

    models::StrategyConfig config;
    const bool from_preset = node.has("preset");
    if (from_preset) {
        const models::StrategyPreset& preset = find_strategy_preset_or_fail(*node.get("preset"));
        config = models::resolve_strategy_preset(preset);
        config.name = preset.name;
        config.strategy_preset = preset.name;
    } else {
        config.retry = models::resolve_part(Part::retry, models::StrategyPresetPart{});
        config.pacing = models::resolve_part(Part::pacing, models::StrategyPresetPart{});
        config.budget = models::resolve_part(Part::budget, models::StrategyPresetPart{});
        config.name = fallback_label;
    }
    if (auto retry = node.get("retry"))
        config.retry = read_part(*retry, Part::retry, config.retry, from_preset);
    if (auto pacing = node.get("pacing"))
        config.pacing = read_part(*pacing, Part::pacing, config.pacing, from_preset);
    if (auto budget = node.get("budget"))
        config.budget = read_part(*budget, Part::budget, config.budget, from_preset);

    if (auto limit = node.get("max_in_flight")) {
        if (node.has("budget") && config.budget.kind == "max-in-flight")
            limit->error(
                "give either budget: max-in-flight or max_in_flight, not both",
                "max_in_flight: N as a shorthand for budget: {kind: max-in-flight, limit: N}");
        const models::PartKind* kind = models::find_kind(Part::budget, "max-in-flight");
        if (kind == nullptr)
            limit->error("no budget kind 'max-in-flight' is registered",
                         join(models::kind_names(Part::budget)));
        const double n =
            static_cast<double>(read_integer(*limit, key_spec("<strategy>", "max_in_flight")));
        // Alone it is the max-in-flight budget; beside a budget of another
        // kind (e.g. a preset's aws-quota) it caps attempts on top of it.
        if (config.budget.kind == "none" || config.budget.kind == "max-in-flight")
            config.budget =
                models::resolve_part(Part::budget, models::StrategyPresetPart{"max-in-flight", {{"limit", n}}});
        else
            config.max_in_flight = n;
    }
    if (auto routing = node.get("routing")) config.routing = read_routing(*routing, api);
    if (auto name = node.get("name")) {
        config.name = name->text(std::string(key_spec("<strategy>", "name").forms));
        if (config.name.empty()) name->error("the name is empty", "a non-empty label");
        // Labels go into CSV rows, tables and plot keys one line each.
        for (const char c : config.name)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                name->error(fmt::format("the name holds a control character (byte 0x{:02x}, e.g. a "
                                        "newline or tab)",
                                        static_cast<unsigned char>(c)),
                            "a label on one line, without control characters");
    }
    return config;
}

}  // namespace ratesim::scenario
