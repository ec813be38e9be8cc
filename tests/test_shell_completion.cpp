// `ratesim completion bash|zsh|fish` and `ratesim man`: generated from the
// command line itself, so they name every subcommand and option that
// `--help` does. The bash script is run: sourced in bash (after
// bash-completion, as a login shell has it), `complete -p` shows it bound,
// and its function answers COMP_WORDS as bash would ask.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "models/strategy/registry.hpp"
#include "sim/scenario/tier_presets.hpp"
#include "tests/support/program.hpp"

namespace test_shell_completion {

using namespace ratesim;
using namespace ratesim::testing;
using Catch::Matchers::Contains;

namespace {

std::string output_of(const std::string& args, const TempDir& dir) {
    REQUIRE(run_ratesim(args, dir.path()) == 0);
    return read_file(dir / "stdout.txt");
}

// Runs `script` in bash -c and returns its standard output.
std::string bash(const std::string& script, const TempDir& dir) {
    write_file(dir / "script.sh", script);
    const std::string command = "bash " + quote((dir / "script.sh").string()) + " >" +
                                quote((dir / "bash-out.txt").string()) + " 2>" +
                                quote((dir / "bash-err.txt").string());
    const int status = std::system(command.c_str());
    INFO(read_file(dir / "bash-err.txt"));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return read_file(dir / "bash-out.txt");
}

// What the completion function offers for the words typed so far (the
// last one is the word being completed), one per line.
std::set<std::string> completions(const std::vector<std::string>& words, const TempDir& dir) {
    std::string array;
    for (const std::string& word : words) {
        array += ' ';
        array += quote(word);
    }
    const std::string script = fmt::format(
        "[ -r /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion\n"
        ". {}\n"
        "COMP_WORDS=({})\nCOMP_CWORD={}\n_ratesim\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        quote((dir / "ratesim.bash").string()), array, words.size() - 1);
    std::set<std::string> out;
    std::istringstream lines(bash(script, dir));
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) out.insert(line);
    return out;
}

// The subcommands `ratesim --help` lists.
std::vector<std::string> subcommands_in_help(const TempDir& dir) {
    REQUIRE(run_ratesim("--help", dir.path()) == 0);
    const std::string help = read_file(dir / "stdout.txt");
    const auto at = help.find("Subcommands:");
    REQUIRE(at != std::string::npos);
    std::vector<std::string> names;
    std::istringstream lines(help.substr(at));
    std::string heading;
    std::getline(lines, heading);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (std::regex_search(line, m, std::regex("^  ([a-z]+) "))) names.push_back(m[1]);
    }
    REQUIRE(names.size() >= 8);
    return names;
}

// The long options `ratesim COMMAND --help` lists.
std::vector<std::string> options_in_help(const std::string& command, const TempDir& dir) {
    REQUIRE(run_ratesim(command + " --help", dir.path()) == 0);
    const std::string help = read_file(dir / "stdout.txt");
    std::vector<std::string> options;
    // Options as --help lists them, one to a line (`-o,--out TEXT ...`), not
    // those a description mentions (merge's "`ratesim run --shard`").
    const std::regex option("(?:^|\\n) +(?:-[a-zA-Z],)?(--[a-z][a-z-]*)");
    for (auto it = std::sregex_iterator(help.begin(), help.end(), option); it != std::sregex_iterator(); ++it)
        options.push_back((*it)[1]);
    REQUIRE_FALSE(options.empty());
    return options;
}

}  // namespace

TEST_CASE("the bash completion is bound by complete -p and offers every subcommand of --help",
          "[completion]") {
    TempDir dir;
    write_file(dir / "ratesim.bash", output_of("completion bash", dir));
    CHECK_THAT(bash(". " + quote((dir / "ratesim.bash").string()) + "\ncomplete -p ratesim\n", dir),
               Contains("complete -F _ratesim ratesim"));
    const std::vector<std::string> subcommands = subcommands_in_help(dir);
    const std::set<std::string> offered = completions({"ratesim", ""}, dir);
    for (const std::string& name : subcommands) {
        INFO(name);
        CHECK(offered.count(name) == 1);
    }
    CHECK(completions({"ratesim", "va"}, dir) == std::set<std::string>{"validate"});
    CHECK(completions({"ratesim", "--ver"}, dir) == std::set<std::string>{"--version"});
}

