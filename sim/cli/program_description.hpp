#pragma once
// The command line as data, read from the CLI11 app that main() builds: its
// subcommands, options, descriptions and choices, and the words each option
// value can be (preset and strategy names, --set paths from the key table).
// Shell completions and the man page are generated from it, so a subcommand
// or option added anywhere appears in them without a second list.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ratesim::cli {

// What an option's value (or a positional argument) is completed with.
enum class ValueKind { none, words, file, directory };

struct OptionDescription {
    std::vector<std::string> short_names;  // "o", as in -o
    std::vector<std::string> long_names;   // "out", as in --out
    std::string positional;                // FILE, for a positional argument
    std::string description;
    std::string value_name;  // TEXT, INT, ...; "" for a flag
    bool repeatable = false;
    bool required = false;
    ValueKind value = ValueKind::none;
    std::vector<std::string> words;  // for ValueKind::words
};

struct CommandDescription {
    std::string name;  // "" for the program itself
    std::string summary;
    std::vector<OptionDescription> options;  // the program's own --help and --version too
};

struct ProgramDescription {
    std::string name;  // ratesim
    std::string summary;
    std::string version;
    CommandDescription global;                 // options before a subcommand
    std::vector<CommandDescription> commands;  // in `ratesim --help` order, hidden ones left out
};

// `root` is the program's app; called from inside a subcommand, that is its parent.
ProgramDescription describe_program(const CLI::App& root);

}  // namespace ratesim::cli
