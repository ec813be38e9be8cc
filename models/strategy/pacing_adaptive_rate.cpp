// Adaptive rate pacing (Farkiani et al., arXiv 2510.04516): the client sends
// at most `rate` attempts per second, multiplies the rate by `increase`
// after a success and by `decrease` after a 429. This file is the worked
// example of docs/writing-a-strategy.md.
#include <algorithm>
#include <cmath>

#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class AdaptiveRate final : public Pacing {
public:
    explicit AdaptiveRate(const Params& p)
        : rate_(p.number("initial_rate")), increase_(p.number("increase")), decrease_(p.number("decrease")),
          min_rate_(p.number("min_rate")), max_rate_(p.number("max_rate")) {}

    // The next attempt may start 1/rate after the previous one.
    engine::Time earliest_send(const SendIntent& intent, engine::RandomStream&) override {
        if (last_send_ < 0) return intent.now;
        return std::max(intent.now, engine::after_seconds(last_send_, 1 / std::max(rate_, 1e-9)));
    }
    void on_send(const SendIntent& intent) override { last_send_ = intent.now; }
    void on_response(const Response& response, engine::Time) override {
        if (response.succeeded()) rate_ = std::min(max_rate_, rate_ * increase_);
        if (response.status == status::rate_limited) rate_ = std::max(min_rate_, rate_ * decrease_);
    }

private:
    double rate_, increase_, decrease_, min_rate_, max_rate_;
    engine::Time last_send_ = -1;  // none yet
};

}  // namespace

PartKind adaptive_rate_pacing_kind() {
    PartKind k{Part::pacing, "adaptive-rate",
               "send at most `rate` per second: x1.2 after a success, x0.5 after a 429 (Farkiani et al.)",
               "next send >= previous send + 1/rate; success: rate = min(max_rate, rate * increase); "
               "429: rate = max(min_rate, rate * decrease)",
               {
                   {"initial_rate", ParamType::number, 1.0, "attempts per second at first", {}},
                   {"increase", ParamType::number, 1.2, "factor after a success", {}},
                   {"decrease", ParamType::fraction, 0.5, "factor after a 429", {}},
                   {"min_rate", ParamType::number, 0.01, "slowest rate, attempts per second", {}},
                   {"max_rate", ParamType::number, 1000.0, "fastest rate, attempts per second", {}},
               }};
    k.make_pacing = [](const Params& p) -> std::unique_ptr<Pacing> { return std::make_unique<AdaptiveRate>(p); };
    return k;
}

}  // namespace ratesim::models
