#pragma once
// How the fuzzers read their bytes: the text of a file, preceded by any
// number of lines `#set PATH=VALUE` that become --set overrides, so the
// fuzzer reaches the override code with the same inputs as the file reader.
// A file that starts with none is used whole, so any scenario is a seed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ratesim::fuzz {

struct FuzzInput {
    std::string text;
    std::vector<std::string> sets;
};

inline FuzzInput split_input(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    FuzzInput input;
    constexpr std::string_view prefix = "#set ";
    while (rest.substr(0, prefix.size()) == prefix) {
        const std::size_t end = rest.find('\n');
        const std::string_view line = rest.substr(prefix.size(), end == rest.npos ? rest.npos : end - prefix.size());
        input.sets.emplace_back(line);
        rest = end == rest.npos ? std::string_view() : rest.substr(end + 1);
    }
    input.text = std::string(rest);
    return input;
}

}  // namespace ratesim::fuzz
