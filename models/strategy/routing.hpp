#pragma once
// The strategy's fourth part, routing: which model an item's next attempt
// goes to. After a failure the part's `on` set names (429 and 529 by
// default), the model that answered cools down for the retry-after the
// answer carried, else for the configured cooldown; while a model cools
// down, the item goes to the first fallback that does not, at most
// `max_fallbacks` times per item. This is LiteLLM's router (fallbacks,
// cooldowns from Retry-After); docs/strategies.md gives the sources.
// It sees only what a client sees: statuses, the retry-after header, time.
#include <vector>

#include "models/config.hpp"
#include "models/response.hpp"
#include "sim/engine/time.hpp"

namespace ratesim::models {

class Routing {
public:
    // `fallback_targets`: the fallbacks as indices into the group's targets,
    // of which there are `targets`.
    Routing(const RoutingConfig& config, std::vector<int> fallback_targets, int targets);

    // The target the item's next attempt goes to: `current` unless it cools
    // down at `now` and the item may still fall back; then the first
    // fallback that does not cool down (or `current` if every one does).
    int target_for(int current, int fallbacks_done, engine::Time now) const;
    // After every answer to an attempt sent to `target`.
    void on_response(int target, const Response& response, engine::Time now);
    bool cooling(int target, engine::Time now) const;
    // Whether a failure with this status makes the item fall back at once.
    bool falls_back_on(int status) const { return enabled_ && on_.contains(status); }

private:
    bool enabled_;
    StatusSet on_;
    engine::Time cooldown_;
    double max_fallbacks_;
    std::vector<int> fallbacks_;
    std::vector<engine::Time> cool_until_;  // per target; 0: never cooled
};

}  // namespace ratesim::models
