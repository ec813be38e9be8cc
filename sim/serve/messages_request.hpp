#pragma once
// A Messages request body, checked as the API checks it: malformed JSON and
// missing or ill-typed fields are a 400 invalid_request_error naming the
// field. `count_tokens` asks the same but for max_tokens and stream.
#include <string>
#include <variant>

#include "sim/serve/api_error.hpp"

namespace ratesim::serve {

struct MessagesRequest {
    std::string model;
    double max_tokens = 0;
    bool stream = false;
    double input_tokens = 0;  // by estimate_input_tokens
};

enum class RequestKind { create_message, count_tokens };

std::variant<MessagesRequest, ApiError> parse_messages_request(const std::string& body, RequestKind kind);

}  // namespace ratesim::serve
