// ratesim: the command line. Exit codes: 0 done, 1 failure while running,
// 2 bad input (usage or scenario), 128+N ended by signal N (130 Ctrl-C,
// 143 SIGTERM, 129 SIGHUP, 141 a closed pipe; sim/cli/interrupt.hpp). Each
// subcommand lives in its own sim/cli/*_command.cpp and registers itself
// (sim/cli/subcommand.hpp).
#include <cerrno>
#include <cstdio>
#include <map>
#include <new>
#include <system_error>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/build_info.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/misspelled_arguments.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/input_error.hpp"

int main(int argc, char** argv) {
    using namespace ratesim;
    cli::install_signal_handlers();
    CLI::App app{"ratesim: a discrete-event simulator of clients calling a rate-limited LLM API"};
    app.require_subcommand(1);
    app.set_version_flag("-V,--version", cli::version_line(), "print the version, git commit and build type");
    std::map<const CLI::App*, cli::CommandMain> mains;
    for (const cli::Subcommand& command : cli::subcommands()) {
        CLI::App* sub = app.add_subcommand(command.name, command.summary);
        // Unknown arguments are left over rather than refused, so that the
        // error can suggest the option meant (check_no_extras).
        sub->allow_extras();
        mains.emplace(sub, command.attach(*sub));
    }

    try {
        cli::check_subcommand_name(app, argc, argv);
        app.parse(argc, argv);
        for (const CLI::App* chosen : app.get_subcommands()) cli::check_no_extras(*chosen);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    } catch (const scenario::InputError& e) {
        fmt::print(stderr, "{}\n", e.what());
        return 2;
    }

    int code = 0;
    try {
        for (const CLI::App* chosen : app.get_subcommands()) code = mains.at(chosen)();
    } catch (const run::Interrupted&) {
        return cli::interrupted_exit_code();
    } catch (const scenario::InputError& e) {
        std::fflush(stdout);
        cli::note_on_stderr(e.what());
        return 2;
    } catch (const std::bad_alloc&) {
        // A last resort: the memory budget (--max-memory) is checked before a
        // run and enforced while it runs, so this means an estimate fell short.
        std::fflush(stdout);
        cli::note_on_stderr("error: out of memory although the scenario's estimate fit the memory budget "
                            "(--max-memory); nothing was written; a smaller scenario or a lower --max-memory "
                            "avoids it; please report the scenario");
        return 1;
    } catch (const std::system_error& e) {
        if (cli::is_broken_pipe(e)) return cli::kBrokenPipeExit;
        std::fflush(stdout);
        cli::note_on_stderr(fmt::format("error: {}", e.what()));
        return 1;
    } catch (const std::exception& e) {
        std::fflush(stdout);
        cli::note_on_stderr(fmt::format("error: {}", e.what()));
        return 1;
    }
    // What was printed but is still buffered may meet a closed pipe only now.
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) return errno == EPIPE ? cli::kBrokenPipeExit : 1;
    return code;
}
