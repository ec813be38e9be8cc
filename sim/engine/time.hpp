#pragma once
// Simulated time: integer microseconds since the start of a run.
#include <cmath>
#include <cstdint>
#include <limits>

namespace ratesim::engine {

using Time = std::int64_t;  // microseconds

inline constexpr Time kMicrosPerSecond = 1'000'000;
inline constexpr Time kNever = std::numeric_limits<Time>::max();

// Converts seconds to simulated time, rounding to the nearest microsecond.
inline Time from_seconds(double s) {
    if (!(s < 9.2e12)) return kNever;  // also catches +inf and NaN
    return static_cast<Time>(std::llround(s * 1e6));
}
// t + d, saturating at kNever: a wait too long to represent never ends.
inline constexpr Time later(Time t, Time d) { return d >= kNever - t ? kNever : t + d; }
// `now` plus a wait given in seconds.
inline Time after_seconds(Time now, double s) { return later(now, from_seconds(s)); }
inline constexpr double to_seconds(Time t) { return static_cast<double>(t) / 1e6; }
inline constexpr Time seconds(std::int64_t s) { return s * kMicrosPerSecond; }
inline constexpr Time millis(std::int64_t ms) { return ms * 1000; }

}  // namespace ratesim::engine
