// AWS SDK adaptive mode's client-side send-rate limiter (botocore), as a
// pacing part. The formulas live in aws_adaptive.hpp.
#include <cmath>

#include "models/strategy/aws_adaptive.hpp"
#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class AwsAdaptive final : public Pacing {
public:
    explicit AwsAdaptive(const Params& p) : throttle_on_(p.statuses("throttle_on")) {}

    engine::Time earliest_send(const SendIntent& intent, engine::RandomStream&) override {
        const double wait = limiter_.wait_before_send(engine::to_seconds(intent.now));
        if (wait <= 0) return intent.now;
        return engine::later(intent.now, static_cast<engine::Time>(std::ceil(wait * 1e6)));
    }
    void on_send(const SendIntent& intent) override { limiter_.on_send(engine::to_seconds(intent.now)); }
    void on_response(const Response& response, engine::Time now) override {
        limiter_.on_response(throttle_on_.contains(response.failure_status()), engine::to_seconds(now));
    }

private:
    StatusSet throttle_on_;
    aws::ClientRateLimiter limiter_;
};

}  // namespace

PartKind aws_adaptive_pacing_kind() {
    StatusSet throttles;
    throttles.add(429);
    throttles.add(529);
    PartKind k{Part::pacing, "aws-adaptive",
               "AWS SDK adaptive mode: a CUBIC send-rate limiter, on after the first throttle (botocore)",
               "measured = 0.8 * rate in 0.5 s buckets + 0.2 * measured; on throttle W_max = rate_used, "
               "K = (W_max (1 - 0.7) / 0.4)^(1/3), rate = 0.7 rate_used; on success "
               "rate = 0.4 (t - t_fail - K)^3 + W_max; send rate = min(rate, 2 measured), "
               "fill max(rate, 0.5)/s, capacity max(rate, 1)",
               {{"throttle_on", ParamType::statuses, throttles,
                 "statuses that count as throttling (529 plays the part of SlowDown)", {}}}};
    k.make_pacing = [](const Params& p) -> std::unique_ptr<Pacing> {
        return std::make_unique<AwsAdaptive>(p);
    };
    return k;
}

}  // namespace ratesim::models
