#pragma once
// An offending value as a message quotes it: at most about 80 characters,
// with what a terminal would hide or choke on escaped: \0, \t, \n, \r, \xNN
// for other control bytes and bytes that are not UTF-8, \ufeff for a byte
// order mark. A longer value ends in "..." and its length in bytes.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ratesim::scenario {

constexpr std::size_t kExcerptCharacters = 80;

// The value escaped and cut, without quotes.
std::string escaped_excerpt(std::string_view value, std::size_t max = kExcerptCharacters);
// The same in single quotes: 'abc', or 'abc...' (20000000 bytes).
std::string quoted_excerpt(std::string_view value, std::size_t max = kExcerptCharacters);
// Names for an "allowed:" list (a CSV header): each escaped and cut, at most
// `count` of them, then ", ... (N in all)".
std::string excerpt_list(const std::vector<std::string>& names, std::size_t count = 20);

}  // namespace ratesim::scenario
