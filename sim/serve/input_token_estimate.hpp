#pragma once
// How many input tokens a Messages request counts, by a fixed rule that
// anyone can redo by hand: not the real tokenizer, an estimate of it
// (docs/serve.md states the rule).
//
//   tokens = sum over every text piece of ceil(code points / 4)
//            + 4 per message + 4 if there is a system prompt
//
// Text pieces: the system prompt (a string or its text blocks), each
// message's content (a string, or its blocks: text, a tool_use's input as
// compact JSON, a tool_result's text), and each tool's definition as
// compact JSON. Images and documents count nothing. At least 1.
#include <nlohmann/json.hpp>

namespace ratesim::serve {

// `request` has passed validation (messages is a list of maps).
double estimate_input_tokens(const nlohmann::json& request);

}  // namespace ratesim::serve
