#include "models/incidents.hpp"

#include <algorithm>

namespace ratesim::models {

Incidents::Incidents(const IncidentsConfig& config, engine::RandomStream incidents_rng)
    : config_(config), rng_(incidents_rng) {
    if (config_.random.mean_gap > 0)
        next_random_onset_ =
            engine::from_seconds(rng_.exponential(engine::to_seconds(config_.random.mean_gap)));
}

void Incidents::draw_random_until(engine::Time now) {
    while (next_random_onset_ <= now) {
        const double length = config_.random.length_s.sample(rng_);
        active_.push_back({next_random_onset_, engine::after_seconds(next_random_onset_, length),
                           config_.random.overload, config_.random.midstream, -1});
        next_random_onset_ = engine::after_seconds(
            next_random_onset_, rng_.exponential(engine::to_seconds(config_.random.mean_gap)));
    }
}

double Incidents::overload_at(engine::Time now) {
    const auto& scheduled = config_.scheduled;
    while (next_scheduled_ < scheduled.size() && scheduled[next_scheduled_].at <= now) {
        const int index = static_cast<int>(next_scheduled_++);
        const auto& s = scheduled[static_cast<std::size_t>(index)];
        active_.push_back({s.at, engine::later(s.at, s.length), s.overload, s.midstream, index, s.slowdown});
    }
    draw_random_until(now);
    std::erase_if(active_, [now](const IncidentWindow& w) { return w.end <= now; });
    double p = 0;
    // midstream_for may have drawn random incidents that start later.
    for (const auto& w : active_)
        if (w.start <= now) p = std::max(p, w.overload);
    return p;
}

MidstreamConfig Incidents::midstream_for(engine::Time start, engine::Time end) {
    MidstreamConfig best;
    auto consider = [&](engine::Time from, engine::Time to, const MidstreamConfig& m) {
        if (!m.enabled() || m.fraction <= best.fraction) return;
        const engine::Time at = midstream_break(start, end, m.after);
        if (at >= from && at < to) best = m;
    };
    draw_random_until(end);  // the same draws as later, only earlier
    for (const auto& w : active_) consider(w.start, w.end, w.midstream);
    const auto& scheduled = config_.scheduled;
    for (std::size_t i = next_scheduled_; i < scheduled.size() && scheduled[i].at <= end; ++i)
        consider(scheduled[i].at, engine::later(scheduled[i].at, scheduled[i].length), scheduled[i].midstream);
    return best;
}

}  // namespace ratesim::models
