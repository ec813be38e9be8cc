#include "models/strategy/backoff_retry.hpp"

#include <algorithm>
#include <limits>

namespace ratesim::models {

std::vector<ParamSpec> common_retry_params() {
    StatusSet retry_on;
    retry_on.add(429);
    retry_on.add_range(500, 599);
    retry_on.add(StatusSet::kTimeout);
    return {
        {"max_retries", ParamType::retries, std::numeric_limits<double>::infinity(),
         "retries per item before it fails", {}},
        {"retry_on", ParamType::statuses, retry_on, "statuses that are retried", {}},
        {"retry_after", ParamType::choice, std::string("ignore"),
         "ignore the header; honor it (wait exactly that); at-least (max of it and the backoff)",
         {"ignore", "honor", "at-least"}},
        {"retry_after_jitter", ParamType::number, 0.0,
         "f: a honored retry-after ra becomes ra + U(0, f*ra)", {}},
    };
}

std::vector<ParamSpec> with_common_retry_params(std::vector<ParamSpec> extra) {
    for (auto& p : common_retry_params()) extra.push_back(std::move(p));
    return extra;
}

BackoffRetry::BackoffRetry(const Params& params)
    : max_retries_(params.number("max_retries")),
      retry_on_(params.statuses("retry_on")),
      retry_after_(params.text("retry_after") == "honor"      ? RetryAfterMode::honor
                   : params.text("retry_after") == "at-least" ? RetryAfterMode::at_least
                                                              : RetryAfterMode::ignore),
      retry_after_jitter_(params.number("retry_after_jitter")) {}

RetryDecision BackoffRetry::after_failure(const Response& response, const RetryContext& context,
                                          engine::RandomStream& rng) {
    if (!retry_on_.contains(response.failure_status())) return {};
    if (context.retries_done >= max_retries_) return {};
    const double delay = backoff(context, rng);
    if (retry_after_ == RetryAfterMode::ignore || !response.has_retry_after())
        return {true, delay};
    double header = engine::to_seconds(response.retry_after);
    if (retry_after_jitter_ > 0) header += rng.uniform(0, retry_after_jitter_ * header);
    return {true, retry_after_ == RetryAfterMode::honor ? header : std::max(header, delay)};
}

}  // namespace ratesim::models
