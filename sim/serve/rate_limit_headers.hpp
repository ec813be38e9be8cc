#pragma once
// The anthropic-ratelimit-* headers of an answer, from the model's view of
// the pool it touched: limit, remaining and reset (RFC 3339, UTC) for
// requests, input tokens, output tokens and their most restrictive "tokens".
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "models/response.hpp"

namespace ratesim::serve {

// `started`: the wall-clock instant of simulated time 0.
std::vector<std::pair<std::string, std::string>> rate_limit_headers(
    const models::RateLimitHeaders& headers, std::chrono::system_clock::time_point started);

// "2026-12-02T05:55:43Z"
std::string rfc3339(std::chrono::system_clock::time_point t);

}  // namespace ratesim::serve
