// Ramp-up: start with a few attempts in flight and allow more, linearly, up
// to `full` over `duration` from the first send; after that, no cap. It caps
// one strategy instance, so it is meant for `coordination: shared` (with one
// instance per worker there is only ever one attempt in flight).
#include <algorithm>
#include <cmath>

#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class Ramp final : public Pacing {
public:
    explicit Ramp(const Params& p)
        : start_(p.number("start")), full_(std::max(p.number("full"), p.number("start"))),
          duration_(engine::from_seconds(p.number("duration"))) {}

    engine::Time earliest_send(const SendIntent& intent, engine::RandomStream&) override {
        const engine::Time now = intent.now;
        if (began_ < 0 || now - began_ >= duration_) return now;
        const double cap = allowed(now);
        if (in_flight_ < cap) return now;
        if (full_ <= start_) return began_ + duration_;
        // The time at which the cap reaches in_flight + 1.
        const double share = (in_flight_ + 1 - start_) / (full_ - start_);
        const engine::Time at = began_ + static_cast<engine::Time>(std::ceil(share * static_cast<double>(duration_)));
        return std::max(at, now + 1);
    }
    void on_send(const SendIntent& intent) override {
        if (began_ < 0) began_ = intent.now;
        ++in_flight_;
    }
    void on_response(const Response&, engine::Time) override { in_flight_ = std::max(0.0, in_flight_ - 1); }

    // floor(start + (full - start) * elapsed / duration)
    double allowed(engine::Time now) const {
        const double f = static_cast<double>(now - began_) / static_cast<double>(duration_);
        return std::floor(start_ + (full_ - start_) * std::min(1.0, f) + 1e-9);
    }

private:
    double start_, full_;
    engine::Time duration_;
    engine::Time began_ = -1;
    double in_flight_ = 0;
};

}  // namespace

PartKind ramp_pacing_kind() {
    PartKind k{Part::pacing, "ramp",
               "start with `start` attempts in flight, growing linearly to `full` over `duration`",
               "in flight <= floor(start + (full - start) * t / duration), t since the first send; "
               "no cap after duration",
               {
                   {"start", ParamType::count, 1.0, "attempts in flight at first", {}},
                   {"full", ParamType::count, 16.0, "attempts in flight at the end of the ramp", {}},
                   {"duration", ParamType::duration, 60.0, "length of the ramp", {}},
               }};
    k.make_pacing = [](const Params& p) -> std::unique_ptr<Pacing> { return std::make_unique<Ramp>(p); };
    k.caps_in_flight = true;
    return k;
}

}  // namespace ratesim::models
