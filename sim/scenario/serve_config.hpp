#pragma once
// The scenario's `serve:` section, for `ratesim serve`: which client group
// lends the live answers their output lengths, which API keys belong to
// which workspace, and how often a stream breaks off mid-way. `ratesim run`
// ignores it.
#include <string>
#include <utility>
#include <vector>

namespace ratesim::scenario {

struct ServeConfig {
    // The client group whose request shape (output_tokens) and workspace the
    // live answers use: serve.group, default the first group.
    std::size_t group = 0;
    // serve.keys: API key -> workspace ("" = the organization's default).
    // Empty: any key is accepted, as the group's workspace.
    std::vector<std::pair<std::string, std::string>> api_keys;
    // serve.midstream_overload: the probability that an admitted stream
    // ends with `event: error` (overloaded_error) half way through its text.
    double midstream_overload = 0;
};

}  // namespace ratesim::scenario
