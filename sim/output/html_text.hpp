#pragma once
// Text for HTML: every character that could end an element or attribute
// (& < > " ') escaped, so names and descriptions from a scenario are shown,
// never interpreted.
#include <string>
#include <string_view>

namespace ratesim::output {

std::string html_escape(std::string_view text);

}  // namespace ratesim::output
