#pragma once
// How a subcommand joins the program: each sim/cli/*_command.cpp registers
// itself with REGISTER_SUBCOMMAND, so main.cpp knows no command by name.
#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

namespace ratesim::cli {

// What runs once the command line has been parsed: returns the exit code
// (0 done, 1 failure while running, 2 bad input) or throws.
using CommandMain = std::function<int()>;

struct Subcommand {
    int order;            // position in `ratesim --help`
    const char* name;     // `ratesim NAME`
    const char* summary;  // its line in `ratesim --help`
    // Declares the subcommand's options on `command`, bound to storage that
    // the returned CommandMain then reads.
    CommandMain (*attach)(CLI::App& command);
};

// Registration happens before main() runs; order decides the help listing.
bool register_subcommand(Subcommand subcommand);
// Every registered subcommand, by order.
std::vector<Subcommand> subcommands();

}  // namespace ratesim::cli

#define RATESIM_CONCAT_INNER(a, b) a##b
#define RATESIM_CONCAT(a, b) RATESIM_CONCAT_INNER(a, b)
// Registers `ratesim NAME` at position `order` of the help listing; `attach`
// is a function CLI::App& -> CommandMain.
#define REGISTER_SUBCOMMAND(order, name, summary, attach) \
    [[maybe_unused]] static const bool RATESIM_CONCAT(registered_, __COUNTER__) = \
        ::ratesim::cli::register_subcommand({order, name, summary, attach})
