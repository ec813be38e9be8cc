#include "sim/cli/misspelled_arguments.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "sim/cli/usage_error.hpp"
#include "sim/scenario/spelling_hints.hpp"

namespace ratesim::cli {

namespace {

// "--threads", "-o", ... : every name an option of `command` answers to.
std::vector<std::string> option_names(const CLI::App& command) {
    std::vector<std::string> names;
    for (const CLI::Option* option : command.get_options()) {
        for (const auto& name : option->get_lnames()) names.push_back("--" + name);
        for (const auto& name : option->get_snames()) names.push_back("-" + name);
    }
    return names;
}

std::string command_line_name(const CLI::App& command) {
    return command.get_parent() ? "ratesim " + command.get_name() : "ratesim";
}

[[noreturn]] void unknown_option(const CLI::App& command, const std::string& given) {
    const std::string name = given.substr(0, given.find('='));
    throw UsageError(fmt::format("{}: error: unknown option of `{}`{}; allowed: {} (see `{} --help`)",
                                 name, command_line_name(command), scenario::hint_for(name, option_names(command)),
                                 scenario::join(option_names(command)), command_line_name(command)));
}

}  // namespace

void check_subcommand_name(const CLI::App& app, int argc, const char* const* argv) {
    std::vector<std::string> subcommands, listed;  // listed: those `--help` shows
    for (const CLI::App* sub : app.get_subcommands({})) {
        subcommands.push_back(sub->get_name());
        if (!sub->get_group().empty()) listed.push_back(sub->get_name());
    }
    const std::vector<std::string> own = option_names(app);
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (word.size() > 1 && word[0] == '-') {
            bool known = false;
            for (const auto& name : own) known |= word.substr(0, word.find('=')) == name;
            if (!known) unknown_option(app, word);
            continue;
        }
        for (const auto& name : subcommands)
            if (word == name) return;
        throw UsageError(fmt::format("{}: error: unknown subcommand{}; allowed: {}", word,
                                     scenario::hint_for(word, listed), scenario::join(listed)));
    }
}

void check_no_extras(const CLI::App& command) {
    const std::vector<std::string> extras = command.remaining();
    for (const auto& extra : extras)
        if (extra.size() > 1 && extra[0] == '-') unknown_option(command, extra);
    if (!extras.empty())
        throw UsageError(fmt::format("{}: error: unexpected argument of `{}`; allowed: see `{} --help`",
                                     extras.front(), command_line_name(command), command_line_name(command)));
}

}  // namespace ratesim::cli
