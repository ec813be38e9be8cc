// `ratesim merge PARTS... -o OUT`: the parts that `ratesim run --shard`
// wrote, joined into the result one `ratesim run` writes: the scenario is
// rebuilt from the fingerprint, every run's figures and series are read
// back in run order, and the very writers `run` uses write the files. The
// parts of `ratesim plan --shard` give the plan's answer the same way.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <iterator>

#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/cli/terminal_width.hpp"
#include "sim/output/group_blocks.hpp"
#include "sim/output/part_runs_file.hpp"
#include "sim/output/part_set.hpp"
#include "sim/output/plan_report.hpp"
#include "sim/output/result_file_error.hpp"
#include "sim/output/models_file.hpp"
#include "sim/output/run_result_files.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/output/timeseries_file.hpp"
#include "sim/run/plan.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace ratesim::cli {

namespace {

// Parts kept open at once; past this each is closed between its runs.
constexpr std::size_t kPartsHeldOpen = 64;

// The scenario the shards ran, as they resolved it.
scenario::ScenarioConfig rebuilt_scenario(const output::Part& part) {
    const output::PartFingerprint& f = part.fingerprint;
    scenario::ScenarioConfig scenario;
    try {
        scenario =
            scenario::load_scenario_text(f.scenario_text, f.scenario_file, f.sets, f.scenario_dir);
    } catch (const scenario::ScenarioError& e) {
        throw output::ResultFileError(fmt::format(
            "{}: error: its scenario no longer loads here: {}; allowed: "
            "merging where the shards ran (the scenario's relative "
            "file names resolve against {})",
            part.dir.string(), e.what(), f.scenario_dir.empty() ? "." : f.scenario_dir));
    }
    if (scenario::scenario_to_json(scenario).dump() != f.resolved)
        throw output::ResultFileError(fmt::format(
            "{}: error: its scenario resolves differently here than in the shards (a file it reads "
            "has "
            "changed, or this ratesim differs); allowed: merging with the files the shards read",
            part.dir.string()));
    return scenario;
}

// Every run of the parts, in run order, as the experiment one process ran
// would have held them, summarized; each run's series to `timeseries` (may be null).
std::vector<run::VariantResult> merged_results(const std::vector<output::Part>& parts,
                                               const std::vector<run::ExperimentCell>& cells,
                                               run::SeriesReceiver* timeseries) {
    const std::vector<run::RunSlot> slots = run::run_slots(cells);
    if (slots.size() != parts.front().fingerprint.runs)
        throw output::ResultFileError(
            fmt::format("{}: error: the shards made {} runs, the scenario has {}; "
                        "allowed: merging with the ratesim that wrote the parts",
                        parts.front().dir.string(), parts.front().fingerprint.runs, slots.size()));
    std::vector<run::VariantResult> results = run::empty_results(cells);
    std::vector<output::PartRunsReader> readers;
    for (const auto& p : parts) readers.emplace_back(p.dir / output::kPartRunsFile);
    std::vector<std::size_t> read(parts.size(), 0);
    output::PartRunsReader::Record record;
    for (std::size_t j = 0; j < slots.size(); ++j) {
        const std::size_t p = j % parts.size();
        if (!readers[p].next(record) || record.run != j)
            throw output::ResultFileError(
                fmt::format("{}: error: run {} is missing (the part holds {} runs before it, its "
                            "fingerprint says {} in "
                            "all); allowed: a part that its shard wrote in full",
                            (parts[p].dir / output::kPartRunsFile).string(), j, read[p],
                            parts[p].fingerprint.runs_in_part));
        ++read[p];
        if (parts.size() > kPartsHeldOpen) readers[p].release();
        if (timeseries != nullptr) timeseries->take(record.series);
        const run::RunSlot& slot = slots[j];
        results[slot.cell].runs[static_cast<std::size_t>(slot.replication)] =
            std::move(record.metrics);
    }
    for (std::size_t p = 0; p < parts.size(); ++p) {
        output::PartRunsReader::Record extra;
        if (read[p] != parts[p].fingerprint.runs_in_part || readers[p].next(extra))
            throw output::ResultFileError(
                fmt::format("{}: error: the part holds more runs than shard {} of {} makes; "
                            "allowed: a part that "
                            "`ratesim run --shard` wrote",
                            (parts[p].dir / output::kPartRunsFile).string(),
                            parts[p].fingerprint.shard, parts[p].fingerprint.shards));
    }
    run::summarize_results(cells, results);
    return results;
}

// `plan --shard`'s parts: the plan's answer, as `ratesim plan` writes it.
int merge_plan(const MergeArgs& args, const std::vector<output::Part>& parts,
               const scenario::ScenarioConfig& swept) {
    const std::atomic<bool>& interrupted = interrupt_flag();
    const output::PartFingerprint& f = parts.front().fingerprint;
    PlanArgs plan_args;
    plan_args.targets = f.plan->targets;
    plan_args.search = f.plan->search;
    plan_args.tiers = f.plan->tiers;
    // The scenario itself: the overrides less the one that made the candidates a sweep.
    std::vector<std::string> sets = f.sets;
    const auto it = std::find(sets.rbegin(), sets.rend(), f.plan->candidates_set);
    if (it == sets.rend())
        throw output::ResultFileError(
            fmt::format("{}: error: its plan's candidates are not among its overrides; "
                        "allowed: a part that `ratesim plan --shard` wrote",
                        (parts.front().dir / output::kPartFingerprintFile).string()));
    sets.erase(std::next(it).base());
    const scenario::ScenarioConfig scenario =
        scenario::load_scenario_text(f.scenario_text, f.scenario_file, sets, f.scenario_dir);
    const scenario::PlanConfig plan = plan_of(scenario, plan_args);
    const std::vector<run::PlanTarget> targets = run::plan_targets(plan, scenario.clients);
    const std::vector<run::ExperimentCell> cells = run::cells_of(swept);
    const std::filesystem::path out = args.out_dir;
    output::StagedDirectory staged(out);
    output::PlanFiles files;
    try {
        const run::PlanResult result =
            run::judge_candidates(swept, merged_results(parts, cells, nullptr), targets);
        files = output::write_plan_files(staged.path(), scenario, plan, result, targets,
                                         !args.no_plots, &interrupted);
        run::throw_if_stopped(&interrupted);
    } catch (const run::Interrupted&) {
        note_on_stderr("interrupted while merging; nothing written");
        return interrupted_exit_code();
    }
    if (!files.notice.empty() && !args.quiet) fmt::print(stderr, "{}\n", files.notice);
    staged.commit();
    if (!args.quiet)
        fmt::print("{}\nwrote {}/plan.txt, plan.csv{}\n", files.text, out.string(), files.plots);
    return 0;
}

}  // namespace

