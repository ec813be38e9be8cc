// `ratesim man`: the man page ratesim(1) in roff, from the --help text
// (man_page.hpp). The build writes it for `cmake --install`; it is not
// listed in `ratesim --help`.
#include <fmt/format.h>

#include "sim/cli/man_page.hpp"
#include "sim/cli/subcommand.hpp"

namespace ratesim::cli {
namespace {

CommandMain attach_man(CLI::App& cmd) {
    cmd.group("");  // hidden: `man ratesim` is how a user reads it
    const CLI::App* command = &cmd;
    return [command] {
        fmt::print("{}", man_page(describe_program(*command->get_parent())));
        return 0;
    };
}

}  // namespace

REGISTER_SUBCOMMAND(90, "man", "print the man page ratesim(1) in roff", attach_man);

}  // namespace ratesim::cli
