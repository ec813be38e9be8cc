#include "sim/serve/rate_limit_headers.hpp"

#include <cmath>
#include <ctime>

namespace ratesim::serve {

namespace {

std::string whole(double x) { return std::to_string(static_cast<long long>(std::floor(x))); }

void add(std::vector<std::pair<std::string, std::string>>& out, const std::string& name,
         const models::LimitHeader& h, std::chrono::system_clock::time_point started) {
    if (!h.present) return;
    const std::string prefix = "anthropic-ratelimit-" + name + "-";
    out.emplace_back(prefix + "limit", whole(h.limit));
    out.emplace_back(prefix + "remaining", whole(std::max(0.0, h.remaining)));
    // Rounded up to the whole second, as the API's header is.
    const auto reset = started + std::chrono::seconds((h.reset + 999'999) / 1'000'000);
    out.emplace_back(prefix + "reset", rfc3339(std::chrono::time_point_cast<std::chrono::system_clock::duration>(reset)));
}

}  // namespace

std::string rfc3339(std::chrono::system_clock::time_point t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::vector<std::pair<std::string, std::string>> rate_limit_headers(
    const models::RateLimitHeaders& headers, std::chrono::system_clock::time_point started) {
    std::vector<std::pair<std::string, std::string>> out;
    add(out, "requests", headers[models::Dimension::requests], started);
    add(out, "input-tokens", headers[models::Dimension::input_tokens], started);
    add(out, "output-tokens", headers[models::Dimension::output_tokens], started);
    // ratesim's names for the legacy combined limits (docs/model.md §6).
    add(out, "combined-tokens", headers[models::Dimension::tokens_per_minute], started);
    add(out, "daily-tokens", headers[models::Dimension::tokens_per_day], started);
    add(out, "tokens", headers.tokens, started);
    return out;
}

}  // namespace ratesim::serve
