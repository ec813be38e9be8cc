#include "sim/scenario/tier_preset_merge.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "sim/scenario/tier_preset_file.hpp"
#include "sim/scenario/tier_presets.hpp"
#include "sim/scenario/scenario_keys.hpp"

namespace ratesim::scenario {

namespace {

// The tier's `api` section, its nodes marked with lines of `file`.
struct TierPresetApi {
    YAML::Node api;
    std::string file;
};

// Throws ScenarioError naming what exists when `name` is unknown; `where`
// prefixes the message ("FILE:LINE:COL" or "--set api.preset=...").
TierPresetApi find_tier_preset(const std::string& name, const std::string& where) {
    const auto slash = name.find('/');
    const std::string family = name.substr(0, slash);
    for (const auto& embedded : embedded_tier_presets()) {
        if (family_of(embedded.name) != family) continue;
        YAML::Node keep;
        const YamlNode root = tier_preset_root(embedded, keep);
        std::vector<std::string> tiers;
        for (const auto& [tier, node] : root.require("tiers", "").entries()) {
            const std::string full = family + "/" + tier;
            if (full == name) return {node.require("api", "the tier's api section").raw(), embedded.name};
            tiers.push_back(full);
        }
        throw ScenarioError(fmt::format("{}: error: api.preset: {}; allowed: {}", where,
                                        unknown_with_hint("tier", name, tiers), join(tiers)));
    }
    std::vector<std::string> all;
    for (const auto& f : tier_preset_families())
        for (const auto& t : f.tiers) all.push_back(t.name);
    throw ScenarioError(fmt::format("{}: error: api.preset: {}; allowed: {}", where,
                                    unknown_with_hint("preset", name, all), join(all)));
}

// `target` (a map) with `preset` merged under it, as a new map: keys
// missing from target are taken from preset and recorded as included from
// `file`. Every map merged into is built anew, never changed in place: with
// an alias (`opus: *p`) one map sits at two paths, and a merge into it at one
// path would also change the other, its keys marked at lines of the wrong
// file. A new map has no line of its own: the one it replaces is recorded.
YAML::Node merged(const YAML::Node& target, const YAML::Node& preset, const std::string& path,
                  const std::string& file, YamlSource& source) {
    YAML::Node out(YAML::NodeType::Map);
    source.marks.emplace_back(path, target.Mark());
    for (auto t = target.begin(); t != target.end(); ++t) {
        const YAML::Node key = t->first, value = t->second;  // copies: `t->` is a temporary
        std::optional<YAML::Node> under;  // the preset's value of the same key
        if (key.IsScalar())
            for (auto it = preset.begin(); it != preset.end(); ++it)
                if (it->first.Scalar() == key.Scalar()) under.emplace(it->second);
        if (under && value.IsMap() && under->IsMap())
            out[key] = merged(value, *under, path + "." + key.Scalar(), file, source);
        else
            out[key] = value;
    }
    for (auto it = preset.begin(); it != preset.end(); ++it) {
        const std::string key = it->first.Scalar();
        bool found = false;
        for (auto t = target.begin(); t != target.end(); ++t)
            if (t->first.IsScalar() && t->first.Scalar() == key) found = true;
        if (found) continue;
        out[key] = it->second;
        source.included.emplace_back(path + "." + key, file);
    }
    return out;
}

}  // namespace

void merge_tier_preset(YAML::Node& root, const std::vector<std::string>& sets, YamlSource& source) {
    std::string name, where;
    for (const auto& set : sets)
        if (set.rfind("api.preset=", 0) == 0) {
            where = "--set " + set;
            try {
                const YAML::Node value = load_one_document(set.substr(set.find('=') + 1));
                name = value.IsScalar() ? value.Scalar() : "";
            } catch (const YAML::Exception&) {
                name = set.substr(set.find('=') + 1);
            }
        }
    const YAML::Node& const_root = root;  // const lookups add no keys
    YAML::Node api = const_root["api"];
    if (!api.IsDefined() || !api.IsMap()) return;  // read_api reports it
    if (where.empty()) {
        const YAML::Node& const_api = api;
        const YAML::Node preset = const_api["preset"];
        if (!preset.IsDefined()) return;
        const YamlNode node(preset, "api.preset", std::make_shared<YamlSource>(source));
        name = node.text(std::string(key_spec("api", "preset").forms));
        where = node.location();
    }
    const TierPresetApi preset = find_tier_preset(name, where);
    root["api"] = merged(api, preset.api, "api", preset.file, source);
}

}  // namespace ratesim::scenario
