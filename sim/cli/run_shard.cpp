// `ratesim run --shard I/N` (or auto): this shard's runs, written as a part
// (runs.bin and fingerprint.json) that `ratesim merge` joins with the
// others into the result one `ratesim run` would have written.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

#include "sim/cli/build_info.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/progress_line.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/output/part_fingerprint.hpp"
#include "sim/output/part_runs_file.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/run/experiment.hpp"
#include "sim/run/memory_budget.hpp"
#include "sim/run/ordered_jobs.hpp"
#include "sim/run/shard.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace ratesim::cli {

namespace {

std::optional<std::string> environment_variable(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

}  // namespace

int run_shard_command(const RunArgs& args, const scenario::ScenarioConfig& scenario,
                      const std::vector<std::string>& sets,
                      const std::optional<ShardedPlan>& plan) {
    const std::atomic<bool>& interrupted = interrupt_flag();
    if (!args.with_live.empty() || args.no_plots || !args.plot_variant.empty())
        throw UsageError(
            "--shard: error: --with-live, --no-plots and --plot-variant do not go with --shard; "
            "allowed: --no-plots and --plot-variant on `ratesim merge`, which draws the plots");
    const run::ShardChoice choice =
        run::choose_shard(args.shard, args.shards, environment_variable);
    if (!choice.problem.empty()) throw UsageError("error: " + choice.problem);
    const run::Shard shard = choice.shard;

    // With auto, -o names the directory of all the parts; with I/N, this part.
    const std::filesystem::path parts =
        args.out_dir.empty() ? std::filesystem::path("out") / (scenario.name + "-parts")
                             : std::filesystem::path(args.out_dir);
    const bool auto_named = args.shard == "auto" || args.out_dir.empty();
    const std::filesystem::path out =
        auto_named ? parts / fmt::format("part-{}", shard.index) : parts;
    if (auto_named) {
        std::error_code ec;
        std::filesystem::create_directories(parts, ec);  // the shards race to make it; that is fine
    }

    output::PartFingerprint fingerprint;
    const BuildInfo build = build_info();
    fingerprint.version = build.version;
    fingerprint.commit = build.commit;
    fingerprint.scenario_file = scenario.file;
    fingerprint.scenario_dir = scenario::scenario_base_dir(scenario.file);
    fingerprint.scenario_text = scenario::read_input_file(
        scenario.file, scenario::InputKind::scenario,
        [](const std::string& problem, const std::string& allowed) {
            throw scenario::ScenarioError(fmt::format("{}; allowed: {}", problem, allowed));
        });
    fingerprint.sets = sets;
    if (plan)
        fingerprint.plan = output::PartFingerprint::Plan{plan->targets, plan->search, plan->tiers,
                                                         plan->candidates_set};
    fingerprint.resolved = scenario::scenario_to_json(scenario).dump();
    fingerprint.seed = static_cast<std::int64_t>(scenario.seed);
    fingerprint.shard = shard.index;
    fingerprint.shards = shard.count;
    fingerprint.runs = run::run_slots(run::cells_of(scenario)).size();

    const auto started = std::chrono::steady_clock::now();
    output::StagedDirectory staged(out);
    if (!staged.stale_notice().empty() && !args.quiet)
        fmt::print(stderr, "note: {}\n", staged.stale_notice());
    run::ExperimentProgress progress;
    run::ExperimentOptions options;
    options.threads = run::resolve_threads(args.threads);
    options.stop = &interrupted;
    options.progress = &progress;
    options.shard = shard;
    options.fast_paths = !args.no_fast_paths;
    options.max_waiting_items = run::waiting_item_cap(
        scenario, checked_memory_budget(args.scenario, scenario, options.threads), options.threads);
    try {
        output::PartRunsWriter runs(staged.path() / output::kPartRunsFile);
        options.runs = &runs;
        {
            ProgressLine line(progress, !args.quiet);
            run::run_experiment(scenario, options);
        }
        runs.close();
        fingerprint.runs_in_part = runs.written();
        // Written last: a part without it is not one.
        output::write_part_fingerprint(staged.path() / output::kPartFingerprintFile, fingerprint);
        run::throw_if_stopped(&interrupted);
    } catch (const run::Interrupted&) {
        note_on_stderr(fmt::format(
            "interrupted after {} of {} runs of shard {}/{}; nothing written",
            progress.runs_done.load(), progress.runs_total.load(), shard.index, shard.count));
        return interrupted_exit_code();
    }
    staged.commit();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!args.quiet)
        fmt::print(
            "shard {}/{} from {}: {} of {} runs on {} thread{} in {:.2f}s wall; wrote {}\n"
            "merge every shard with: ratesim merge {} -o OUT\n",
            shard.index, shard.count, choice.source, fingerprint.runs_in_part, fingerprint.runs,
            options.threads, options.threads == 1 ? "" : "s", wall, out.string(),
            auto_named ? parts.string() : "PART...");
    return 0;
}

}  // namespace ratesim::cli
