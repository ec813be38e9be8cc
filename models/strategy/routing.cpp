#include "models/strategy/routing.hpp"

#include <algorithm>
#include <utility>

namespace ratesim::models {

Routing::Routing(const RoutingConfig& config, std::vector<int> fallback_targets, int targets)
    : enabled_(config.enabled() && !fallback_targets.empty()),
      on_(config.on),
      cooldown_(engine::from_seconds(config.cooldown_s)),
      max_fallbacks_(config.max_fallbacks),
      fallbacks_(std::move(fallback_targets)),
      cool_until_(static_cast<std::size_t>(std::max(targets, 0)), 0) {}

bool Routing::cooling(int target, engine::Time now) const {
    return now < cool_until_[static_cast<std::size_t>(target)];
}

int Routing::target_for(int current, int fallbacks_done, engine::Time now) const {
    if (!enabled_ || fallbacks_done >= max_fallbacks_ || !cooling(current, now)) return current;
    for (const int t : fallbacks_)
        if (t != current && !cooling(t, now)) return t;
    return current;
}

void Routing::on_response(int target, const Response& response, engine::Time now) {
    if (!enabled_ || !on_.contains(response.status)) return;
    const engine::Time wait = response.has_retry_after() ? response.retry_after : cooldown_;
    auto& until = cool_until_[static_cast<std::size_t>(target)];
    until = std::max(until, engine::later(now, wait));
}

}  // namespace ratesim::models
