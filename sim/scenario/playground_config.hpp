#pragma once
// The `playground:` section of a scenario: what `ratesim playground`'s page
// offers as sliders, each by the dotted path `--set` uses and a range.
//   playground: {clients.storm.workers: 1..256, api.pools.sonnet.rpm: 10..4000, api.burst: 1s..60s}
// Without the key, every scenario has default tunables (playground_reader.hpp).
// `ratesim run` ignores it, and it is no part of the resolved scenario JSON.
#include <string>
#include <vector>

namespace ratesim::scenario {

struct Tunable {
    // How the value is written in a --set: a whole number, a plain number,
    // or seconds written with an "s".
    enum class Kind { count, number, duration };

    std::string path;   // as written (clients.storm.workers), the --set path
    std::string label;  // what the page shows beside the slider
    Kind kind = Kind::number;
    double min = 0, max = 0;  // durations in seconds
    double step = 1;
    double value = 0;  // the scenario's own value, within [min, max]
};

// "count", "number" or "duration", as the page's data names the kind.
inline const char* tunable_kind_name(Tunable::Kind kind) {
    switch (kind) {
        case Tunable::Kind::count: return "count";
        case Tunable::Kind::number: return "number";
        case Tunable::Kind::duration: return "duration";
    }
    return "number";
}

}  // namespace ratesim::scenario
