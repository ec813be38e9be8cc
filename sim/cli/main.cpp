// ratesim: the command line. Exit codes: 0 done, 1 failure while running,
// 2 bad input (usage or scenario).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "models/strategy/registry.hpp"
#include "sim/output/comparison_table.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/output/summary_files.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"

namespace {

using namespace ratesim;

struct RunArgs {
    std::string file;
    std::string out_dir;
    std::vector<std::string> sets;
    std::optional<std::int64_t> seed;
    std::optional<int> replications;
    bool quiet = false;
};

sim::ScenarioConfig load(const RunArgs& args) {
    std::vector<std::string> sets = args.sets;
    if (args.seed) sets.push_back(fmt::format("seed={}", *args.seed));
    if (args.replications) sets.push_back(fmt::format("replications={}", *args.replications));
    return sim::load_scenario(args.file, sets);
}

int run(const RunArgs& args) {
    const sim::ScenarioConfig scenario = load(args);
    const std::filesystem::path out =
        args.out_dir.empty() ? std::filesystem::path("out") / scenario.name : std::filesystem::path(args.out_dir);
    if (!args.quiet)
        fmt::print("{}: {}\n\n", scenario.name,
                   scenario.description.empty() ? "(no description)" : scenario.description);

    const auto started = std::chrono::steady_clock::now();
    sim::StagedDirectory staged(out);
    std::vector<sim::VariantResult> results;
    {
        std::ofstream timeseries(staged.path() / "timeseries.csv");
        timeseries << "variant,replication,t_s,metric,value\n";
        results = sim::run_experiment(scenario, &timeseries);
        if (!timeseries) throw std::runtime_error("cannot write timeseries.csv");
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    sim::write_summary_csv(staged.path() / "summary.csv", results);
    sim::write_summary_json(staged.path() / "summary.json", scenario, results);
    staged.commit();

    if (args.quiet) return 0;
    std::cout << sim::comparison_table(results);
    double attempts = 0;
    std::int64_t never = 0;
    for (const auto& r : results)
        for (const auto& run : r.runs) {
            attempts += static_cast<double>(run.attempts);
            never += run.never_admissible;
        }
    if (scenario.replications > 1)
        fmt::print("\nfigures are means over {} replications; summary.csv has 95% confidence half-widths\n",
                   scenario.replications);
    if (never > 0)
        fmt::print("\nwarning: {} attempts could never fit a bucket (never_admissible); "
                   "retrying them is hopeless\n", never);
    fmt::print("\n{} variants x {} replications, {:.0f} attempts simulated in {:.2f}s wall "
               "({:.0f} attempts/s)\nwrote {}/summary.csv, summary.json, timeseries.csv\n",
               results.size(), scenario.replications, attempts, wall,
               wall > 0 ? attempts / wall : 0.0, out.string());
    return 0;
}

int validate(const RunArgs& args) {
    const sim::ScenarioConfig s = load(args);
    const auto variants = sim::variants_of(s);
    fmt::print("{}: ok: {} pool(s), {} client group(s), {} variant(s) x {} replication(s), "
               "duration {}\n", args.file, s.api.pools.size(), s.clients.size(), variants.size(),
               s.replications, sim::format_duration(sim::to_seconds(s.duration)));
    for (const auto& v : variants) fmt::print("  {}: {}\n", v.name, v.description);
    return 0;
}

void list_strategies() {
    fmt::print("Named strategies (use the name as `strategy:` or in compare.strategies):\n\n");
    for (const auto& p : models::presets()) {
        fmt::print("  {:<20} {}\n", p.name, p.summary);
        fmt::print("  {:<20} = {}\n", "", models::describe_strategy(models::resolve_preset(p)));
    }
    for (models::Part part : {models::Part::retry, models::Part::pacing, models::Part::budget}) {
        fmt::print("\n{} kinds (`{}: {{kind: ..., <parameters>}}`):\n\n", models::part_name(part),
                   models::part_name(part));
        for (const auto& k : models::part_kinds()) {
            if (k.part != part) continue;
            fmt::print("  {:<20} {}\n", k.name, k.summary);
            if (k.formula != "-") fmt::print("  {:<20} rule: {}\n", "", k.formula);
            for (const auto& p : k.params)
                fmt::print("  {:<20}   {} ({}, default {}): {}\n", "", p.name,
                           models::param_type_name(p.type), models::describe_value(p, p.default_value),
                           p.help);
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ratesim: a discrete-event simulator of clients calling a rate-limited LLM API"};
    app.require_subcommand(1);
    RunArgs args;

    auto add_scenario_options = [&](CLI::App* cmd) {
        cmd->add_option("FILE", args.file, "scenario YAML file")->required();
        cmd->add_option("--set", args.sets, "override a scenario field: PATH=VALUE (repeatable)");
        cmd->add_option("--seed", args.seed, "override the scenario's seed")
            ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 53, "an integer from 0 to 2^53"));
        cmd->add_option("--replications", args.replications, "override the number of replications")
            ->check(CLI::Range(1, 1'000'000));
    };
    CLI::App* run_cmd = app.add_subcommand("run", "simulate a scenario and write its results");
    add_scenario_options(run_cmd);
    run_cmd->add_option("-o,--out", args.out_dir, "output directory (default out/<scenario name>)");
    run_cmd->add_flag("-q,--quiet", args.quiet, "print nothing but errors");

    CLI::App* validate_cmd = app.add_subcommand("validate", "check a scenario without running it");
    add_scenario_options(validate_cmd);

    CLI::App* list_cmd = app.add_subcommand("list", "list what ratesim knows");
    std::string what;
    list_cmd->add_option("WHAT", what, "strategies")->required()->check(CLI::IsMember({"strategies"}));

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
        if (*run_cmd) return run(args);
        if (*validate_cmd) return validate(args);
        if (*list_cmd) list_strategies();
        return 0;
    } catch (const sim::ScenarioError& e) {
        std::fflush(stdout);
        fmt::print(stderr, "{}\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fflush(stdout);
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
}
