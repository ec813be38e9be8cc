#include "sim/serve/input_token_estimate.hpp"

#include <string>

namespace ratesim::serve {

namespace {

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (const unsigned char c : s) n += (c & 0xC0) != 0x80;  // every byte but UTF-8 continuations
    return n;
}

double text_tokens(const std::string& s) { return static_cast<double>((code_points(s) + 3) / 4); }

// A string, or a list of content blocks.
double content_tokens(const nlohmann::json& content) {
    if (content.is_string()) return text_tokens(content.get<std::string>());
    if (!content.is_array()) return 0;
    double tokens = 0;
    for (const auto& block : content) {
        if (!block.is_object()) continue;
        const std::string type = block.value("type", "");
        if (type == "text" && block.contains("text") && block["text"].is_string())
            tokens += text_tokens(block["text"].get<std::string>());
        else if (type == "tool_use" && block.contains("input"))
            tokens += text_tokens(block["input"].dump());
        else if (type == "tool_result" && block.contains("content"))
            tokens += content_tokens(block["content"]);
        // image, document and anything else: nothing
    }
    return tokens;
}

}  // namespace

double estimate_input_tokens(const nlohmann::json& request) {
    double tokens = 0;
    if (request.contains("system")) tokens += 4 + content_tokens(request["system"]);
    for (const auto& message : request["messages"])
        tokens += 4 + (message.contains("content") ? content_tokens(message["content"]) : 0.0);
    if (request.contains("tools") && request["tools"].is_array())
        for (const auto& tool : request["tools"]) tokens += text_tokens(tool.dump());
    return std::max(1.0, tokens);
}

}  // namespace ratesim::serve
