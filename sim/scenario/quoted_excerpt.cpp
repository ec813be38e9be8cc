#include "sim/scenario/quoted_excerpt.hpp"

#include <fmt/format.h>

namespace ratesim::scenario {

namespace {

// The length of the well-formed UTF-8 sequence at `at`, or 0.
std::size_t utf8_length(std::string_view s, std::size_t at) {
    const auto b = static_cast<unsigned char>(s[at]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || at + n > s.size()) return 0;
    for (std::size_t i = 1; i < n; ++i)
        if ((static_cast<unsigned char>(s[at + i]) >> 6) != 0x2) return 0;
    return n;
}

std::string escape(std::string_view value, std::size_t max, bool& cut) {
    std::string out;
    std::size_t shown = 0, at = 0;
    while (at < value.size() && shown < max) {
        const auto c = static_cast<unsigned char>(value[at]);
        const std::size_t n = utf8_length(value, at);
        if (n == 0) {
            out += fmt::format("\\x{:02X}", c);
            ++at;
        } else if (n == 3 && value.substr(at, 3) == "\xEF\xBB\xBF") {
            out += "\\ufeff";
            at += 3;
        } else if (n == 1 && (c < 0x20 || c == 0x7F)) {
            switch (c) {
                case 0: out += "\\0"; break;
                case '\t': out += "\\t"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                default: out += fmt::format("\\x{:02X}", c);
            }
            ++at;
        } else if (n == 1 && c == '\\') {
            out += "\\\\";
            ++at;
        } else {
            out.append(value.substr(at, n));
            at += n;
        }
        ++shown;
    }
    cut = at < value.size();
    if (cut) out += "...";
    return out;
}

}  // namespace

std::string escaped_excerpt(std::string_view value, std::size_t max) {
    bool cut = false;
    return escape(value, max, cut);
}

std::string quoted_excerpt(std::string_view value, std::size_t max) {
    bool cut = false;
    std::string out = "'" + escape(value, max, cut) + "'";
    if (cut) out += fmt::format(" ({} bytes)", value.size());
    return out;
}

std::string excerpt_list(const std::vector<std::string>& names, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < count; ++i) {
        if (i > 0) out += ", ";
        out += escaped_excerpt(names[i]);
    }
    if (names.size() > count) out += fmt::format(", ... ({} in all)", names.size());
    return out;
}

}  // namespace ratesim::scenario
