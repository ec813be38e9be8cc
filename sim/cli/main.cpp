// ratesim: the command line. Exit codes: 0 done, 1 failure while running,
// 2 bad input (usage or scenario). The commands live in sim/cli/*_command.cpp.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/scenario/input_error.hpp"

int main(int argc, char** argv) {
    using namespace ratesim;
    CLI::App app{"ratesim: a discrete-event simulator of clients calling a rate-limited LLM API"};
    app.require_subcommand(1);
    cli::RunArgs args;

    auto add_scenario_options = [](CLI::App* cmd, cli::ScenarioArgs& scenario) {
        cmd->add_option("FILE", scenario.file, "scenario YAML file")->required();
        cmd->add_option("--set", scenario.sets, "override a scenario field: PATH=VALUE (repeatable)");
        cmd->add_option("--seed", scenario.seed, "override the scenario's seed")
            ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 53, "an integer from 0 to 2^53"));
        cmd->add_option("--replications", scenario.replications, "override the number of replications")
            ->check(CLI::Range(1, 1'000'000));
    };
    CLI::App* run_cmd = app.add_subcommand("run", "simulate a scenario and write its results");
    add_scenario_options(run_cmd, args.scenario);
    run_cmd->add_option("-o,--out", args.out_dir, "output directory (default out/<scenario name>)");
    run_cmd->add_flag("-q,--quiet", args.quiet, "print nothing but errors");
    run_cmd->add_option("--threads", args.threads, "threads for the runs (default: all cores); "
                        "results are identical for any number")
        ->check(CLI::Range(1, 4096));
    run_cmd->add_option("--sweep", args.scenario.sweep,
                        "sweep one path: PATH=V1,V2,... or PATH=A..BxF (geometric) or A..B+S");
    run_cmd->add_flag("--no-plots", args.no_plots, "draw no plots (report.html keeps its tables)");
    run_cmd->add_option("--plot-variant", args.plot_variant, "the variant whose bucket levels are plotted (default: the first)");

    cli::PlanArgs plan;
    CLI::App* plan_cmd = app.add_subcommand(
        "plan", "find the cheapest candidate (tier, limit) that meets targets, per strategy");
    add_scenario_options(plan_cmd, plan.scenario);
    plan_cmd->add_option("--target", plan.targets,
                         "METRIC<=VALUE or METRIC>=VALUE, e.g. makespan<=1h, rate_429<=1%, latency_p99<=30s "
                         "(repeatable; replaces plan.targets)");
    plan_cmd->add_option("--search", plan.search, "candidates, cheapest first: PATH=V1,V2,... or PATH=A..BxF");
    plan_cmd->add_option("--bisect", plan.bisect, "the smallest value meeting the targets: PATH=LOW..HIGH");
    plan_cmd->add_option("--tiers", plan.tiers, "the cheapest tier of a preset family meeting the targets");
    plan_cmd->add_option("-o,--out", plan.run.out_dir, "output directory (default out/<scenario name>-plan)");
    plan_cmd->add_option("--threads", plan.run.threads, "threads for the runs (default: all cores)")
        ->check(CLI::Range(1, 4096));
    plan_cmd->add_flag("-q,--quiet", plan.run.quiet, "print nothing but errors");
    plan_cmd->add_flag("--no-plots", plan.no_plots, "skip the plots of each target against the candidates");

    CLI::App* validate_cmd = app.add_subcommand("validate", "check a scenario without running it");
    add_scenario_options(validate_cmd, args.scenario);

    cli::PlotArgs plot_args;
    CLI::App* plot_cmd = app.add_subcommand("plot", "redraw the plots and report.html of an output directory");
    plot_cmd->add_option("DIR", plot_args.dir, "a directory written by `ratesim run`")->required();
    plot_cmd->add_option("--plot-variant", plot_args.plot_variant, "the variant whose bucket levels are plotted (default: the first)");
    plot_cmd->add_flag("-q,--quiet", plot_args.quiet, "print nothing but errors");

    CLI::App* list_cmd = app.add_subcommand("list", "list what ratesim knows");
    std::string what;
    list_cmd->add_option("WHAT", what, "strategies, presets or scenarios")
        ->required()
        ->check(CLI::IsMember({"strategies", "presets", "scenarios"}));

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }

    try {
        if (*run_cmd) return cli::run_command(args);
        if (*plan_cmd) return cli::plan_command(plan);
        if (*validate_cmd) return cli::validate_command(args.scenario);
        if (*list_cmd) return cli::list_command(what);
        if (*plot_cmd) return cli::plot_command(plot_args);
        return 0;
    } catch (const scenario::InputError& e) {
        std::fflush(stdout);
        fmt::print(stderr, "{}\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fflush(stdout);
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
}
