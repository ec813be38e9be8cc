#include "sim/scenario/presets.hpp"

#include <fmt/format.h>

#include <memory>

#include "sim/scenario/scenario_keys.hpp"

namespace ratesim::scenario {

namespace {

struct ParsedPreset {
    std::string file;
    YAML::Node root;
};

// The family name a preset file declares, checked against its file name.
std::string family_of(const std::string& file) {
    const auto slash = file.find_last_of('/');
    std::string base = file.substr(slash == std::string::npos ? 0 : slash + 1);
    return base.substr(0, base.rfind(".yaml"));
}

YamlNode preset_root(const EmbeddedFile& embedded, YAML::Node& keep) {
    try {
        keep = load_one_document(embedded.text);
    } catch (const YAML::ParserException& e) {
        throw ScenarioError(fmt::format("{}:{}:{}: error: invalid YAML: {}", embedded.name,
                                        e.mark.line + 1, e.mark.column + 1, e.msg));
    }
    auto source = std::make_shared<YamlSource>();
    source->file = embedded.name;
    YamlNode root(keep, "", source);
    root.expect_map("a preset: family, dated, source, tiers");
    root.check_keys(keys_of("<preset file>"));
    const std::string family = root.require("family", "the family name").text("a name");
    if (family != family_of(embedded.name))
        root.require("family", "").error(
            fmt::format("the family '{}' differs from the file name", family),
            family_of(embedded.name));
    return root;
}

PresetFamily describe(const EmbeddedFile& embedded) {
    YAML::Node keep;
    const YamlNode root = preset_root(embedded, keep);
    PresetFamily family;
    family.file = embedded.name;
    family.name = root.require("family", "").text("a name");
    family.dated = root.require("dated", "when these limits applied").text("a string");
    family.source = root.require("source", "where the limits were published").text("a string");
    for (const auto& [tier, node] : root.require("tiers", "a map of tier name -> {summary, api}").entries()) {
        node.check_keys(keys_of("<preset file>.tiers.*"));
        node.require("api", "the tier's api section").expect_map("a map");
        PresetTier t;
        t.name = family.name + "/" + tier;
        if (auto s = node.get("summary")) t.summary = s->text("a string");
        family.tiers.push_back(std::move(t));
    }
    return family;
}

std::vector<std::string> family_names() {
    std::vector<std::string> names;
    for (const auto& embedded : embedded_presets()) names.push_back(family_of(embedded.name));
    return names;
}

// Merges `preset` under `target` (a map): keys missing from target are
// taken from preset and recorded as included from `file`.
void merge_under(YAML::Node target, const YAML::Node& preset, const std::string& path,
                 const std::string& file, YamlSource& source) {
    for (auto it = preset.begin(); it != preset.end(); ++it) {
        const std::string key = it->first.Scalar();
        const std::string child_path = path + "." + key;
        YAML::Node existing;
        bool found = false;
        for (auto t = target.begin(); t != target.end(); ++t)
            if (t->first.IsScalar() && t->first.Scalar() == key) {
                existing.reset(t->second);
                found = true;
            }
        if (!found) {
            target[key] = it->second;
            source.included.emplace_back(child_path, file);
        } else if (existing.IsMap() && it->second.IsMap()) {
            merge_under(existing, it->second, child_path, file, source);
        }
    }
}

}  // namespace

std::vector<PresetFamily> preset_families() {
    std::vector<PresetFamily> families;
    for (const auto& embedded : embedded_presets()) families.push_back(describe(embedded));
    return families;
}

std::vector<std::string> preset_family_tiers(const std::string& family) {
    for (const auto& embedded : embedded_presets())
        if (family_of(embedded.name) == family) {
            std::vector<std::string> names;
            for (const auto& tier : describe(embedded).tiers) names.push_back(tier.name);
            return names;
        }
    throw ScenarioError(fmt::format("error: {}; allowed: {}",
                                    unknown_with_hint("preset family", family, family_names()),
                                    join(family_names())));
}

PresetApi find_preset(const std::string& name, const std::string& where) {
    const auto slash = name.find('/');
    const std::string family = name.substr(0, slash);
    for (const auto& embedded : embedded_presets()) {
        if (family_of(embedded.name) != family) continue;
        YAML::Node keep;
        const YamlNode root = preset_root(embedded, keep);
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
    for (const auto& f : preset_families())
        for (const auto& t : f.tiers) all.push_back(t.name);
    throw ScenarioError(fmt::format("{}: error: api.preset: {}; allowed: {}", where,
                                    unknown_with_hint("preset", name, all), join(all)));
}

void merge_api_preset(YAML::Node& root, const std::vector<std::string>& sets, YamlSource& source) {
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
    const PresetApi preset = find_preset(name, where);
    merge_under(api, preset.api, "api", preset.file, source);
}

}  // namespace ratesim::scenario