int merge_command(const MergeArgs& args) {
    const std::atomic<bool>& interrupted = interrupt_flag();
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::filesystem::path> given(args.parts.begin(), args.parts.end());
    const std::vector<output::Part> parts = output::read_part_set(given);
    const scenario::ScenarioConfig scenario = rebuilt_scenario(parts.front());
    if (parts.front().fingerprint.plan) return merge_plan(args, parts, scenario);
    const std::vector<run::ExperimentCell> cells = run::cells_of(scenario);
    {
        std::vector<std::string> names;
        for (const auto& c : cells) names.push_back(c.variant.name);
        output::check_plot_variant(args.plot_variant, names);
    }
    const std::filesystem::path out = args.out_dir;
    output::StagedDirectory staged(out);
    if (!staged.stale_notice().empty() && !args.quiet)
        fmt::print(stderr, "note: {}\n", staged.stale_notice());

    output::RenderOutcome rendered;
    std::vector<run::VariantResult> results;
    try {
        {
            output::TimeseriesWriter timeseries(staged.path() / "timeseries.csv", &interrupted);
            results = merged_results(parts, cells, &timeseries);
            timeseries.check_written();
        }
        run::throw_if_stopped(&interrupted);
        rendered = output::write_run_result(
            staged.path(), scenario, results,
            {!args.no_plots, args.plot_variant, out.string(), &interrupted});
        run::throw_if_stopped(&interrupted);
    } catch (const run::Interrupted&) {
        note_on_stderr(fmt::format(
            "interrupted while merging; nothing written{}",
            std::filesystem::exists(out) ? fmt::format(", {} is as it was", out.string()) : ""));
        return interrupted_exit_code();
    }
    staged.commit();
    if (!rendered.notice.empty() && !args.quiet) fmt::print(stderr, "note: {}\n", rendered.notice);
    if (args.quiet) return 0;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << output::comparison_tables(scenario, results, terminal_width());
    std::cout << output::model_split_table(results);
    std::size_t runs = 0;
    for (const auto& r : results) runs += r.runs.size();
    fmt::print(
        "\nmerged {} parts ({} runs) in {:.2f}s wall; wrote {}/summary.csv, summary.json, "
        "timeseries.csv{}, latency_cdf.csv, {}report.html{}\n",
        parts.size(), runs, wall, out.string(), scenario.sweep_path.empty() ? "" : ", curves.csv",
        output::has_model_results(results) ? "models.csv, " : "", rendered.plotted ? ", plots/" : "");
    return 0;
}

namespace {

CommandMain attach_merge(CLI::App& cmd) {
    auto args = std::make_shared<MergeArgs>();
    cmd.add_option(
           "PARTS", args->parts,
           "the parts `ratesim run --shard` wrote, or the directory holding part-0, part-1, ...")
        ->required();
    cmd.add_option("-o,--out", args->out_dir,
                   "output directory: what `ratesim run -o` would have written")
        ->required();
    cmd.add_flag("-q,--quiet", args->quiet, "print nothing but errors");
    cmd.add_flag("--no-plots", args->no_plots, "draw no plots (report.html keeps its tables)");
    cmd.add_option("--plot-variant", args->plot_variant,
                   "the variant whose bucket levels are plotted (default: the first)");
    return [args] { return merge_command(*args); };
}

}  // namespace

REGISTER_SUBCOMMAND(15, "merge",
                    "join the parts of a sharded `ratesim run --shard` into its result",
                    attach_merge);

}  // namespace ratesim::cli
