#pragma once
// The Messages API's error answers, as the official SDKs read them: an HTTP
// status and the body
//   {"type":"error","error":{"type":...,"message":...},"request_id":...}
#include <string>

namespace ratesim::serve {

struct ApiError {
    int status = 400;
    std::string type = "invalid_request_error";
    std::string message;
    // The spend cap's 429: error.details.error_code, and no retry-after.
    bool spend_limit = false;
};

ApiError invalid_request(std::string message);  // 400
ApiError not_found(std::string message);        // 404 not_found_error
// The error a simulated status carries: 413 request_too_large, 500
// api_error, 504 timeout_error; 408 timeout_error and 409 api_error
// (ratesim's choice: the API's docs list neither).
ApiError status_error(int status);

std::string error_body(const ApiError& error, const std::string& request_id);

}  // namespace ratesim::serve
