#pragma once
// Shell completion scripts for bash, zsh and fish, generated from the
// program's description (program_description.hpp): subcommands, their
// options, and option values (preset and strategy names, --set paths).
#include <string>
#include <vector>

#include "sim/cli/program_description.hpp"

namespace ratesim::cli {

// The shells a script can be written for, as `ratesim completion SHELL` names them.
const std::vector<std::string>& completion_shells();

// The script for `shell` (one of completion_shells()).
std::string completion_script(const ProgramDescription& program, const std::string& shell);

}  // namespace ratesim::cli
