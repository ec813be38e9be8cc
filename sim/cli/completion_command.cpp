// `ratesim completion SHELL`: a completion script for bash, zsh or fish,
// generated from the command line itself (completion_scripts.hpp).
#include <fmt/format.h>

#include <memory>

#include "sim/cli/completion_scripts.hpp"
#include "sim/cli/subcommand.hpp"

namespace ratesim::cli {
namespace {

CommandMain attach_completion(CLI::App& cmd) {
    auto shell = std::make_shared<std::string>();
    cmd.add_option("SHELL", *shell, "the shell: bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember(completion_shells()));
    const CLI::App* command = &cmd;
    return [shell, command] {
        fmt::print("{}", completion_script(describe_program(*command->get_parent()), *shell));
        return 0;
    };
}

}  // namespace

REGISTER_SUBCOMMAND(70, "completion", "print a shell completion script (bash, zsh or fish)",
                    attach_completion);

}  // namespace ratesim::cli
