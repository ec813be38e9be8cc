#pragma once
// "Did you mean": the closest of the allowed words to a misspelled one, and
// the lists of allowed words that messages end with.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ratesim::scenario {

// Edit distance between two words (case-insensitive).
std::size_t levenshtein(std::string_view a, std::string_view b);
// The closest candidate, if it is close enough to be a likely misspelling.
std::optional<std::string> did_you_mean(const std::string& word,
                                        const std::vector<std::string>& candidates);
// " (did you mean 'y'?)", or "" when nothing is close.
std::string hint_for(const std::string& word, const std::vector<std::string>& candidates);
// "unknown X 'word' (did you mean 'y'?)".
std::string unknown_with_hint(const std::string& what, const std::string& word,
                              const std::vector<std::string>& candidates);
std::string join(const std::vector<std::string>& words, const std::string& separator = ", ");

}  // namespace ratesim::scenario
