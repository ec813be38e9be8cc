#pragma once
// How wide the table printed after a run may be: the terminal's width, so
// that an 80-column terminal gets a table that fits it.
#include <cstddef>

namespace ratesim::cli {

// COLUMNS when it is set to a number of at least 40; else, when standard
// output is a terminal, its width (ioctl TIOCGWINSZ); else 0, meaning no
// limit: output to a file or a pipe keeps one full-width table.
std::size_t terminal_width();

}  // namespace ratesim::cli
