// Client-side adaptive throttling (Google SRE book, "Handling Overload"),
// with the moving sums of Apache Beam's adaptive_throttler.py: over the last
// `window`, requests = attempts asked for (rejected ones included), accepts =
// attempts the backend accepted. A new attempt is rejected locally with
// probability max(0, (requests - K * accepts) / (requests + 1)); a rejected
// attempt waits `reject_delay` and asks again, as Beam's callers do.
#include <algorithm>
#include <cmath>

#include "models/strategy/registry.hpp"
#include "models/strategy/sre_throttle.hpp"

namespace ratesim::models {

double AdaptiveThrottler::reject_probability(engine::Time now) {
    const double requests = requests_.sum(now);
    const double accepts = accepts_.sum(now);
    return std::max(0.0, (requests - k_ * accepts) / (requests + 1));
}

bool AdaptiveThrottler::reject(engine::Time now, engine::RandomStream& rng) {
    const double p = reject_probability(now);
    const bool rejected = p > 0 && rng.uniform() < p;
    if (rejected) requests_.add(now, 1);  // an accepted one is counted when it is sent
    return rejected;
}

namespace {

// What the SRE book counts as accepted: the backend handled it, whatever the
// answer, rather than refusing it for overload or quota.
bool accepted(int status) {
    return status != status::client_timeout && status != status::rate_limited && status < 500;
}

class SreThrottle final : public Pacing {
public:
    explicit SreThrottle(const Params& p)
        : throttler_(p.number("k"), engine::from_seconds(p.number("window")), engine::from_seconds(p.number("bucket"))),
          reject_delay_(engine::from_seconds(p.number("reject_delay"))) {}

    engine::Time earliest_send(const SendIntent& intent, engine::RandomStream& rng) override {
        return throttler_.reject(intent.now, rng) ? engine::later(intent.now, std::max<engine::Time>(reject_delay_, 1))
                                                  : intent.now;
    }
    void on_send(const SendIntent& intent) override { throttler_.count_request(intent.now); }
    void on_response(const Response& response, engine::Time now) override {
        if (accepted(response.failure_status())) throttler_.count_accept(now);
    }

private:
    AdaptiveThrottler throttler_;
    engine::Time reject_delay_;
};

}  // namespace

PartKind sre_throttle_pacing_kind() {
    PartKind k{Part::pacing, "sre-throttle",
               "client-side adaptive throttling (Google SRE book; Beam's adaptive_throttler)",
               "over the last window: reject locally with p = max(0, (requests - K * accepts) / "
               "(requests + 1)); a rejected attempt asks again after reject_delay",
               {
                   {"k", ParamType::number, 2.0, "K: accepted requests per request that may be sent", {}},
                   {"window", ParamType::duration, 120.0, "the window the counts cover", {}},
                   {"bucket", ParamType::duration, 1.0, "the moving sums' bucket width", {}},
                   {"reject_delay", ParamType::duration, 5.0,
                    "wait after a local rejection (Beam's THROTTLE_DELAY_SECS)", {}},
               }};
    k.make_pacing = [](const Params& p) -> std::unique_ptr<Pacing> {
        return std::make_unique<SreThrottle>(p);
    };
    return k;
}

}  // namespace ratesim::models
