#pragma once
// The bodies of the Messages API's successful answers, as the official
// TypeScript SDK parses them: a whole message, the server-sent events of a
// streamed one, and the model list.
#include <string>
#include <vector>

namespace ratesim::serve {

// The generated text: `tokens` words of a fixed vocabulary, one token each,
// each followed by a space; tokens [from, to) of it.
std::string generated_text(std::size_t from, std::size_t to);

struct MessageShape {
    std::string id;     // msg_...
    std::string model;
    double input_tokens = 0;
    double output_tokens = 0;
    bool hit_max_tokens = false;  // stop_reason max_tokens rather than end_turn
};

std::string message_json(const MessageShape& m);

// One server-sent event: "event: TYPE\ndata: JSON\n\n".
std::string sse_event(const std::string& type, const std::string& data);
// message_start, content_block_start and ping.
std::string stream_opening(const MessageShape& m);
// A content_block_delta carrying tokens [from, to).
std::string stream_delta(std::size_t from, std::size_t to);
// content_block_stop, message_delta (stop_reason, cumulative usage) and message_stop.
std::string stream_closing(const MessageShape& m);
// The event that breaks a 200 stream off: event: error, overloaded_error.
std::string stream_overloaded(const std::string& request_id);

// GET /v1/models: the scenario's models, in pool order.
std::string models_list_json(const std::vector<std::string>& models);
std::string model_json(const std::string& model);

}  // namespace ratesim::serve
