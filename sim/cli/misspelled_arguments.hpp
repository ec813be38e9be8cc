#pragma once
// Command-line words ratesim does not know, answered with the closest one it
// does: `ratesim rn` suggests `run`, `ratesim run --thread 4` suggests
// `--threads`. Each throws UsageError (exit 2).
#include <CLI/CLI.hpp>

namespace ratesim::cli {

// Before parsing: the first argument that is not an option of `app` itself
// must name one of its subcommands.
void check_subcommand_name(const CLI::App& app, int argc, const char* const* argv);

// After parsing: `command` (which allows extras) was given none.
void check_no_extras(const CLI::App& command);

}  // namespace ratesim::cli
