#pragma once
// A small XML well-formedness check for tests (SVG files from gnuplot):
// one root element, tags nested and closed in order, attributes quoted,
// entity references complete. It does not validate against a DTD. Returns
// an empty string when well-formed, else the first problem and its offset.
#include <cctype>
#include <string>
#include <vector>

namespace ratesim::testing {

inline std::string xml_problem(const std::string& text) {
    std::vector<std::string> open;
    bool root_seen = false;
    std::size_t i = 0;
    auto fail = [&](const std::string& what) { return what + " at offset " + std::to_string(i); };
    auto name_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
               c == ':';
    };
    auto skip_space = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    };
    auto read_name = [&] {
        const std::size_t start = i;
        while (i < text.size() && name_char(text[i])) ++i;
        return text.substr(start, i - start);
    };
    auto entity_ok = [&](std::size_t at) {  // text[at] == '&'
        const std::size_t end = text.find(';', at);
        if (end == std::string::npos || end == at + 1 || end - at > 12) return false;
        for (std::size_t k = at + 1; k < end; ++k)
            if (!name_char(text[k]) && text[k] != '#') return false;
        return true;
    };
    while (i < text.size()) {
        if (text[i] != '<') {
            if (text[i] == '&' && !entity_ok(i)) return fail("a bare '&'");
            if (open.empty() && !std::isspace(static_cast<unsigned char>(text[i])))
                return fail("text outside the root element");
            ++i;
            continue;
        }
        if (text.compare(i, 4, "<!--") == 0) {
            const std::size_t end = text.find("-->", i + 4);
            if (end == std::string::npos) return fail("an unclosed comment");
            i = end + 3;
        } else if (text.compare(i, 9, "<![CDATA[") == 0) {
            const std::size_t end = text.find("]]>", i);
            if (end == std::string::npos || open.empty()) return fail("a misplaced CDATA section");
            i = end + 3;
        } else if (text.compare(i, 2, "<?") == 0) {
            const std::size_t end = text.find("?>", i);
            if (end == std::string::npos) return fail("an unclosed processing instruction");
            i = end + 2;
        } else if (text.compare(i, 2, "<!") == 0) {  // DOCTYPE, maybe with [internal subset]
            if (root_seen) return fail("a declaration after the root element");
            int depth = 0;
            for (++i; i < text.size(); ++i) {
                if (text[i] == '[') ++depth;
                if (text[i] == ']') --depth;
                if (text[i] == '>' && depth == 0) break;
            }
            if (i >= text.size()) return fail("an unclosed declaration");
            ++i;
        } else if (text.compare(i, 2, "</") == 0) {
            i += 2;
            const std::string name = read_name();
            skip_space();
            if (i >= text.size() || text[i] != '>') return fail("a malformed end tag");
            if (open.empty() || open.back() != name)
                return fail("</" + name + "> does not close the open element");
            open.pop_back();
            ++i;
        } else {
            ++i;
            const std::string name = read_name();
            if (name.empty()) return fail("a '<' that starts no tag");
            if (open.empty() && root_seen) return fail("a second root element");
            root_seen = true;
            std::vector<std::string> attributes;
            while (true) {
                skip_space();
                if (i >= text.size()) return fail("an unclosed start tag");
                if (text[i] == '>' || text.compare(i, 2, "/>") == 0) break;
                const std::string attribute = read_name();
                if (attribute.empty()) return fail("a malformed attribute in <" + name + ">");
                for (const auto& a : attributes)
                    if (a == attribute) return fail("attribute " + attribute + " twice");
                attributes.push_back(attribute);
                skip_space();
                if (i >= text.size() || text[i] != '=')
                    return fail("attribute " + attribute + " without a value");
                ++i;
                skip_space();
                if (i >= text.size() || (text[i] != '"' && text[i] != '\''))
                    return fail("an unquoted attribute value");
                const char quote = text[i];
                const std::size_t end = text.find(quote, i + 1);
                if (end == std::string::npos) return fail("an unclosed attribute value");
                for (std::size_t k = i + 1; k < end; ++k) {
                    if (text[k] == '<') return fail("a '<' in an attribute value");
                    if (text[k] == '&' && !entity_ok(k))
                        return fail("a bare '&' in an attribute value");
                }
                i = end + 1;
            }
            if (text[i] == '/') {
                i += 2;
            } else {
                open.push_back(name);
                ++i;
            }
        }
    }
    if (!root_seen) return "no root element";
    if (!open.empty()) return "<" + open.back() + "> is never closed";
    return "";
}

}  // namespace ratesim::testing