TEST_CASE("the bash completion offers each subcommand's options, preset names and --set paths",
          "[completion]") {
    TempDir dir;
    write_file(dir / "ratesim.bash", output_of("completion bash", dir));
    for (const std::string command : {"run", "plan", "validate", "serve", "new"}) {
        const std::set<std::string> offered = completions({"ratesim", command, "--"}, dir);
        for (const std::string& option : options_in_help(command, dir)) {
            INFO(command << " " << option);
            CHECK(offered.count(option) == 1);
        }
    }
    CHECK(completions({"ratesim", "run", "x.yaml", "--se"}, dir) ==
          std::set<std::string>{"--set", "--seed"});
    const std::set<std::string> paths = completions({"ratesim", "run", "x.yaml", "--set", "api.pools."}, dir);
    CHECK(paths.count("api.pools.POOL.rpm=") == 1);
    CHECK(paths.count("api.pools.POOL.itpm=") == 1);
    CHECK(completions({"ratesim", "validate", "--set", "clients.CLIENT.work"}, dir) ==
          std::set<std::string>{"clients.CLIENT.workers=", "clients.CLIENT.workload.kind=",
                                "clients.CLIENT.workload.items=", "clients.CLIENT.workload.rate=",
                                "clients.CLIENT.workload.file=", "clients.CLIENT.workload.time_scale=",
                                "clients.CLIENT.workload.rate_scale=",
                                "clients.CLIENT.workload.columns.time=",
                                "clients.CLIENT.workload.columns.input_tokens=",
                                "clients.CLIENT.workload.columns.output_tokens=",
                                "clients.CLIENT.workspace="});
    std::set<std::string> tiers;
    for (const auto& family : scenario::tier_preset_families())
        for (const auto& tier : family.tiers) tiers.insert(tier.name);
    CHECK(completions({"ratesim", "new", "--preset", ""}, dir) == tiers);
    std::set<std::string> strategies;
    for (const auto& preset : models::strategy_presets()) strategies.insert(preset.name);
    CHECK(completions({"ratesim", "new", "--strategies", ""}, dir) == strategies);
    CHECK(completions({"ratesim", "list", ""}, dir) ==
          std::set<std::string>{"strategies", "presets", "scenarios"});
    CHECK(completions({"ratesim", "completion", ""}, dir) == std::set<std::string>{"bash", "zsh", "fish"});
    // A scenario file: the files of the current directory.
    write_file(dir / "mine.yaml", "name: x\n");
    CHECK(completions({"ratesim", "run", (dir / "mi").string()}, dir) ==
          std::set<std::string>{(dir / "mine.yaml").string()});
}

TEST_CASE("the zsh and fish completions parse in their shells and name every subcommand", "[completion]") {
    TempDir dir;
    const std::vector<std::string> subcommands = subcommands_in_help(dir);
    for (const auto& [shell, file] : {std::pair{"zsh", "_ratesim"}, std::pair{"fish", "ratesim.fish"}}) {
        INFO(shell);
        const std::string script = output_of(std::string("completion ") + shell, dir);
        write_file(dir / file, script);
        const std::string check = fmt::format("{} -n {} 2>{}", shell, quote((dir / file).string()),
                                              quote((dir / "shell-err.txt").string()));
        const int status = std::system(check.c_str());
        INFO(read_file(dir / "shell-err.txt"));
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
        for (const std::string& name : subcommands) CHECK_THAT(script, Contains(name));
        CHECK_THAT(script, Contains("api.pools.POOL.rpm="));
        CHECK_THAT(script, Contains("anthropic-2025/tier-2"));
    }
    CHECK(run_ratesim("completion tcsh", dir.path()) == 2);
}

TEST_CASE("the man page documents every subcommand and every option of its --help", "[completion]") {
    TempDir dir;
    const std::string page = output_of("man", dir);
    CHECK(page.rfind(".\\\"", 0) == 0);
    CHECK_THAT(page, Contains(".TH RATESIM 1"));
    for (const std::string& name : subcommands_in_help(dir)) {
        INFO(name);
        const auto section = page.find(".SS " + name + "\n");
        REQUIRE(section != std::string::npos);
        const std::string body = page.substr(section, page.find(".SS ", section + 4) - section);
        for (const std::string& option : options_in_help(name, dir)) {
            std::string roff;
            for (const char c : option) roff += c == '-' ? std::string("\\-") : std::string(1, c);
            INFO(option);
            CHECK_THAT(body, Contains("\\fB" + roff + "\\fR"));
        }
    }
    // man itself reads it without a warning.
    write_file(dir / "ratesim.1", page);
    const std::string command = "MANWIDTH=200 man --warnings -l " + quote((dir / "ratesim.1").string()) +
                                " >" + quote((dir / "man.txt").string()) + " 2>" + quote((dir / "man-err.txt").string());
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(read_file(dir / "man-err.txt").empty());
    CHECK_THAT(read_file(dir / "man.txt"), Contains("ratesim - a discrete-event simulator of clients"));
}

}  // namespace test_shell_completion
