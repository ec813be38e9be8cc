// Brooker's backoff family ("Exponential Backoff And Jitter", AWS 2015), plus
// the degenerate immediate and fixed delays. n counts retries from 0.
#include <algorithm>
#include <cmath>

#include "models/strategy/backoff_retry.hpp"
#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

std::vector<ParamSpec> base_cap_params() {
    return with_common_retry_params({
        {"base", ParamType::duration, 1.0, "delay scale", {}},
        {"cap", ParamType::duration, 60.0, "largest delay", {}},
    });
}

// min(cap, base * 2^n), from a kind's resolved parameters.
class CappedExponential {
public:
    explicit CappedExponential(const Params& p) : base_(p.number("base")), cap_(p.number("cap")) {}
    double operator()(int n) const { return std::min(cap_, base_ * std::ldexp(1.0, std::min(n, 1000))); }

private:
    double base_, cap_;
};

class Immediate final : public BackoffRetry {
public:
    using BackoffRetry::BackoffRetry;
    double backoff(const RetryContext&, engine::RandomStream&) override { return 0.0; }
};

class Fixed final : public BackoffRetry {
public:
    explicit Fixed(const Params& p) : BackoffRetry(p), delay_(p.number("delay")) {}
    double backoff(const RetryContext&, engine::RandomStream&) override { return delay_; }

private:
    double delay_;
};

class Exponential final : public BackoffRetry {
public:
    explicit Exponential(const Params& p) : BackoffRetry(p), exponential_(p) {}
    double backoff(const RetryContext& c, engine::RandomStream&) override {
        return exponential_(c.retries_done);
    }

private:
    CappedExponential exponential_;
};

class FullJitter final : public BackoffRetry {
public:
    explicit FullJitter(const Params& p) : BackoffRetry(p), exponential_(p) {}
    double backoff(const RetryContext& c, engine::RandomStream& rng) override {
        return rng.uniform(0, exponential_(c.retries_done));
    }

private:
    CappedExponential exponential_;
};

class EqualJitter final : public BackoffRetry {
public:
    explicit EqualJitter(const Params& p) : BackoffRetry(p), exponential_(p) {}
    double backoff(const RetryContext& c, engine::RandomStream& rng) override {
        const double e = exponential_(c.retries_done);
        return e / 2 + rng.uniform(0, e / 2);
    }

private:
    CappedExponential exponential_;
};

class DecorrelatedJitter final : public BackoffRetry {
public:
    explicit DecorrelatedJitter(const Params& p)
        : BackoffRetry(p), base_(p.number("base")), cap_(p.number("cap")) {}
    double backoff(const RetryContext& c, engine::RandomStream& rng) override {
        const double previous = c.retries_done == 0 ? base_ : c.previous_delay_s;
        return std::min(cap_, rng.uniform(base_, 3 * previous));
    }

private:
    double base_, cap_;
};

template <class Kind>
std::unique_ptr<RetryPolicy> make(const Params& p) {
    return std::make_unique<Kind>(p);
}

}  // namespace

PartKind immediate_retry_kind() {
    return {Part::retry, "immediate", "retry at once (naive)", "d = 0",
            with_common_retry_params({}), make<Immediate>};
}

PartKind fixed_retry_kind() {
    return {Part::retry, "fixed", "retry after a constant delay", "d = delay",
            with_common_retry_params({{"delay", ParamType::duration, 1.0, "the delay", {}}}),
            make<Fixed>};
}

PartKind exponential_retry_kind() {
    return {Part::retry, "exponential", "exponential backoff, no jitter",
            "d = min(cap, base * 2^n)", base_cap_params(), make<Exponential>};
}

PartKind full_jitter_retry_kind() {
    return {Part::retry, "full-jitter", "exponential backoff with full jitter (Brooker)",
            "d = U(0, min(cap, base * 2^n))", base_cap_params(), make<FullJitter>};
}

PartKind equal_jitter_retry_kind() {
    return {Part::retry, "equal-jitter", "exponential backoff with equal jitter (Brooker)",
            "e = min(cap, base * 2^n); d = e/2 + U(0, e/2)", base_cap_params(), make<EqualJitter>};
}

PartKind decorrelated_jitter_retry_kind() {
    return {Part::retry, "decorrelated-jitter", "decorrelated jitter (Brooker)",
            "d = min(cap, U(base, 3 * d_prev)), d_prev = base before the first retry",
            base_cap_params(), make<DecorrelatedJitter>};
}

}  // namespace ratesim::models
