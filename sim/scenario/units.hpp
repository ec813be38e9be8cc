#pragma once
// Units in scenario files: durations (250ms, 30s, 5m, 2h, 1d), rates
// (120/min, 2/s, 100/h) and token counts (450k, 2M, 1000). Parsers return a
// value or a message naming the problem and the allowed forms; the loader
// adds the file position.
#include <optional>
#include <string>
#include <string_view>

#include "sim/engine/time.hpp"

namespace ratesim::scenario {

// A parsed value, or `error` = "PROBLEM; allowed: FORMS" when it is absent.
template <class T>
struct UnitResult {
    std::optional<T> value;
    std::string error;
    explicit operator bool() const { return value.has_value(); }
};

// The allowed forms, as error messages and docs print them.
extern const char* const kDurationForms;
extern const char* const kRateForms;
extern const char* const kCountForms;
extern const char* const kNumberForms;

// Longest duration accepted, in seconds (about 317 years).
inline constexpr double kMaxDurationSeconds = 1e10;

// `250ms`, `1.5s`, `5m`, `2h`, `1d`, or a bare `0`; never negative. Seconds.
UnitResult<double> parse_duration_seconds(std::string_view text);
// The same, in simulated time (rounded to the microsecond).
UnitResult<engine::Time> parse_duration(std::string_view text);
// `120/min`, `2/s`, `100/h`, `5/d`: events per second.
UnitResult<double> parse_rate(std::string_view text);
// `1000`, `1.5k`, `450k`, `2M`: a non-negative count (k = 1e3, M = 1e6).
UnitResult<double> parse_count(std::string_view text);
// A plain finite number (`60`, `0.25`, `1e3`, `-2`).
UnitResult<double> parse_number(std::string_view text);

// `s` without leading and trailing spaces and tabs.
std::string trim(const std::string& s);

// Exact, parseable renderings for outputs: "0s", "600ms", "1.5s", "3600s",
// "none" for kNever.
std::string format_duration(engine::Time t);
// Seconds as a duration string; +inf gives "none".
std::string format_duration_seconds(double s);
// A duration for people to read, rounded to its unit: "850ms", "12.3s",
// "4.5m", "2.1h"; "-" when not finite.
std::string display_duration(double seconds);
// Events per second as "2/s" (or "120/min" when that is a whole number).
std::string format_rate(double per_second);

}  // namespace ratesim::scenario
