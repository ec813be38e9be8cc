// `ratesim plan`: the cheapest candidate (tier, limit value) that meets the
// targets, per strategy, with the table of what every candidate achieved.
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/progress_line.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/output/plan_report.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/run/ordered_jobs.hpp"
#include "sim/run/plan.hpp"
#include "sim/scenario/plan_reader.hpp"
#include "sim/scenario/scenario_error.hpp"

namespace ratesim::cli {

scenario::PlanConfig plan_of(const scenario::ScenarioConfig& scenario, const PlanArgs& args) {
    scenario::PlanConfig plan = scenario.plan;
    if (!args.targets.empty()) {
        plan.targets.clear();
        for (const auto& t : args.targets) plan.targets.push_back({t, "--target " + t});
    }
    const int modes = !args.search.empty() + !args.bisect.empty() + !args.tiers.empty();
    if (modes > 1)
        throw UsageError("error: give one of --search, --bisect and --tiers; allowed: one of them");
    if (!args.search.empty()) {
        const auto eq = args.search.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError(fmt::format("--search {}: error: expected PATH=VALUES; allowed: e.g. "
                                           "--search api.pools.sonnet.itpm=20k,40k,80k", args.search));
        plan.mode = scenario::PlanConfig::Mode::search;
        plan.path = args.search.substr(0, eq);
        plan.values.clear();
        plan.where = "--search " + args.search;
        plan.values.push_back(args.search.substr(eq + 1));  // expanded by the sweep reader
    }
    if (!args.bisect.empty())
        if (const std::string problem = scenario::read_bisect_option(args.bisect, plan); !problem.empty())
            throw UsageError(fmt::format("--bisect {}: error: {}; allowed: e.g. --bisect "
                                         "api.pools.sonnet.itpm=10k..1M",
                                         args.bisect, problem));
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

namespace {

// `plan --shard`: this shard's runs of the candidates, as a part.
int plan_shard(const PlanArgs& args, const scenario::PlanConfig& plan) {
    if (plan.mode == scenario::PlanConfig::Mode::bisect)
        throw UsageError(fmt::format(
            "--shard: error: {}: bisection tries one value at a time, each chosen by the one before, so "
            "there is nothing to split; allowed: --shard with a search or tiers plan", plan.where));
    ScenarioArgs with_candidates = args.scenario;
    with_candidates.sets.push_back(run::candidates_set(plan));
    const scenario::ScenarioConfig swept = load(with_candidates);
    run::check_candidates(plan, swept);
    return run_shard_command(args.run, swept, scenario_sets(with_candidates),
                             ShardedPlan{args.targets, args.search, args.tiers, with_candidates.sets.back()});
}

}  // namespace

int plan_command(const PlanArgs& args) {
    // Before anything is staged, so that Ctrl-C always finds the handler.
    const std::atomic<bool>& interrupted = interrupt_flag();
    const scenario::ScenarioConfig scenario = load(args.scenario);
    run::check_plannable(scenario);
    const scenario::PlanConfig plan = plan_of(scenario, args);
    const std::vector<run::PlanTarget> targets = run::plan_targets(plan, scenario.clients);
    if (!args.run.shard.empty()) return plan_shard(args, plan);

    const std::filesystem::path out = args.run.out_dir.empty()
                                          ? std::filesystem::path("out") / (scenario.name + "-plan")
                                          : std::filesystem::path(args.run.out_dir);
    output::StagedDirectory staged(out);
    if (!staged.stale_notice().empty() && !args.run.quiet)
        fmt::print(stderr, "note: {}\n", staged.stale_notice());
    run::ExperimentProgress progress;
    run::ExperimentOptions options;
    options.threads = run::resolve_threads(args.run.threads);
    options.stop = &interrupted;
    options.progress = &progress;
    options.max_waiting_items = run::waiting_item_cap(
        scenario, checked_memory_budget(args.scenario, scenario, options.threads), options.threads);

    const auto with_set = [&](const std::string& set) {
        ScenarioArgs a = args.scenario;
        a.sets.push_back(set);
        return load(a);
    };
    run::PlanResult result;
    output::PlanFiles files;
    try {
        {
            ProgressLine line(progress, !args.run.quiet);
            result = run::plan(plan, with_set, targets, options);
        }
        run::throw_if_stopped(&interrupted);
        files = output::write_plan_files(staged.path(), scenario, plan, result, targets, !args.no_plots,
                                         &interrupted);
        run::throw_if_stopped(&interrupted);
    } catch (const run::Interrupted&) {
        note_on_stderr(fmt::format("interrupted after {} runs; nothing written", progress.runs_done.load()));
        return interrupted_exit_code();
    }
    if (!files.notice.empty() && !args.run.quiet) fmt::print(stderr, "{}\n", files.notice);
    staged.commit();
    if (interrupted) {
        note_on_stderr(fmt::format("interrupted once the result was complete; {} holds it", out.string()));
        return interrupted_exit_code();
    }
    if (!args.run.quiet) fmt::print("{}\nwrote {}/plan.txt, plan.csv{}\n", files.text, out.string(), files.plots);
    return 0;
}

namespace {

CommandMain attach_plan(CLI::App& cmd) {
    auto plan = std::make_shared<PlanArgs>();
    add_scenario_options(cmd, plan->scenario);
    cmd.add_option("--target", plan->targets,
                   "[GROUP.]METRIC<=VALUE or >=VALUE, e.g. makespan<=1h, rate_429<=1%, chat.p99<=10s "
                   "(GROUP: one client group; none: the organization; repeatable; replaces plan.targets)");
    cmd.add_option("--search", plan->search, "candidates, cheapest first: PATH=V1,V2,... or PATH=A..BxF");
    cmd.add_option("--bisect", plan->bisect, "the smallest value meeting the targets: PATH=LOW..HIGH");
    cmd.add_option("--tiers", plan->tiers, "the cheapest tier of a preset family meeting the targets");
    cmd.add_option("-o,--out", plan->run.out_dir, "output directory (default out/<scenario name>-plan)");
    cmd.add_option("--threads", plan->run.threads, "threads for the runs (default: all cores)")
        ->check(CLI::Range(1, 4096));
    cmd.add_flag("-q,--quiet", plan->run.quiet, "print nothing but errors");
    cmd.add_flag("--no-plots", plan->no_plots, "skip the plots of each target against the candidates");
    cmd.add_option("--shard", plan->run.shard,
                   "I/N or auto: evaluate only this shard's runs of the candidates (--search, --tiers), as a "
                   "part for `ratesim merge`, as `run --shard` does");
    cmd.add_option("--shards", plan->run.shards, "N, with --shard auto where the launcher gives no count");
    return [plan] { return plan_command(*plan); };
}

}  // namespace

REGISTER_SUBCOMMAND(20, "plan", "find the cheapest candidate (tier, limit) that meets targets, per strategy",
                    attach_plan);

}  // namespace ratesim::cli
