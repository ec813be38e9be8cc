#pragma once
// Prose broken into lines that fit a width: the notes under a table, and the
// lines around it when the terminal is narrow.
#include <cstddef>
#include <string>

namespace ratesim::output {

// `text` broken at spaces into lines of at most `width` characters (a longer
// word stays whole), each ending in a newline.
std::string wrap_text(const std::string& text, std::size_t width);

}  // namespace ratesim::output
