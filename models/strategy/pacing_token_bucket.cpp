// The OpenAI cookbook's client-side limiter (api_request_parallel_processor.py):
// a requests bucket and a tokens bucket, each holding one minute of a target
// rate (a fraction of the known limits), refilled continuously and starting
// full. An attempt goes only when both hold enough; both are debited at send
// and never refunded. Retries go before new work, and after a 429 every send
// waits until 15 s after the latest one.
#include <algorithm>
#include <cmath>

#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

// One continuously refilled bucket; capacity 0 means "limit not known yet".
struct MinuteBucket {
    double capacity = 0;
    double level = 0;

    bool known() const { return capacity > 0; }
    double rate() const { return capacity / 60.0; }
    void set_target(double per_minute) {
        capacity = per_minute;
        level = per_minute;  // starts full
    }
    void refill(double dt_s) {
        if (known()) level = std::min(capacity, level + rate() * dt_s);
    }
    // Seconds until the bucket holds `need` (a need above capacity waits for
    // a full bucket rather than forever).
    double wait_for(double need) const {
        if (!known()) return 0;
        const double short_by = std::min(need, capacity) - level;
        return short_by <= 1e-9 * capacity ? 0 : short_by / rate();
    }
};

class ClientTokenBucket final : public Pacing {
public:
    explicit ClientTokenBucket(const Params& p)
        : fraction_(p.number("fraction")),
          pause_(engine::from_seconds(p.number("pause_after_429"))),
          learn_requests_(p.number("rpm") == 0),
          learn_tokens_(p.number("tpm") == 0) {
        if (!learn_requests_) requests_.set_target(fraction_ * p.number("rpm"));
        if (!learn_tokens_) tokens_.set_target(fraction_ * p.number("tpm"));
    }

    engine::Time earliest_send(const SendIntent& intent, engine::RandomStream&) override {
        const engine::Time now = intent.now;
        refill(now);
        if (now < pause_until_) return pause_until_;
        // Retries first: new work waits until every waiting retry has had its turn.
        if (!intent.is_retry && now <= retries_waiting_until_) return retries_waiting_until_ + 1;
        const double wait = std::max(requests_.wait_for(1), tokens_.wait_for(estimate(intent)));
        if (wait <= 0) return now;
        const engine::Time ready = engine::later(now, static_cast<engine::Time>(std::ceil(wait * 1e6)));
        if (intent.is_retry) retries_waiting_until_ = std::max(retries_waiting_until_, ready);
        return ready;
    }

    void on_send(const SendIntent& intent) override {
        refill(intent.now);
        if (requests_.known()) requests_.level -= 1;
        if (tokens_.known()) tokens_.level -= std::min(estimate(intent), tokens_.capacity);
    }

    void on_response(const Response& response, engine::Time now) override {
        refill(now);
        if (response.status == status::rate_limited)
            pause_until_ = std::max(pause_until_, engine::later(now, pause_));
        // Known limits: what the headers say, when not given as parameters.
        const LimitHeader& rpm = response.headers[Dimension::requests];
        if (learn_requests_ && !requests_.known() && rpm.present && rpm.limit > 0)
            requests_.set_target(fraction_ * rpm.limit);
        const LimitHeader& in = response.headers[Dimension::input_tokens];
        const LimitHeader& out = response.headers[Dimension::output_tokens];
        // A legacy pool states the combined TPM itself: the cookbook's own limit.
        const LimitHeader& combined = response.headers[Dimension::tokens_per_minute];
        if (learn_tokens_ && !tokens_.known() && combined.present && combined.limit > 0)
            tokens_.set_target(fraction_ * combined.limit);
        if (learn_tokens_ && !tokens_.known() && (in.present || out.present)) {
            const double tpm = (in.present ? in.limit : 0) + (out.present ? out.limit : 0);
            if (tpm > 0) tokens_.set_target(fraction_ * tpm);
        }
    }

private:
    static double estimate(const SendIntent& intent) { return intent.input_tokens + intent.max_tokens; }

    void refill(engine::Time now) {
        const double dt = engine::to_seconds(now - last_refill_);
        if (dt > 0) {
            requests_.refill(dt);
            tokens_.refill(dt);
            last_refill_ = now;
        }
    }

    double fraction_;
    engine::Time pause_;
    bool learn_requests_, learn_tokens_;
    MinuteBucket requests_, tokens_;
    engine::Time last_refill_ = 0;
    engine::Time pause_until_ = 0;
    engine::Time retries_waiting_until_ = -1;
};

}  // namespace

PartKind token_bucket_pacing_kind() {
    PartKind k{Part::pacing, "token-bucket",
               "client-side requests and tokens buckets at a fraction of the limits (OpenAI cookbook)",
               "buckets of fraction * rpm requests and fraction * tpm tokens, refilled at 1/60 of that "
               "per second, starting full; send when requests >= 1 and tokens >= input + max_tokens, "
               "debit both; retries before new work; after a 429 nothing is sent until 15 s after it",
               {
                   {"fraction", ParamType::fraction, 0.5, "share of the known limits to target (50-75% advised)", {}},
                   {"rpm", ParamType::number, 0.0,
                    "requests per minute limit; 0 = learn it from the requests-limit header", {}},
                   {"tpm", ParamType::number, 0.0,
                    "tokens per minute limit; 0 = learn it as input-tokens-limit + output-tokens-limit "
                    "(the combined TPM the cookbook's estimate is for)", {}},
                   {"pause_after_429", ParamType::duration, 15.0, "pause of all sends after a 429", {}},
               }};
    k.reads_headers = true;
    k.make_pacing = [](const Params& p) -> std::unique_ptr<Pacing> {
        return std::make_unique<ClientTokenBucket>(p);
    };
    return k;
}

}  // namespace ratesim::models
