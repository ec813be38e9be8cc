#include "sim/scenario/rate_profile_json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <utility>
#include <vector>

#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

using json = nlohmann::json;
using models::RateProfile;

std::optional<double> rate_of(const json& j, const char* key) {
    if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
    const auto parsed = parse_rate(j[key].get<std::string>());
    return parsed ? parsed.value : std::nullopt;
}

std::optional<double> seconds_of(const json& j, const char* key) {
    if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
    const auto parsed = parse_duration_seconds(j[key].get<std::string>());
    return parsed ? parsed.value : std::nullopt;
}

// 9h, 30m, 1d where whole; else as the scenario's durations are written.
std::string readable(double seconds) {
    for (const auto& [unit, per] : {std::pair{"d", 86400.0}, std::pair{"h", 3600.0}, std::pair{"m", 60.0}})
        if (seconds >= per && std::fmod(seconds, per) == 0) return fmt::format("{}{}", seconds / per, unit);
    return format_duration_seconds(seconds);
}

}  // namespace

json rate_to_json(const RateProfile& rate) {
    switch (rate.kind()) {
        case RateProfile::Kind::constant: return format_rate(rate.base());
        case RateProfile::Kind::steps: {
            json steps = json::array();
            for (const auto& s : rate.step_list())
                steps.push_back({{"at", format_duration_seconds(s.at)}, {"rate", format_rate(s.rate)}});
            return steps;
        }
        case RateProfile::Kind::spike:
            return {{"base", format_rate(rate.base())},
                    {"spike", format_rate(rate.spike_rate())},
                    {"at", format_duration_seconds(rate.spike_at())},
                    {"for", format_duration_seconds(rate.spike_length())}};
        case RateProfile::Kind::diurnal: break;
    }
    return {{"mean", format_rate(rate.mean())},
            {"amplitude", rate.amplitude()},
            {"period", format_duration_seconds(rate.period())},
            {"peak_at", format_duration_seconds(rate.peak_at())}};
}

std::optional<RateProfile> rate_from_json(const json& rate) {
    if (rate.is_string()) {
        const auto parsed = parse_rate(rate.get<std::string>());
        if (!parsed || *parsed.value <= 0) return std::nullopt;
        return RateProfile::constant(*parsed.value);
    }
    if (rate.is_array()) {
        std::vector<RateProfile::Step> steps;
        for (const auto& s : rate) {
            const auto at = s.is_object() ? seconds_of(s, "at") : std::nullopt;
            const auto r = s.is_object() ? rate_of(s, "rate") : std::nullopt;
            if (!at || !r || (!steps.empty() && *at <= steps.back().at)) return std::nullopt;
            steps.push_back({*at, *r});
        }
        if (steps.empty()) return std::nullopt;
        return RateProfile::steps(std::move(steps));
    }
    if (!rate.is_object()) return std::nullopt;
    if (rate.contains("mean")) {
        const auto mean = rate_of(rate, "mean");
        const auto period = seconds_of(rate, "period");
        const auto peak = seconds_of(rate, "peak_at");
        const json amplitude = rate.value("amplitude", json());
        if (!mean || !period || !peak || !amplitude.is_number() || *mean <= 0 || *period <= 0)
            return std::nullopt;
        return RateProfile::diurnal(*mean, amplitude.get<double>(), *period, *peak);
    }
    const auto base = rate_of(rate, "base");
    const auto spike = rate_of(rate, "spike");
    const auto at = seconds_of(rate, "at");
    const auto length = seconds_of(rate, "for");
    if (!base || !spike || !at || !length || *length <= 0) return std::nullopt;
    return RateProfile::spike(*base, *spike, *at, *length);
}

std::string rate_text(const RateProfile& rate) {
    switch (rate.kind()) {
        case RateProfile::Kind::constant: return format_rate(rate.base());
        case RateProfile::Kind::steps: {
            std::string out;
            for (const auto& s : rate.step_list()) {
                if (!out.empty()) out += ", ";
                out += fmt::format("{} from {}", format_rate(s.rate), readable(s.at));
            }
            return out;
        }
        case RateProfile::Kind::spike:
            return fmt::format("{}, {} from {} for {}", format_rate(rate.base()),
                               format_rate(rate.spike_rate()), readable(rate.spike_at()),
                               readable(rate.spike_length()));
        case RateProfile::Kind::diurnal: break;
    }
    return fmt::format("diurnal, mean {} ±{:g}%, period {}, peak at {}", format_rate(rate.mean()),
                       rate.amplitude() * 100, readable(rate.period()),
                       readable(rate.peak_at()));
}

std::string rate_text(const json& rate) {
    if (rate.is_string()) return rate.get<std::string>();
    const auto profile = rate_from_json(rate);
    return profile ? rate_text(*profile) : "?";
}

}  // namespace ratesim::scenario
