#pragma once
// The shared shape of every retry kind: which statuses are retried, how many
// times, and how a `retry-after` header combines with the kind's own delay.
// A kind supplies only its backoff formula.
#include <vector>

#include "models/strategy/params.hpp"
#include "models/strategy/strategy.hpp"

namespace ratesim::models {

// max_retries, retry_on, retry_after, retry_after_jitter.
std::vector<ParamSpec> common_retry_params();
// `extra` first, then the common ones.
std::vector<ParamSpec> with_common_retry_params(std::vector<ParamSpec> extra);

enum class RetryAfterMode { ignore, honor, at_least };

class BackoffRetry : public RetryPolicy {
public:
    explicit BackoffRetry(const Params& params);
    RetryDecision after_failure(const Response& response, const RetryContext& context,
                                engine::RandomStream& rng) final;

protected:
    // The kind's delay before retry n (n = 0 first), in seconds.
    virtual double backoff(const RetryContext& context, engine::RandomStream& rng) = 0;

private:
    double max_retries_;
    StatusSet retry_on_;
    RetryAfterMode retry_after_;
    double retry_after_jitter_;
};

}  // namespace ratesim::models
