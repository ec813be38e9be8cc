// The official Anthropic SDKs' retry rule (Python v0.121, TypeScript v0.120):
// which answers are retried (x-should-retry, then the status) and after how
// long (retry-after-ms, then retry-after, else a jittered backoff).
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/strategy/registry.hpp"
#include "sim/engine/portable_math.hpp"

namespace ratesim::models {

namespace {

class SdkRetry final : public RetryPolicy {
public:
    explicit SdkRetry(const Params& p)
        : max_retries_(p.number("max_retries")),
          retry_on_(p.statuses("retry_on")),
          retry_after_cap_(p.number("retry_after_cap")),
          retry_after_jitter_(p.number("retry_after_jitter")) {}

    RetryDecision after_failure(const Response& response, const RetryContext& context,
                                engine::RandomStream& rng) override {
        // An `event: error` after the 200 is raised while the stream is read,
        // after the request (and its retry loop) returned: never retried.
        if (response.stream_error) return {};
        if (!should_retry(response) || context.retries_done >= max_retries_) return {};
        // retry-after-ms wins over retry-after (Python _parse_retry_after_header;
        // TypeScript retryRequest, where a "0" counts as absent: ratesim never sends 0).
        const engine::Time ra = response.retry_after_ms != engine::kNever ? response.retry_after_ms
                                                                          : response.retry_after;
        if (ra != engine::kNever) {
            const double header = engine::to_seconds(ra);
            if (header > 0 && header <= retry_after_cap_) {
                const double jitter = retry_after_jitter_ > 0 ? rng.uniform(0, retry_after_jitter_ * header) : 0;
                return {true, header + jitter};
            }
        }
        const int n = std::min(context.retries_done, 64);
        const double delay = std::min(0.5 * std::ldexp(1.0, n), 8.0) * (1 - 0.25 * rng.uniform());
        return {true, delay};
    }

private:
    // Python _should_retry / TypeScript shouldRetry: x-should-retry decides
    // first; else the status (408, 409, 429, >= 500 by default). A client
    // timeout has no header and goes by retry_on's `timeout`.
    bool should_retry(const Response& response) const {
        if (response.status != status::client_timeout) {
            if (response.should_retry == ShouldRetry::yes) return true;
            if (response.should_retry == ShouldRetry::no) return false;
        }
        return retry_on_.contains(response.status);
    }

    double max_retries_;
    StatusSet retry_on_;
    double retry_after_cap_;
    double retry_after_jitter_;
};

std::unique_ptr<RetryPolicy> make_sdk(const Params& p) { return std::make_unique<SdkRetry>(p); }

}  // namespace

PartKind sdk_retry_kind() {
    StatusSet retry_on;
    retry_on.add(408);
    retry_on.add(409);
    retry_on.add(429);
    retry_on.add_range(500, 599);
    retry_on.add(StatusSet::kTimeout);
    return {Part::retry,
            "sdk",
            "the official Anthropic SDK rule",
            "x-should-retry decides, else retry_on; retry-after-ms (else retry-after) in (0, retry_after_cap] is honored; else d = min(0.5 * 2^n, 8) * (1 - 0.25 U)",
            {
                {"max_retries", ParamType::retries, 2.0, "retries per item (SDK default 2)", {}},
                {"retry_on", ParamType::statuses, retry_on, "statuses that are retried", {}},
                {"retry_after_cap", ParamType::duration_or_none, 60.0,
                 "largest honored retry-after; none = any", {}},
                {"retry_after_jitter", ParamType::number, 0.0,
                 "f: a honored retry-after ra becomes ra + U(0, f*ra) (not in the SDKs; 0 = as they are)", {}},
            },
            make_sdk};
}

}  // namespace ratesim::models
