#include "sim/scenario/rate_profile_reader.hpp"

#include <fmt/format.h>

#include <vector>

#include "sim/scenario/key_values.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

double read_rate_key(const YamlNode& map, std::string_view section, const char* name) {
    const KeySpec& key = key_spec(section, name);
    return require_key(map, key).rate(positive(key));
}

double read_seconds_key(const YamlNode& map, std::string_view section, const char* name,
                        double fallback) {
    const KeySpec& key = key_spec(section, name);
    if (key.required) return require_key(map, key).duration_seconds(positive(key));
    const auto value = map.get(name);
    return value ? value->duration_seconds(positive(key)) : fallback;
}

models::RateProfile read_steps(const YamlNode& node) {
    std::vector<models::RateProfile::Step> steps;
    bool sends = false;
    for (const YamlNode& element : node.elements("a step {at: DURATION, rate: RATE}")) {
        element.expect_map("a step {at: DURATION, rate: RATE}");
        element.check_keys(keys_of(kRateStepSection));
        const double at = read_seconds_key(element, kRateStepSection, "at", 0);
        const double rate = read_rate_key(element, kRateStepSection, "rate");
        if (!steps.empty() && at <= steps.back().at)
            element.require("at", "").error(
                fmt::format("this step starts at {}, not after the step before ({})",
                            format_duration_seconds(at), format_duration_seconds(steps.back().at)),
                "steps in increasing order of `at`");
        steps.push_back({at, rate});
        sends = sends || rate > 0;
    }
    if (steps.empty()) node.error("found an empty list", "at least one step");
    if (!sends) node.error("every step's rate is 0, so the group would send nothing",
                           "at least one step with a rate > 0");
    return models::RateProfile::steps(std::move(steps));
}

models::RateProfile read_spike(const YamlNode& node) {
    node.check_keys(keys_of(kRateSpikeSection));
    return models::RateProfile::spike(read_rate_key(node, kRateSpikeSection, "base"),
                                      read_rate_key(node, kRateSpikeSection, "spike"),
                                      read_seconds_key(node, kRateSpikeSection, "at", 0),
                                      read_seconds_key(node, kRateSpikeSection, "for", 0));
}

models::RateProfile read_diurnal(const YamlNode& node) {
    node.check_keys(keys_of(kRateDiurnalSection));
    const double mean = read_rate_key(node, kRateDiurnalSection, "mean");
    const double amplitude = require_key(node, key_spec(kRateDiurnalSection, "amplitude")).fraction();
    const double period = read_seconds_key(node, kRateDiurnalSection, "period", 86400);
    const double peak_at = read_seconds_key(node, kRateDiurnalSection, "peak_at", 0);
    return models::RateProfile::diurnal(mean, amplitude, period, peak_at);
}

}  // namespace

models::RateProfile read_rate_profile(const YamlNode& node) {
    if (node.is_list()) return read_steps(node);
    if (node.is_map()) return node.has("mean") ? read_diurnal(node) : read_spike(node);
    if (!node.is_scalar()) node.error("found " + node.found(), kRateProfileForms);
    return models::RateProfile::constant(node.rate());
}

}  // namespace ratesim::scenario
