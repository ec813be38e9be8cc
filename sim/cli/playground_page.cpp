#include "sim/cli/playground_page.hpp"

#include <stdexcept>

namespace ratesim::cli {

namespace {

// `text` with every `from` replaced by `to`.
std::string replaced(const std::string& text, std::string_view from, std::string_view to) {
    std::string out;
    out.reserve(text.size() + text.size() / 64);
    std::size_t at = 0;
    while (true) {
        const std::size_t found = text.find(from, at);
        if (found == std::string::npos) break;
        out.append(text, at, found - at);
        out.append(to);
        at = found + from.size();
    }
    out.append(text, at, std::string::npos);
    return out;
}

// Where `placeholder` is in the template, which must hold it once.
std::size_t place_of(std::string_view page_template, std::string_view placeholder) {
    const std::size_t at = page_template.find(placeholder);
    if (at == std::string_view::npos || page_template.find(placeholder, at + 1) != std::string_view::npos)
        throw std::logic_error("the playground page template must hold " + std::string(placeholder) +
                               " exactly once");
    return at;
}

}  // namespace

std::string escape_page_data(const std::string& data_json) { return replaced(data_json, "</", "<\\/"); }

std::string escape_page_module(const std::string& module_text) {
    // HTML reads tag names in any case: "</SCRIPT" ends the element too.
    constexpr std::string_view tag = "script";
    std::string out;
    out.reserve(module_text.size() + 16);
    for (std::size_t i = 0; i < module_text.size(); ++i) {
        out += module_text[i];
        const bool room = i + 2 + tag.size() <= module_text.size();  // "</" and the tag name
        if (module_text[i] != '<' || !room || module_text[i + 1] != '/') continue;
        bool is_tag = true;
        for (std::size_t k = 0; k < tag.size() && is_tag; ++k) {
            const char c = module_text[i + 2 + k];
            is_tag = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == tag[k];
        }
        if (is_tag) out += '\\';
    }
    return out;
}

std::string fill_playground_page(std::string_view page_template, const std::string& data_json,
                                 const std::string& module_text) {
    const std::size_t data_at = place_of(page_template, kDataPlaceholder);
    const std::size_t module_at = place_of(page_template, kModulePlaceholder);
    struct Part {
        std::size_t at;
        std::string_view placeholder;
        std::string text;
    };
    Part first{data_at, kDataPlaceholder, escape_page_data(data_json)};
    Part second{module_at, kModulePlaceholder, escape_page_module(module_text)};
    if (second.at < first.at) std::swap(first, second);
    std::string page;
    page.reserve(page_template.size() + first.text.size() + second.text.size());
    page.append(page_template.substr(0, first.at));
    page.append(first.text);
    const std::size_t middle = first.at + first.placeholder.size();
    page.append(page_template.substr(middle, second.at - middle));
    page.append(second.text);
    page.append(page_template.substr(second.at + second.placeholder.size()));
    return page;
}

}  // namespace ratesim::cli
