#pragma once
// The `plan:` section of a scenario: the targets `ratesim plan` must meet
// and the candidates it may choose from. `ratesim run` ignores it.
//   plan:
//     targets: [makespan <= 20m, rate_429 <= 1%]
//     search: {api.pools.sonnet.itpm: "20k..320k x2"}   # candidates, cheapest first
//     # or bisect: {api.pools.sonnet.itpm: "10k..1M"}   # the smallest value that meets them
//     # or tiers: anthropic-2025                         # a preset family, cheapest tier first
#include <string>
#include <vector>

namespace ratesim::scenario {

struct PlanConfig {
    // A target as written ("makespan <= 20m"); `where` names it in messages.
    struct Target {
        std::string text;
        std::string where;
    };
    enum class Mode { none, search, bisect, tiers };

    std::vector<Target> targets;
    Mode mode = Mode::none;
    std::string path;                 // search, bisect: the dotted path varied
    std::vector<std::string> values;  // search: candidates, cheapest first
    double low = 0, high = 0;         // bisect: the interval searched
    std::string family;               // tiers: the preset family
    std::string where;                // where the mode was given
};

}  // namespace ratesim::scenario
