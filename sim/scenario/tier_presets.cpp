#include "sim/scenario/tier_presets.hpp"

#include <fmt/format.h>

#include "sim/scenario/key_values.hpp"
#include "sim/scenario/tier_preset_file.hpp"
#include "sim/scenario/scenario_keys.hpp"

namespace ratesim::scenario {

namespace {

TierPresetFamily describe(const EmbeddedFile& embedded) {
    YAML::Node keep;
    const YamlNode root = tier_preset_root(embedded, keep);
    TierPresetFamily family;
    family.file = embedded.name;
    family.name = root.require("family", "").text("a name");
    family.dated = root.require("dated", "when these limits applied").text("a string");
    family.source = root.require("source", "where the limits were published").text("a string");
    const std::string tier_forms =
        "a map of tier name -> {" + join(keys_of("<preset file>.tiers.*")) + "}";
    for (const auto& [tier, node] : root.require("tiers", tier_forms).entries()) {
        node.check_keys(keys_of("<preset file>.tiers.*"));
        const YamlNode api = node.require("api", "the tier's api section");
        api.expect_map("a map");
        TierPreset t;
        t.name = family.name + "/" + tier;
        if (auto s = node.get("summary")) t.summary = s->text("a string");
        if (auto pools = api.get("pools"))
            for (const auto& [pool, limits] : pools->entries()) {
                TierPresetPool p{pool, {}, {}, {}, {}};
                if (auto v = limits.get("rpm")) p.rpm = read_count(*v, key_spec("api.pools.*", "rpm"));
                if (auto v = limits.get("itpm")) p.itpm = read_count(*v, key_spec("api.pools.*", "itpm"));
                if (auto v = limits.get("otpm")) p.otpm = read_count(*v, key_spec("api.pools.*", "otpm"));
                if (auto v = limits.get("models"))
                    for (const YamlNode& model : v->elements("a list of model names"))
                        p.models.push_back(model.text("a model name"));
                t.pools.push_back(std::move(p));
            }
        family.tiers.push_back(std::move(t));
    }
    return family;
}

std::vector<std::string> family_names() {
    std::vector<std::string> names;
    for (const auto& embedded : embedded_tier_presets()) names.push_back(family_of(embedded.name));
    return names;
}

}  // namespace

std::vector<TierPresetFamily> tier_preset_families() {
    std::vector<TierPresetFamily> families;
    for (const auto& embedded : embedded_tier_presets()) families.push_back(describe(embedded));
    return families;
}

std::vector<std::string> tier_preset_family_tiers(const std::string& family) {
    for (const auto& embedded : embedded_tier_presets())
        if (family_of(embedded.name) == family) {
            std::vector<std::string> names;
            for (const auto& tier : describe(embedded).tiers) names.push_back(tier.name);
            return names;
        }
    throw ScenarioError(fmt::format("error: {}; allowed: {}",
                                    unknown_with_hint("preset family", family, family_names()),
                                    join(family_names())));
}

}  // namespace ratesim::scenario
