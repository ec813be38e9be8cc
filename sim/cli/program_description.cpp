#include "sim/cli/program_description.hpp"

#include "models/strategy/registry.hpp"
#include "sim/cli/build_info.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/tier_presets.hpp"

namespace ratesim::cli {
namespace {

std::vector<std::string> set_words() {
    std::vector<std::string> words;
    for (const std::string& path : scenario::set_paths()) words.push_back(path + "=");
    return words;
}

std::vector<std::string> tier_preset_words() {
    std::vector<std::string> words;
    for (const auto& family : scenario::tier_preset_families())
        for (const auto& tier : family.tiers) words.push_back(tier.name);
    return words;
}

std::vector<std::string> tier_family_words() {
    std::vector<std::string> words;
    for (const auto& family : scenario::tier_preset_families()) words.push_back(family.name);
    return words;
}

std::vector<std::string> strategy_words() {
    std::vector<std::string> words;
    for (const auto& preset : models::strategy_presets()) words.push_back(preset.name);
    return words;
}

// What the value of an option of this name is, wherever it is declared:
// paths into the scenario, names ratesim knows, files or directories.
void complete_by_name(OptionDescription& option) {
    const std::string name =
        !option.positional.empty() ? option.positional
                                   : (option.long_names.empty() ? "" : option.long_names.front());
    if (name == "set" || name == "sweep" || name == "search" || name == "bisect") {
        option.value = ValueKind::words;
        option.words = set_words();
    } else if (name == "preset") {
        option.value = ValueKind::words;
        option.words = tier_preset_words();
    } else if (name == "tiers") {
        option.value = ValueKind::words;
        option.words = tier_family_words();
    } else if (name == "strategies") {
        option.value = ValueKind::words;
        option.words = strategy_words();
    } else if (name == "FILE") {
        option.value = ValueKind::file;
    } else if (name == "DIR" || name == "out" || name == "with-live") {
        option.value = ValueKind::directory;
    }
}

// CLI11 writes a choice check into the type name: "TEXT:{a,b,c}".
std::vector<std::string> choices_in(const std::string& type_name) {
    const auto open = type_name.find('{');
    const auto close = type_name.rfind('}');
    std::vector<std::string> words;
    if (open == std::string::npos || close == std::string::npos || close < open) return words;
    std::string word;
    for (std::size_t i = open + 1; i <= close; ++i) {
        if (i == close || type_name[i] == ',') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word += type_name[i];
        }
    }
    return words;
}

OptionDescription describe_option(const CLI::Option& option) {
    OptionDescription out;
    out.short_names = option.get_snames();
    out.long_names = option.get_lnames();
    if (!option.nonpositional()) out.positional = option.get_name();
    out.description = option.get_description();
    out.required = option.get_required();
    const std::string type = option.get_type_name();
    if (option.get_expected_max() != 0) {
        out.value_name = type.substr(0, type.find(':'));
        if (out.value_name.empty()) out.value_name = "VALUE";
    }
    out.repeatable = option.get_expected_max() > 1;
    out.words = choices_in(type);
    if (!out.words.empty()) out.value = ValueKind::words;
    else complete_by_name(out);
    return out;
}

CommandDescription describe_command(const CLI::App& app, std::string name) {
    CommandDescription out;
    out.name = std::move(name);
    out.summary = app.get_description();
    for (const CLI::Option* option : app.get_options())
        if (!option->get_group().empty())  // a hidden option (--no-fast-paths) is neither listed nor completed
            out.options.push_back(describe_option(*option));
    return out;
}

}  // namespace

ProgramDescription describe_program(const CLI::App& root) {
    ProgramDescription program;
    program.name = "ratesim";
    program.summary = root.get_description();
    program.version = version_line();
    program.global = describe_command(root, "");
    for (const CLI::App* sub : root.get_subcommands([](const CLI::App* app) { return !app->get_group().empty(); }))
        program.commands.push_back(describe_command(*sub, sub->get_name()));
    return program;
}

}  // namespace ratesim::cli
