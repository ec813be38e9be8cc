#include "sim/serve/messages_request.hpp"

#include <optional>

#include <nlohmann/json.hpp>

#include "sim/serve/input_token_estimate.hpp"

namespace ratesim::serve {

namespace {

using nlohmann::json;

// The API's largest max_tokens for any model: a larger one is refused.
constexpr double kMaxTokensCeiling = 128'000 * 8;

std::optional<ApiError> check_content(const json& content, const std::string& field) {
    if (content.is_string()) return std::nullopt;
    if (!content.is_array()) return invalid_request(field + ": Input should be a valid string or list");
    for (std::size_t i = 0; i < content.size(); ++i) {
        const json& block = content[i];
        const std::string at = field + "." + std::to_string(i);
        if (!block.is_object()) return invalid_request(at + ": Input should be a valid dictionary");
        if (!block.contains("type") || !block["type"].is_string())
            return invalid_request(at + ".type: Field required");
        if (block["type"] == "text" && (!block.contains("text") || !block["text"].is_string()))
            return invalid_request(at + ".text: Field required");
    }
    return std::nullopt;
}

std::optional<ApiError> check_messages(const json& body) {
    if (!body.contains("messages")) return invalid_request("messages: Field required");
    const json& messages = body["messages"];
    if (!messages.is_array()) return invalid_request("messages: Input should be a valid list");
    if (messages.empty()) return invalid_request("messages: at least one message is required");
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const json& m = messages[i];
        const std::string at = "messages." + std::to_string(i);
        if (!m.is_object()) return invalid_request(at + ": Input should be a valid dictionary");
        if (!m.contains("role")) return invalid_request(at + ".role: Field required");
        if (m["role"] != "user" && m["role"] != "assistant")
            return invalid_request(at + ".role: Input should be 'user' or 'assistant'");
        if (!m.contains("content")) return invalid_request(at + ".content: Field required");
        if (auto e = check_content(m["content"], at + ".content")) return e;
    }
    if (body.contains("system"))
        if (auto e = check_content(body["system"], "system")) return e;
    if (body.contains("tools") && !body["tools"].is_array())
        return invalid_request("tools: Input should be a valid list");
    return std::nullopt;
}

}  // namespace

std::variant<MessagesRequest, ApiError> parse_messages_request(const std::string& body, RequestKind kind) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) return invalid_request("There was an issue with your request body: it is not valid JSON");
    if (!j.is_object()) return invalid_request("The request body must be a JSON object");
    MessagesRequest r;
    if (!j.contains("model")) return invalid_request("model: Field required");
    if (!j["model"].is_string()) return invalid_request("model: Input should be a valid string");
    r.model = j["model"].get<std::string>();
    if (kind == RequestKind::create_message) {
        if (!j.contains("max_tokens")) return invalid_request("max_tokens: Field required");
        const json& m = j["max_tokens"];
        if (!m.is_number_integer() && !m.is_number_unsigned())
            return invalid_request("max_tokens: Input should be a valid integer");
        r.max_tokens = m.get<double>();
        if (r.max_tokens < 1) return invalid_request("max_tokens: Input should be greater than or equal to 1");
        if (r.max_tokens > kMaxTokensCeiling)
            return invalid_request("max_tokens: " + m.dump() + " is greater than the maximum allowed");
        if (j.contains("stream")) {
            if (!j["stream"].is_boolean()) return invalid_request("stream: Input should be a valid boolean");
            r.stream = j["stream"].get<bool>();
        }
    }
    if (auto e = check_messages(j)) return *e;
    r.input_tokens = estimate_input_tokens(j);
    return r;
}

}  // namespace ratesim::serve
