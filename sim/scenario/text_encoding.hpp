#pragma once
// Scenario text must be UTF-8 YAML: names and descriptions go into
// summary.json, which cannot hold other bytes. These find the first byte
// that breaks it.
#include <cstddef>
#include <optional>
#include <string_view>

namespace ratesim::scenario {

struct TextPosition {
    std::size_t offset;  // bytes from the start
    int line;            // 1-based
    int column;          // 1-based, in bytes
};

// The position of the first byte that is not part of a well-formed UTF-8
// sequence (overlong forms, surrogates and code points past U+10FFFF are
// ill-formed too), or nothing if the whole text is UTF-8.
std::optional<TextPosition> first_invalid_utf8(std::string_view text);

// The position of the first control character YAML does not allow (all of
// 0x00-0x1F but tab, line feed and carriage return, and 0x7F), or nothing.
// yaml-cpp reads a NUL byte as part of a multi-byte sequence and produces
// text that is not UTF-8, so these are refused before parsing.
std::optional<TextPosition> first_control_character(std::string_view text);

}  // namespace ratesim::scenario
