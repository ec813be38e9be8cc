// `ratesim run`: simulate every variant and write the output directory.
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/progress_line.hpp"
#include "sim/cli/terminal_width.hpp"
#include "sim/output/group_blocks.hpp"
#include "sim/output/models_file.hpp"
#include "sim/output/run_result_files.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/output/timeseries_file.hpp"
#include "sim/output/wrap_text.hpp"
#include "sim/run/experiment.hpp"
#include "sim/run/ordered_jobs.hpp"
#include "sim/run/run_estimate.hpp"
#include "sim/run/statistics.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/sweep_option.hpp"
#include "sim/serve/live_variant.hpp"

namespace ratesim::cli {

int run_command(const RunArgs& args) {
    // Before anything is staged, so that Ctrl-C always finds the handler.
    const std::atomic<bool>& interrupted = interrupt_flag();
    const scenario::ScenarioConfig scenario = load(args.scenario);
    for (const auto& warning : scenario.warnings) fmt::print(stderr, "{}\n", warning);
    if (!args.shard.empty()) return run_shard_command(args, scenario, scenario_sets(args.scenario));
    const std::filesystem::path out =
        args.out_dir.empty() ? std::filesystem::path("out") / scenario.name : std::filesystem::path(args.out_dir);
    // On a terminal narrower than a line, the prose around the table wraps as the table does.
    const std::size_t width = terminal_width();
    const auto fitted = [width](const std::string& text) {
        return width > 0 ? output::wrap_text(text, width) : text + '\n';
    };
    if (!args.quiet)
        fmt::print("{}\n", fitted(fmt::format("{}: {}", scenario.name,
                                              scenario.description.empty() ? "(no description)"
                                                                           : scenario.description)));

    // Read before anything runs, so that a bad directory fails at once.
    std::optional<serve::LiveVariant> live;
    if (!args.with_live.empty()) live = serve::read_live_variant(scenario, args.with_live);
    {
        std::vector<std::string> names;
        for (const auto& v : run::variants_of(scenario)) names.push_back(v.name);
        if (live) names.push_back(serve::kLiveVariant);
        output::check_plot_variant(args.plot_variant, names);
    }
    for (const auto& warning : run::run_warnings(scenario)) fmt::print(stderr, "warning: {}\n", warning);
    const int threads = run::resolve_threads(args.threads);
    const run::MemoryBudget budget = checked_memory_budget(args.scenario, scenario, threads);
    const auto started = std::chrono::steady_clock::now();
    output::StagedDirectory staged(out);
    if (!staged.stale_notice().empty() && !args.quiet) fmt::print(stderr, "note: {}\n", staged.stale_notice());
    std::vector<run::VariantResult> results;
    run::ExperimentProgress progress;
    run::ExperimentOptions options;
    options.threads = threads;
    options.stop = &interrupted;
    options.progress = &progress;
    options.max_waiting_items = run::waiting_item_cap(scenario, budget, threads);
    options.fast_paths = !args.no_fast_paths;
    double wall = 0;
    output::RenderOutcome rendered;
    try {
        {
            output::TimeseriesWriter timeseries(staged.path() / "timeseries.csv", &interrupted);
            options.timeseries = &timeseries;
            ProgressLine line(progress, !args.quiet);
            results = run::run_experiment(scenario, options);
            if (live) {  // after the simulated variants, in the same files
                results.push_back(live->result);
                timeseries.take(live->series);
            }
            timeseries.check_written();
        }
        wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        // An interrupt while writing or plotting leaves the earlier result too.
        run::throw_if_stopped(&interrupted);
        rendered = output::write_run_result(staged.path(), scenario, results,
                                            {!args.no_plots, args.plot_variant, out.string(), &interrupted});
        run::throw_if_stopped(&interrupted);
    } catch (const run::Interrupted&) {
        const int done = progress.runs_done.load(), total = progress.runs_total.load();
        note_on_stderr(fmt::format(
            "interrupted {}; nothing written{}",
            done < total ? fmt::format("after {} of {} runs", done, total) : "while writing the result",
            std::filesystem::exists(out) ? fmt::format(", {} is as it was", out.string()) : ""));
        return interrupted_exit_code();
    }
    staged.commit();
    if (interrupted) {
        note_on_stderr(fmt::format("interrupted once the result was complete; {} holds it", out.string()));
        return interrupted_exit_code();
    }
    if (!rendered.notice.empty() && !args.quiet) fmt::print(stderr, "note: {}\n", rendered.notice);

    if (args.quiet) return 0;
    std::cout << output::comparison_tables(scenario, results, width);
    std::cout << output::model_split_table(results);
    double attempts = 0;
    std::int64_t never = 0;
    for (const auto& r : results)
        for (const auto& run : r.runs) {
            attempts += static_cast<double>(run.attempts);
            never += run.never_admissible;
        }
    if (scenario.replications > 1)
        fmt::print("\n{}", fitted(fmt::format("figures are means over {} replications; summary.csv has {} "
                                              "confidence half-widths",
                                              scenario.replications, run::confidence_percent(scenario.confidence))));
    if (never > 0)
        fmt::print("\n{}", fitted(fmt::format("warning: {} attempts could never fit a bucket "
                                              "(never_admissible); retrying them is hopeless",
                                              never)));
    std::size_t runs = 0;
    for (const auto& r : results) runs += r.runs.size();
    fmt::print("\n{}{}",
               fitted(fmt::format("{} runs ({} variants) on {} thread{}, {:.0f} attempts simulated in {:.2f}s "
                                  "wall ({:.0f} attempts/s)",
                                  runs, results.size(), options.threads, options.threads == 1 ? "" : "s",
                                  attempts, wall, wall > 0 ? attempts / wall : 0.0)),
               fitted(fmt::format("wrote {}/summary.csv, summary.json, timeseries.csv{}, latency_cdf.csv, "
                                  "{}report.html{}",
                                  out.string(), scenario.sweep_path.empty() ? "" : ", curves.csv",
                                  output::has_model_results(results) ? "models.csv, " : "",
                                  rendered.plotted ? ", plots/" : "")));
    return 0;
}

namespace {

CommandMain attach_run(CLI::App& cmd) {
    auto args = std::make_shared<RunArgs>();
    add_scenario_options(cmd, args->scenario);
    cmd.add_option("-o,--out", args->out_dir, "output directory (default out/<scenario name>)");
    cmd.add_flag("-q,--quiet", args->quiet, "print nothing but errors");
    cmd.add_option("--threads", args->threads, "threads for the runs (default: all cores); "
                   "results are identical for any number")
        ->check(CLI::Range(1, 4096));
    cmd.add_option("--sweep", args->scenario.sweep,
                   "sweep one path: PATH=V1,V2,... or PATH=A..BxF (geometric) or A..B+S");
    cmd.add_flag("--no-plots", args->no_plots, "draw no plots (report.html keeps its tables)");
    cmd.add_option("--with-live", args->with_live,
                   "a `ratesim serve` result directory: its traffic is the variant `live`, beside the others");
    cmd.add_option("--plot-variant", args->plot_variant, "the variant whose bucket levels are plotted (default: the first)");
    cmd.add_option("--shard", args->shard,
                   "I/N: make only the runs whose index is I mod N and write them as a part for `ratesim "
                   "merge`; auto: I and N from the launcher (Slurm array, Open MPI, MPICH, Kubernetes), "
                   "and -o DIR means DIR/part-I");
    // Hidden: runs without the engine's and the world's fast paths, which
    // must change no output byte (tests/test_fast_path_identity.cpp).
    cmd.add_flag("--no-fast-paths", args->no_fast_paths, "turn the fast paths off (identity check)")->group("");
    cmd.add_option("--shards", args->shards, "N, with --shard auto where the launcher gives no count "
                   "(a Kubernetes Indexed Job's completions)");
    return [args] { return run_command(*args); };
}

}  // namespace

REGISTER_SUBCOMMAND(10, "run", "simulate a scenario and write its results", attach_run);

}  // namespace ratesim::cli
