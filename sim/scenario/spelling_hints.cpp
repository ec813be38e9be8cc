#include "sim/scenario/spelling_hints.hpp"

#include "sim/scenario/quoted_excerpt.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ratesim::scenario {

std::size_t levenshtein(std::string_view a, std::string_view b) {
    auto lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitute =
                previous[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::optional<std::string> did_you_mean(const std::string& word,
                                        const std::vector<std::string>& candidates) {
    if (word.empty() || word.size() > 200) return std::nullopt;
    std::optional<std::string> best;
    std::size_t best_distance = 0;
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    for (const auto& candidate : candidates) {
        if (candidate.size() > 200) continue;
        const std::size_t d = levenshtein(word, candidate);
        if (d <= limit && d < word.size() && (!best || d < best_distance)) {
            best = candidate;
            best_distance = d;
        }
    }
    return best;
}

std::string hint_for(const std::string& word, const std::vector<std::string>& candidates) {
    const auto best = did_you_mean(word, candidates);
    return best ? fmt::format(" (did you mean {}?)", quoted_excerpt(*best)) : "";
}

std::string unknown_with_hint(const std::string& what, const std::string& word,
                              const std::vector<std::string>& candidates) {
    return fmt::format("unknown {} '{}'{}", what, word, hint_for(word, candidates));
}

std::string join(const std::vector<std::string>& words, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i ? separator : "") + words[i];
    return out;
}

}  // namespace ratesim::scenario
