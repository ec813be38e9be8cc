#pragma once
// `--sweep PATH=VALUES` on the command line: the same as a `sweep:` map in
// the file (sweep_reader.hpp), which it replaces.
#include <string>

namespace ratesim::scenario {

// The option as a `sweep:` override for the loader's --set list: VALUES is a
// range (A..B xF, also A..BxF) or a comma-separated list.
std::string sweep_option_as_set(const std::string& option);

}  // namespace ratesim::scenario
