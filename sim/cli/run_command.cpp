// `ratesim run`: simulate every variant and write the output directory.
#include <chrono>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/output/comparison_table.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/output/summary_files.hpp"
#include "sim/run/experiment.hpp"
#include "sim/run/run_estimate.hpp"
#include "sim/scenario/loader.hpp"

namespace ratesim::cli {

sim::ScenarioConfig load(const ScenarioArgs& args) {
    std::vector<std::string> sets = args.sets;
    if (args.seed) sets.push_back(fmt::format("seed={}", *args.seed));
    if (args.replications) sets.push_back(fmt::format("replications={}", *args.replications));
    return sim::load_scenario(args.file, sets);
}

int run_command(const RunArgs& args) {
    const sim::ScenarioConfig scenario = load(args.scenario);
    const std::filesystem::path out =
        args.out_dir.empty() ? std::filesystem::path("out") / scenario.name : std::filesystem::path(args.out_dir);
    if (!args.quiet)
        fmt::print("{}: {}\n\n", scenario.name,
                   scenario.description.empty() ? "(no description)" : scenario.description);

    for (const auto& warning : sim::run_warnings(scenario)) fmt::print(stderr, "warning: {}\n", warning);
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

}  // namespace ratesim::cli
