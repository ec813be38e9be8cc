#pragma once
// Every key a scenario file (or a tier preset file) may contain, declared
// once: where it goes, what its value is, its unit, range, choices, default
// and a one-line meaning. The loader's unknown-key checks, "did you mean"
// hints and key lists in messages come from here, and so can a JSON Schema.
//
// Keys live in sections, named by their path with list elements as `[]` and
// user-chosen names (pools, workspaces, tiers) as `*`: "", "api",
// "api.pools.*", "clients[]", "clients[].workload". Shapes used at several
// places have a section of their own in angle brackets: "<distribution>",
// "<strategy>", "<strategy part>", and "<preset file>" for the root of a
// tier preset file. A section with variants (workload kinds, distribution
// families) has one key that `selects_variant`; its choices name the
// variants, and each other key belongs to every variant ("") or to one.
// The loader refuses any key a section (or its variant) does not list; the
// names a named_map holds are the user's own.
//
// Adding a key: one entry in scenario_keys.cpp, then the code that reads it.
// Strategy part parameters are not here: each kind declares its own in the
// strategy registry (models/strategy/registry.hpp).
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace ratesim::models {
struct PartKind;
}

namespace ratesim::scenario {

enum class KeyType {
    text,           // a string
    text_list,      // a list of strings
    integer,        // a whole number in [min, max] (k/M suffixes when the result is whole)
    number,         // a plain number in [min, max]
    fraction,       // a number from 0 to 1
    boolean,        // true or false (yes/no, on/off)
    duration,       // 250ms, 30s, 5m
    count,          // a token count: 1500, 450k, 2M
    rate,           // events per unit of time: 2/s, 120/min
    rate_profile,   // a rate, or a profile: a list of kRateStepSection maps, or a
                    // kRateSpikeSection or kRateDiurnalSection map
    choice,         // one of `choices`
    distribution,   // a scalar constant, or a <distribution> map
    quantity,       // one value in the distribution's units (tokens, seconds or a number)
    map,            // a map, read as section `child`
    list,           // a list of maps, each read as section `child`
    named_map,      // a map from names the user chooses to maps read as section `child`
    strategy,       // a strategy preset name, or a <strategy> map
    strategy_part,  // a kind name of the part, or a <strategy part> map
    sweep,          // a map with one dotted path and its values (a list or a range)
    interval,       // a map with one dotted path and an interval LOW..HIGH
    intervals,      // a map from dotted paths to intervals LOW..HIGH (playground:)
    shares,         // a map from names the user chooses to shares: 30%, 0.3
    statuses,       // a status or a list of them: 429, 5xx, timeout
};

// Where a text or choice key's allowed names come from when the table does
// not list them: they are registered or embedded elsewhere, and generated
// documents (the JSON Schema, completions) ask there.
enum class KeyNames {
    listed,            // `choices`, or any text
    tier_presets,      // the embedded tier presets' full names (anthropic-2025/tier-2)
    tier_families,     // the embedded tier preset families (anthropic-2025)
    strategy_presets,  // the strategy registry's named strategies
    part_kinds,        // the strategy registry's kinds of the part being read
};

// One key. The loader reads type, range, choices, alternative and forms from
// here; unit, default_value and description declare what the key means for
// people and generated documents (a schema), and tests/test_scenario_keys.cpp
// holds default_value to what the loader does when the key is left out.
struct KeySpec {
    std::string_view section;
    std::string_view variant = "";  // "" = in every variant of the section
    std::string_view name;
    KeyType type;
    std::string_view unit = "";  // e.g. "s", "tokens", "requests/min", "USD"
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool min_exclusive = false;  // the value must be above `min`, not equal to it
    std::vector<std::string_view> choices = {};
    std::string_view alternative = "";  // a word accepted instead of the type: none, off
    std::string_view forms = "";  // what the value may be, as error messages say it
    // The value a key left out has, as a scenario would write it; "" when
    // that is no single value (unlimited, another key's, the preset's).
    std::string_view default_value = "";
    bool required = false;
    bool selects_variant = false;
    std::string_view child = "";  // the section a map, list or named_map value is read as
    std::string_view description = "";  // one line
    KeyNames names = KeyNames::listed;
};

// The sections a rate_profile value is read as: each list element of a
// steps profile, a spike map and a diurnal map. A map is a diurnal profile
// when it has `mean`, else a spike.
inline constexpr std::string_view kRateStepSection = "<rate step>";
inline constexpr std::string_view kRateSpikeSection = "<rate spike>";
inline constexpr std::string_view kRateDiurnalSection = "<rate diurnal>";
inline constexpr const char* kRateProfileForms =
    "a rate > 0 (e.g. 2/s), a list of steps [{at: 0, rate: 10/s}, {at: 9h, rate: 40/s}], "
    "a spike {base: 10/s, spike: 100/s, at: 30m, for: 2m} or diurnal "
    "{mean: 20/s, amplitude: 0.6, period: 1d, peak_at: 14h}";

// The whole table, section by section, keys in the order messages list them.
const std::vector<KeySpec>& scenario_keys();

// The names of a section's keys (those of every variant, then the variant's
// own), in table order. Throws std::logic_error for a section or variant
// the table does not have.
std::vector<std::string> keys_of(std::string_view section, std::string_view variant = "");

// One key. Throws std::logic_error when the table lacks it.
const KeySpec& key_spec(std::string_view section, std::string_view name,
                        std::string_view variant = "");

// A <strategy part> map's keys for one registered kind: `kind`, then the
// parameters the kind declares in the strategy registry.
std::vector<std::string> keys_of_part(const models::PartKind& kind);

// The key's choices as strings, for YamlNode::choice and messages.
std::vector<std::string> choices_of(const KeySpec& key);

// Whether a duration or count must be above 0.
inline bool positive(const KeySpec& key) { return key.min == 0 && key.min_exclusive; }

}  // namespace ratesim::scenario
