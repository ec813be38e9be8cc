#include "sim/scenario/playground_reader.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/scenario/overrides.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/spelling_hints.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

constexpr const char* kForms =
    "a map of --set paths to ranges LO..HI, e.g. {clients.batch.workers: 1..256, "
    "api.pools.sonnet.rpm: 10..4000, api.burst: 1s..60s}";
constexpr const char* kTunableKeys = "a path ending at a count, integer, number or duration key, "
                                     "such as workers, rpm, itpm or burst";

// "clients[0].workers" into clients, 0, workers.
std::vector<std::string> segments_of(const std::string& canonical) {
    std::vector<std::string> out;
    std::string current;
    for (const char c : canonical) {
        if (c == '.' || c == '[' || c == ']') {
            if (!current.empty()) out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

// The key the canonical path ends at, found through the key table; throws via `at`.
const KeySpec& key_at(const std::vector<std::string>& segments, const std::string& path, const YamlNode& at) {
    std::string section;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const KeySpec* spec = nullptr;
        for (const KeySpec& key : scenario_keys())
            if (key.section == section && key.name == segments[i]) {
                spec = &key;
                break;
            }
        if (spec == nullptr) {
            const auto names = keys_of(section);
            at.error(fmt::format("'{}' names no key of the scenario: {} has no key '{}'{}", path,
                                 section.empty() ? "the top level" : section, segments[i],
                                 hint_for(segments[i], names)),
                     join(names));
        }
        const bool last = i + 1 == segments.size();
        switch (spec->type) {
            case KeyType::map: section = spec->child; break;
            case KeyType::list:
            case KeyType::named_map:
                section = spec->child;
                ++i;  // the element's index or the entry's name
                break;
            case KeyType::integer:
            case KeyType::count:
            case KeyType::number:
            case KeyType::fraction:
            case KeyType::duration:
                if (last) return *spec;
                [[fallthrough]];
            default:
                at.error(fmt::format("'{}' ends at {} key '{}', which a slider cannot set", path,
                                     last ? "the" : "a non-numeric", spec->name),
                         kTunableKeys);
        }
        if (last) break;
    }
    at.error(fmt::format("'{}' names a section, not a key", path), kTunableKeys);
}

Tunable::Kind kind_of(const KeySpec& key) {
    switch (key.type) {
        case KeyType::integer:
        case KeyType::count: return Tunable::Kind::count;
        case KeyType::duration: return Tunable::Kind::duration;
        default: return Tunable::Kind::number;
    }
}

// The scenario's value at `segments` in its resolved JSON; NaN when it has none.
double value_at(const nlohmann::json& resolved, const std::vector<std::string>& segments, Tunable::Kind kind) {
    const nlohmann::json* at = &resolved;
    for (const std::string& s : segments) {
        if (at->is_array()) {
            const std::size_t index = std::stoul(s);
            if (index >= at->size()) return NAN;
            at = &(*at)[index];
        } else if (at->is_object() && at->contains(s)) {
            at = &(*at)[s];
        } else {
            return NAN;
        }
    }
    if (at->is_number()) return at->get<double>();
    if (kind == Tunable::Kind::duration && at->is_string())
        if (const auto seconds = parse_duration_seconds(at->get<std::string>())) return *seconds.value;
    return NAN;
}

// One bound of LO..HI in the key's units; the problem, or "" when fine.
std::string parse_bound(const std::string& text, Tunable::Kind kind, double& out) {
    const auto r = kind == Tunable::Kind::duration ? parse_duration_seconds(text)
                   : kind == Tunable::Kind::count  ? parse_count(text)
                                                   : parse_number(text);
    if (!r) return fmt::format("'{}' in the range: {}", text, r.error.substr(0, r.error.find("; allowed:")));
    if (kind == Tunable::Kind::count && *r.value != std::floor(*r.value))
        return fmt::format("'{}' in the range is not a whole number", text);
    out = *r.value;
    return "";
}

std::string range_forms(const KeySpec& key, Tunable::Kind kind) {
    const char* what = kind == Tunable::Kind::duration ? "durations (e.g. 1s..60s)"
                       : kind == Tunable::Kind::count  ? "whole numbers, k/M suffixes allowed (e.g. 1..256, 1k..40k)"
                                                       : "numbers (e.g. 0.1..0.9)";
    std::string bounds;
    const auto show = [&](double v) {
        return kind == Tunable::Kind::duration ? format_duration_seconds(v) : fmt::format("{}", v);
    };
    if (std::isfinite(key.min)) bounds += fmt::format(" {} {}", key.min_exclusive ? ">" : ">=", show(key.min));
    if (std::isfinite(key.max)) bounds += fmt::format("{} <= {}", bounds.empty() ? "" : " and", show(key.max));
    if (key.type == KeyType::fraction) bounds = " from 0 to 1";
    return fmt::format("a range LO..HI with LO < HI, both {}{}", what,
                       bounds.empty() ? "" : fmt::format(", each{} as {} allows", bounds, key.name));
}

// A slider's step. Counts: a power of ten of at most a thousandth of the
// range that lands on LO and the value (at least 1). Else 1 on whole ranges
// at least 10 wide, or a hundredth of the range.
double step_of(Tunable::Kind kind, double min, double max, double value) {
    if (kind == Tunable::Kind::count) {
        double step = std::max(1.0, std::pow(10.0, std::floor(std::log10((max - min) / 1000))));
        while (step > 1 && (std::fmod(min, step) != 0 || std::fmod(value, step) != 0)) step /= 10;
        return step;
    }
    if (min == std::floor(min) && max == std::floor(max) && max - min >= 10) return 1;
    return (max - min) / 100;
}

std::string show_value(Tunable::Kind kind, double v) {
    return kind == Tunable::Kind::duration ? format_duration_seconds(v) : fmt::format("{}", v);
}

}  // namespace

std::vector<Tunable> read_playground(const YamlNode& node, const YAML::Node& root, const ScenarioConfig& config) {
    if (!node.is_map()) node.error(fmt::format("expected a map, found {}", node.found()), kForms);
    const auto entries = node.entries();
    if (entries.empty()) node.error("the map is empty", kForms);
    const nlohmann::json resolved = scenario_to_json(config);
    std::vector<Tunable> tunables;
    std::vector<std::string> canonicals;
    for (const auto& [path, range] : entries) {
        // The path as --set takes it, on a copy of the scenario: one naming
        // nothing fails as `--set` would, listing what exists.
        YAML::Node copy = YAML::Clone(root);
        const std::string canonical = assign_path(copy, path, YAML::Node("0"),
                                                  fmt::format("{}: playground {}", range.location(), path));
        const std::vector<std::string> segments = segments_of(canonical);
        const KeySpec& key = key_at(segments, path, range);
        Tunable t;
        t.path = path;
        t.label = path;
        t.kind = kind_of(key);
        const std::string forms = range_forms(key, t.kind);
        for (std::size_t i = 0; i < canonicals.size(); ++i)
            if (canonicals[i] == canonical)
                range.error(fmt::format("'{}' names {}, as '{}' does", path, canonical, tunables[i].path),
                            "each path once");
        if (!range.is_scalar()) range.error(fmt::format("found {}", range.found()), forms);
        const std::string text = range.raw().Scalar();
        const auto dots = text.find("..");
        if (dots == std::string::npos) range.error(fmt::format("'{}' is not a range LO..HI", text), forms);
        for (const auto& [bound_text, out] : {std::pair{trim(text.substr(0, dots)), &t.min},
                                              std::pair{trim(text.substr(dots + 2)), &t.max}})
            if (std::string problem = parse_bound(bound_text, t.kind, *out); !problem.empty())
                range.error(problem, forms);
        if (!(t.min < t.max)) range.error(fmt::format("the range '{}' is empty: LO must be below HI", text), forms);
        const double low_limit = key.type == KeyType::fraction ? 0 : key.min;
        const double high_limit = key.type == KeyType::fraction ? 1 : key.max;
        if (t.min < low_limit || (key.min_exclusive && t.min == low_limit) || t.max > high_limit)
            range.error(fmt::format("the range '{}' goes beyond what {} allows", text, key.name), forms);
        t.value = value_at(resolved, segments, t.kind);
        if (std::isnan(t.value))
            range.error(fmt::format("{} has no value in this scenario (unlimited or unset), so a slider "
                                    "has none to start from", canonical),
                        "a path the scenario gives a value");
        if (t.value < t.min || t.value > t.max)
            range.error(fmt::format("the scenario's {} is {}, outside the range '{}'", path,
                                    show_value(t.kind, t.value), text),
                        "a range that holds the scenario's value");
        t.step = step_of(t.kind, t.min, t.max, t.value);
        canonicals.push_back(canonical);
        tunables.push_back(std::move(t));
    }
    return tunables;
}

std::vector<Tunable> default_tunables(const ScenarioConfig& config) {
    std::vector<Tunable> out;
    for (const auto& group : config.clients) {
        const double workers = static_cast<double>(group.workers);
        out.push_back({fmt::format("clients.{}.workers", group.name), fmt::format("clients.{}.workers", group.name),
                       Tunable::Kind::count, 1, std::max(256.0, 2 * workers), 1, workers});
    }
    for (const auto& pool : config.api.pools) {
        if (!pool.rpm) continue;
        const double rpm = *pool.rpm;
        const double low = std::max(1.0, std::floor(rpm / 10));
        const double high = std::ceil(rpm * 10);
        const std::string path = fmt::format("api.pools.{}.rpm", pool.name);
        out.push_back({path, path, Tunable::Kind::count, low, high, step_of(Tunable::Kind::count, low, high, rpm), rpm});
    }
    const double burst = engine::to_seconds(config.api.burst);
    const double low = std::min(1.0, burst), high = std::max(60.0, burst);
    out.push_back({"api.burst", "api.burst", Tunable::Kind::duration, low, high, step_of(Tunable::Kind::duration, low, high, burst),
                   burst});
    return out;
}

}  // namespace ratesim::scenario
