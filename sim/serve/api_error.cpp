#include "sim/serve/api_error.hpp"

#include <nlohmann/json.hpp>

namespace ratesim::serve {

ApiError invalid_request(std::string message) { return {400, "invalid_request_error", std::move(message)}; }
ApiError not_found(std::string message) { return {404, "not_found_error", std::move(message)}; }

ApiError status_error(int status) {
    switch (status) {
        case 413: return {413, "request_too_large", "Request exceeds the maximum allowed number of bytes."};
        case 504: return {504, "timeout_error", "Request timed out"};
        case 408: return {408, "timeout_error", "Request timed out"};
        case 409: return {409, "api_error", "Conflict"};
        default: return {status, "api_error", "Internal server error"};
    }
}

std::string error_body(const ApiError& error, const std::string& request_id) {
    nlohmann::json e = {{"type", error.type}, {"message", error.message}};
    if (error.spend_limit) e["details"] = {{"error_code", "enforced_spend_limit_reached"}};
    return nlohmann::json{{"type", "error"}, {"error", e}, {"request_id", request_id}}.dump();
}

}  // namespace ratesim::serve
