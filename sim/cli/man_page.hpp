#pragma once
// The man page ratesim(1), in roff, generated from the program's description
// (program_description.hpp): the same summaries and option descriptions as
// `ratesim --help` and `ratesim COMMAND --help`.
#include <string>

#include "sim/cli/program_description.hpp"

namespace ratesim::cli {

std::string man_page(const ProgramDescription& program);

}  // namespace ratesim::cli
