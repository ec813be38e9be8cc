// `ratesim plan`: the cheapest candidate (tier, limit value) that meets the
// targets, per strategy, with the table of what every candidate achieved.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/progress_line.hpp"
#include "sim/output/gnuplot_runner.hpp"
#include "sim/output/plan_plots.hpp"
#include "sim/output/plan_report.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/run/ordered_jobs.hpp"
#include "sim/run/plan.hpp"
#include "sim/scenario/plan_reader.hpp"
#include "sim/scenario/presets.hpp"
#include "sim/scenario/scenario_json.hpp"

#include <algorithm>
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/sweep_option.hpp"

namespace ratesim::cli {

namespace {

// The plan to carry out: the scenario's `plan:` with the options on top.
scenario::PlanConfig plan_of(const scenario::ScenarioConfig& scenario, const PlanArgs& args) {
    scenario::PlanConfig plan = scenario.plan;
    if (!args.targets.empty()) {
        plan.targets.clear();
        for (const auto& t : args.targets) plan.targets.push_back({t, "--target " + t});
    }
    const int modes = !args.search.empty() + !args.bisect.empty() + !args.tiers.empty();
    if (modes > 1)
        throw scenario::ScenarioError("error: give one of --search, --bisect and --tiers; allowed: one of them");
    if (!args.search.empty()) {
        const auto eq = args.search.find('=');
        if (eq == std::string::npos || eq == 0)
            throw scenario::ScenarioError(fmt::format("--search {}: error: expected PATH=VALUES; allowed: e.g. "
                                                 "--search api.pools.sonnet.itpm=20k,40k,80k", args.search));
        plan.mode = scenario::PlanConfig::Mode::search;
        plan.path = args.search.substr(0, eq);
        plan.values.clear();
        plan.where = "--search " + args.search;
        plan.values.push_back(args.search.substr(eq + 1));  // expanded by the sweep reader
    }
    if (!args.bisect.empty()) scenario::read_bisect_option(args.bisect, plan);
    if (!args.tiers.empty()) {
        plan.mode = scenario::PlanConfig::Mode::tiers;
        plan.family = args.tiers;
        plan.where = "--tiers " + args.tiers;
    }
    if (plan.targets.empty())
        throw scenario::ScenarioError(fmt::format(
            "{}: error: no targets to plan for; allowed: plan.targets in the scenario or --target, "
            "e.g. --target 'makespan<=1h' --target 'rate_429<=1%'", scenario.file));
    if (plan.mode == scenario::PlanConfig::Mode::none)
        throw scenario::ScenarioError(fmt::format(
            "{}: error: no candidates to choose from; allowed: plan.search, plan.bisect or plan.tiers in "
            "the scenario, or --search PATH=VALUES, --bisect PATH=LOW..HIGH, --tiers FAMILY", scenario.file));
    return plan;
}

// The limits of the pools that serve the scenario's client groups.
std::vector<std::optional<double>> limits_in_use(const scenario::ScenarioConfig& scenario) {
    std::vector<std::optional<double>> limits;
    for (const auto& group : scenario.clients)
        for (const auto& pool : scenario.api.pools)
            if (std::find(pool.models.begin(), pool.models.end(), group.request.model) != pool.models.end())
                limits.insert(limits.end(), {pool.rpm, pool.itpm, pool.otpm});
    return limits;
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ",") + v;
    return out;
}

std::string listed(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

}  // namespace

int plan_command(const PlanArgs& args) {
    // Before anything is staged, so that Ctrl-C always finds the handler.
    const std::atomic<bool>& interrupted = interrupt_flag();
    const scenario::ScenarioConfig scenario = load(args.scenario);
    if (!scenario.sweep_path.empty())
        throw scenario::ScenarioError(fmt::format(
            "{}: error: sweep: plan chooses among its own candidates; allowed: a scenario without "
            "sweep (use plan.search for candidates)", scenario.file));
    const scenario::PlanConfig plan = plan_of(scenario, args);
    std::vector<run::PlanTarget> targets = run::plan_targets(plan);

    const std::filesystem::path out = args.run.out_dir.empty()
                                          ? std::filesystem::path("out") / (scenario.name + "-plan")
                                          : std::filesystem::path(args.run.out_dir);
    output::StagedDirectory staged(out);
    run::ExperimentProgress progress;
    run::ExperimentOptions options;
    options.threads = run::resolve_threads(args.run.threads);
    options.stop = &interrupted;
    options.progress = &progress;

    auto with_set = [&](const std::string& set) {
        ScenarioArgs a = args.scenario;
        a.sets.push_back(set);
        return load(a);
    };
    std::string header;
    run::PlanResult result;
    try {
        ProgressLine line(progress, !args.run.quiet);
        if (plan.mode == scenario::PlanConfig::Mode::bisect) {
            header = fmt::format("bisecting {} over {}..{}", plan.path, plan.low, plan.high);
            result = run::plan_bisect(plan.path, plan.low, plan.high,
                                      [&](const std::string& v) { return with_set(plan.path + "=" + v); },
                                      targets, options);
        } else if (plan.mode == scenario::PlanConfig::Mode::search) {
            const scenario::ScenarioConfig swept =
                with_set(scenario::sweep_option_as_set(plan.path + "=" + joined(plan.values)));
            header = fmt::format("searching {} over {}", plan.path, listed(swept.sweep_values));
            result = run::plan_search(swept, targets, options);
        } else {
            // A search over api.preset, cheapest tier first.
            std::vector<std::string> tiers;
            try {
                tiers = scenario::preset_family_tiers(plan.family);
            } catch (const scenario::ScenarioError& e) {
                throw scenario::ScenarioError(plan.where + ": " + e.what());
            }
            const scenario::ScenarioConfig swept = with_set(scenario::sweep_option_as_set("api.preset=" + joined(tiers)));
            // The scenario's own api.pools win over every tier's: then all tiers are one.
            bool differ = false;
            for (const auto& point : swept.sweep_points)
                differ |= limits_in_use(point) != limits_in_use(swept.sweep_points.front());
            if (!differ)
                throw scenario::ScenarioError(fmt::format(
                    "{}: error: every {} tier gives the same limits here, because the scenario's own "
                    "api.pools override the preset's; allowed: a scenario whose api names the preset "
                    "(api.preset) without writing the pools out, or --search/--bisect over a limit",
                    plan.where, plan.family));
            header = fmt::format("trying the {} tiers, cheapest first: {}", plan.family, listed(tiers));
            result = run::plan_search(swept, targets, options);
        }
    } catch (const run::Interrupted&) {
        fmt::print(stderr, "interrupted after {} runs; nothing written\n", progress.runs_done.load());
        return 130;
    }

    std::string text = fmt::format("{}: {}\n{}; targets: ", scenario.name, scenario.description, header);
    for (std::size_t i = 0; i < targets.size(); ++i) text += (i ? ", " : "") + targets[i].text;
    text += fmt::format(
        "\na target is met when the whole 95% confidence interval of its mean over {} replication{} "
        "lies inside it; x marks a miss\n\n",
        scenario.replications, scenario.replications == 1 ? " (so: when the mean is)" : "s");
    text += output::plan_table(result, targets) + "\nanswer:\n" + output::plan_answer(result, targets);
    {
        std::ofstream answer(staged.path() / "plan.txt");
        answer << text;
        if (!answer) throw std::runtime_error("cannot write plan.txt");
    }
    output::write_plan_csv(staged.path() / "plan.csv", result);
    std::string drawn = ", plots/plan_*.png";
    if (!args.no_plots) {
        const auto plots = staged.path() / "plots";
        std::filesystem::create_directories(plots);
        const output::GnuplotRun run = output::run_gnuplot(plots, output::write_plan_plots(plots, result, targets));
        if (run.status != output::GnuplotRun::Status::done) {
            drawn = ", plots/plan_*.gp (not drawn)";
            if (!args.run.quiet)
                fmt::print(stderr, "{}\n", run.status == output::GnuplotRun::Status::missing
                                               ? "gnuplot is not installed, so the plan's plots were not drawn "
                                                 "(apt-get install gnuplot-nox)"
                                               : "gnuplot failed on the plan's plots:\n" + run.message);
        }
    } else {
        drawn = "";
    }
    staged.commit();
    if (!args.run.quiet) fmt::print("{}\nwrote {}/plan.txt, plan.csv{}\n", text, out.string(), drawn);
    return 0;
}

namespace {

CommandMain attach_plan(CLI::App& cmd) {
    auto plan = std::make_shared<PlanArgs>();
    add_scenario_options(cmd, plan->scenario);
    cmd.add_option("--target", plan->targets,
                   "METRIC<=VALUE or METRIC>=VALUE, e.g. makespan<=1h, rate_429<=1%, latency_p99<=30s "
                   "(repeatable; replaces plan.targets)");
    cmd.add_option("--search", plan->search, "candidates, cheapest first: PATH=V1,V2,... or PATH=A..BxF");
    cmd.add_option("--bisect", plan->bisect, "the smallest value meeting the targets: PATH=LOW..HIGH");
    cmd.add_option("--tiers", plan->tiers, "the cheapest tier of a preset family meeting the targets");
    cmd.add_option("-o,--out", plan->run.out_dir, "output directory (default out/<scenario name>-plan)");
    cmd.add_option("--threads", plan->run.threads, "threads for the runs (default: all cores)")
        ->check(CLI::Range(1, 4096));
    cmd.add_flag("-q,--quiet", plan->run.quiet, "print nothing but errors");
    cmd.add_flag("--no-plots", plan->no_plots, "skip the plots of each target against the candidates");
    return [plan] { return plan_command(*plan); };
}

}  // namespace

REGISTER_SUBCOMMAND(20, "plan", "find the cheapest candidate (tier, limit) that meets targets, per strategy",
                    attach_plan);

}  // namespace ratesim::cli
