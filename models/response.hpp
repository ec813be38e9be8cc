#pragma once
// What a client sees of one attempt: status, headers, timing. This is all a
// strategy may look at; the server's buckets stay hidden.
#include <cstdint>

#include "sim/engine/time.hpp"

namespace ratesim::models {

// A rate-limit dimension of a pool, as the headers and 429 messages name it.
// The last two are the legacy combined limits (input + output tokens), which
// a pool has only where the scenario sets tpm or tpd (docs/model.md §6).
enum class Dimension : std::uint8_t {
    requests = 0,
    input_tokens = 1,
    output_tokens = 2,
    tokens_per_minute = 3,  // tpm
    tokens_per_day = 4,     // tpd
};
inline constexpr int kDimensions = 5;
inline constexpr Dimension kAllDimensions[kDimensions] = {
    Dimension::requests, Dimension::input_tokens, Dimension::output_tokens,
    Dimension::tokens_per_minute, Dimension::tokens_per_day};
// How result files name it (timeseries.csv's bucket_<pool>_<name>).
constexpr const char* dimension_name(Dimension d) {
    constexpr const char* names[kDimensions] = {"requests", "input_tokens", "output_tokens",
                                                "tokens_per_minute", "tokens_per_day"};
    return names[static_cast<int>(d)];
}
// Whether the dimension counts output tokens (OTPM, TPM, TPD): those are
// drawn as the output streams, or reserved at max_tokens.
constexpr bool counts_output(Dimension d) { return d != Dimension::requests && d != Dimension::input_tokens; }
// Whether it counts input tokens (ITPM, TPM, TPD).
constexpr bool counts_input(Dimension d) { return d != Dimension::requests && d != Dimension::output_tokens; }

namespace status {
inline constexpr int ok = 200;
inline constexpr int rate_limited = 429;
inline constexpr int overloaded = 529;
inline constexpr int client_timeout = 0;  // no answer before the client gave up
inline constexpr int request_timeout = 408;
inline constexpr int conflict = 409;
inline constexpr int request_too_large = 413;  // request_too_large
inline constexpr int api_error = 500;          // api_error
inline constexpr int gateway_timeout = 504;    // timeout_error
}  // namespace status

// x-should-retry: the server's say on whether to retry; absent on most answers.
enum class ShouldRetry : std::uint8_t { absent, yes, no };

// anthropic-ratelimit-<dimension>-{limit,remaining,reset}
struct LimitHeader {
    bool present = false;
    double limit = 0;
    double remaining = 0;  // token dimensions are rounded to the nearest thousand
    engine::Time reset = 0;   // when the bucket is full again (absolute simulated time)
};

struct RateLimitHeaders {
    LimitHeader dimension[kDimensions];
    // anthropic-ratelimit-tokens-*: the most restrictive token dimension
    // (of ITPM, OTPM, and TPM and TPD where the pool has them)
    LimitHeader tokens;
    const LimitHeader& operator[](Dimension d) const { return dimension[static_cast<int>(d)]; }
    LimitHeader& operator[](Dimension d) { return dimension[static_cast<int>(d)]; }
    // Sets `tokens` from the token dimensions present: the one with the
    // smallest share remaining (the first of them on a tie), or the only one.
    void combine_tokens();
};

struct Response {
    int status = status::ok;
    engine::Time sent_at = 0;
    engine::Time received_at = 0;
    engine::Time retry_after = engine::kNever;  // the retry-after header; kNever when absent
    Dimension exceeded = Dimension::requests;  // which limit a 429 names
    // A 429 with error_code enforced_spend_limit_reached: the monthly spend
    // cap, not a rate limit (no retry-after; lifts when the month ends).
    bool spend_limit = false;
    // A 200 stream that ended in `event: error` (overloaded_error) part way
    // through its output: status stays 200, and it is no success.
    bool stream_error = false;
    RateLimitHeaders headers;
    ShouldRetry should_retry = ShouldRetry::absent;  // x-should-retry
    engine::Time retry_after_ms = engine::kNever;  // the retry-after-ms header (exact); kNever when absent
    bool has_retry_after() const { return retry_after != engine::kNever; }
    bool succeeded() const { return status == status::ok && !stream_error; }
    // The status a failure is treated as where a rule goes by status: a
    // broken stream's overloaded_error is the error a 529 carries.
    int failure_status() const { return stream_error ? status::overloaded : status; }
};

}  // namespace ratesim::models
