#include "sim/serve/message_shapes.hpp"

#include <nlohmann/json.hpp>

#include "sim/serve/api_error.hpp"

namespace ratesim::serve {

namespace {

using nlohmann::json;

constexpr const char* kVocabulary[] = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur",
                                       "adipiscing", "elit"};
constexpr std::size_t kWords = sizeof kVocabulary / sizeof kVocabulary[0];

json usage(const MessageShape& m) {
    return {{"input_tokens", static_cast<std::int64_t>(m.input_tokens)},
            {"output_tokens", static_cast<std::int64_t>(m.output_tokens)},
            {"cache_creation_input_tokens", 0},
            {"cache_read_input_tokens", 0}};
}

const char* stop_reason(const MessageShape& m) { return m.hit_max_tokens ? "max_tokens" : "end_turn"; }

json message(const MessageShape& m, json content, json stop, json use) {
    return {{"id", m.id}, {"type", "message"}, {"role", "assistant"}, {"model", m.model},
            {"content", std::move(content)}, {"stop_reason", std::move(stop)}, {"stop_sequence", nullptr},
            {"usage", std::move(use)}};
}

}  // namespace

std::string generated_text(std::size_t from, std::size_t to) {
    std::string text;
    for (std::size_t i = from; i < to; ++i) {
        text += kVocabulary[i % kWords];
        text += ' ';
    }
    return text;
}

std::string message_json(const MessageShape& m) {
    const auto tokens = static_cast<std::size_t>(m.output_tokens);
    return message(m, json::array({{{"type", "text"}, {"text", generated_text(0, tokens)}}}), stop_reason(m),
                   usage(m))
        .dump();
}

std::string sse_event(const std::string& type, const std::string& data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
}

std::string stream_opening(const MessageShape& m) {
    MessageShape start = m;
    start.output_tokens = 1;  // as the API reports it before generating
    return sse_event("message_start",
                     json{{"type", "message_start"},
                          {"message", message(m, json::array(), nullptr, usage(start))}}.dump()) +
           sse_event("content_block_start", json{{"type", "content_block_start"}, {"index", 0},
                                                 {"content_block", {{"type", "text"}, {"text", ""}}}}.dump()) +
           sse_event("ping", R"({"type": "ping"})");
}

std::string stream_delta(std::size_t from, std::size_t to) {
    return sse_event("content_block_delta",
                     json{{"type", "content_block_delta"}, {"index", 0},
                          {"delta", {{"type", "text_delta"}, {"text", generated_text(from, to)}}}}.dump());
}

std::string stream_closing(const MessageShape& m) {
    return sse_event("content_block_stop", json{{"type", "content_block_stop"}, {"index", 0}}.dump()) +
           sse_event("message_delta", json{{"type", "message_delta"},
                                           {"delta", {{"stop_reason", stop_reason(m)}, {"stop_sequence", nullptr}}},
                                           {"usage", usage(m)}}.dump()) +
           sse_event("message_stop", json{{"type", "message_stop"}}.dump());
}

std::string stream_overloaded(const std::string& request_id) {
    return sse_event("error", error_body({529, "overloaded_error", "Overloaded"}, request_id));
}

std::string model_json(const std::string& model) {
    return json{{"type", "model"}, {"id", model}, {"display_name", model},
                {"created_at", "2025-01-01T00:00:00Z"}}.dump();
}

std::string models_list_json(const std::vector<std::string>& models) {
    json data = json::array();
    for (const auto& m : models) data.push_back(json::parse(model_json(m)));
    return json{{"data", data}, {"has_more", false},
                {"first_id", models.empty() ? json(nullptr) : json(models.front())},
                {"last_id", models.empty() ? json(nullptr) : json(models.back())}}.dump();
}

}  // namespace ratesim::serve
