#pragma once
// Tier presets: published rate-limit tables as data files
// (scenarios/presets/<family>.yaml, compiled into the binary). A scenario
// names one as `api: {preset: FAMILY/TIER}`; the tier's `api` section is
// merged under the scenario's own (preset_merge.hpp), so any field can still
// be overridden there or with --set (including api.preset itself).
#include <optional>
#include <string>
#include <vector>

namespace ratesim::scenario {

// A preset file as compiled in: its repository path and text.
struct EmbeddedFile {
    const char* name;  // e.g. scenarios/presets/anthropic-2025.yaml
    const char* text;
};
const std::vector<EmbeddedFile>& embedded_tier_presets();  // generated at build time

// One pool of a tier as the preset file sets it; absent: not limited there.
struct TierPresetPool {
    std::string name;  // e.g. sonnet
    std::optional<double> rpm, itpm, otpm;
    std::vector<std::string> models;  // as the file lists them
};

struct TierPreset {
    std::string name;     // full name, e.g. anthropic-2025/tier-2
    std::string summary;  // e.g. "credit purchase $40, monthly spend cap $500"
    std::vector<TierPresetPool> pools;  // in the file's order
};

struct TierPresetFamily {
    std::string name;  // e.g. anthropic-2025
    std::string file;  // the preset file's repository path
    std::string dated;
    std::string source;
    std::vector<TierPreset> tiers;  // cheapest first
};

// Every family, in file-name order. Throws ScenarioError on a broken preset file.
std::vector<TierPresetFamily> tier_preset_families();

// The full names of a family's tiers, cheapest first (anthropic-2025/tier-1
// ... tier-4). Throws ScenarioError for an unknown family, listing the known ones.
std::vector<std::string> tier_preset_family_tiers(const std::string& family);

}  // namespace ratesim::scenario
