// The subcommands of the ratesim program. Each returns the process exit code
// (0 done, 1 failure while running, 2 bad input) or throws; bad input is a
// scenario::InputError (ScenarioError, UsageError, output::ResultFileError).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/scenario/plan_config.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/run/memory_budget.hpp"

namespace ratesim::cli {

// Options shared by the commands that read a scenario.
struct ScenarioArgs {
    std::string file;
    std::vector<std::string> sets;
    std::optional<std::int64_t> seed;
    std::optional<int> replications;
    std::optional<std::string> confidence;  // --confidence LEVEL, as `--set confidence=LEVEL`
    std::vector<std::string> sweep;  // --sweep PATH=VALUES (at most one)
    std::string max_memory;          // --max-memory BYTES; empty: run::default_memory_budget()
};

struct RunArgs {
    ScenarioArgs scenario;
    std::string out_dir;
    bool quiet = false;
    int threads = 0;  // 0: all cores
    bool no_plots = false;     // --no-plots
    std::string plot_variant;  // --plot-variant: whose bucket levels are drawn
    std::string with_live;     // --with-live DIR: a `ratesim serve` result shown as variant `live`
    std::string shard;            // --shard I/N or auto: make only that shard's runs, as a part
    std::optional<int> shards;    // --shards N: the shard count where the launcher does not give it
    bool no_fast_paths = false;   // hidden --no-fast-paths: the identity check's slow reference
};

struct MergeArgs {
    std::vector<std::string> parts;  // part directories, or directories of part-* directories
    std::string out_dir;
    bool quiet = false;
    bool no_plots = false;
    std::string plot_variant;
};

struct PlanArgs {
    ScenarioArgs scenario;
    RunArgs run;  // out_dir, quiet, threads
    std::vector<std::string> targets;
    std::string search, bisect, tiers;
    bool no_plots = false;
};

struct PlotArgs {
    std::string dir;
    std::string plot_variant;
    bool quiet = false;
};

// FILE, --set, --seed, --replications and --confidence, for the commands that read a scenario.
void add_scenario_options(CLI::App& cmd, ScenarioArgs& scenario);
// Every command-line override as a `--set PATH=VALUE`, in the order load() applies them.
std::vector<std::string> scenario_sets(const ScenarioArgs& args);
// Loads the scenario with every command-line override applied. With
// `standard_input` (validate only), FILE `-` reads the scenario from
// standard input, named `<stdin>` in messages.
scenario::ScenarioConfig load(const ScenarioArgs& args, bool standard_input = false);
// The budget of --max-memory (or the default), after checking that `scenario`
// run on `threads` threads fits it (a run::MemoryBudgetError, exit 2, if not).
run::MemoryBudget checked_memory_budget(const ScenarioArgs& args, const scenario::ScenarioConfig& scenario,
                                        int threads);

int run_command(const RunArgs& args);
// `plan --shard`'s options, as its parts record them for `ratesim merge`.
struct ShardedPlan {
    std::vector<std::string> targets;
    std::string search, tiers;
    std::string candidates_set;  // the override that makes the candidates a sweep
};
// `run --shard` (and `plan --shard`): this shard's runs of `scenario`,
// loaded with the overrides `sets`, written as a part for `ratesim merge`.
int run_shard_command(const RunArgs& args, const scenario::ScenarioConfig& scenario,
                      const std::vector<std::string>& sets, const std::optional<ShardedPlan>& plan = std::nullopt);
int merge_command(const MergeArgs& args);
int plan_command(const PlanArgs& args);
// The plan to carry out: the scenario's `plan:` with the options on top.
scenario::PlanConfig plan_of(const scenario::ScenarioConfig& scenario, const PlanArgs& args);
int validate_command(const ScenarioArgs& args);
int list_command(const std::string& what);
// `import-limits FILE [-o OUT]`: a saved Rate Limits API response as an `api:` section.
int import_limits_command(const std::string& file, const std::string& out);
int plot_command(const PlotArgs& args);

}  // namespace ratesim::cli
