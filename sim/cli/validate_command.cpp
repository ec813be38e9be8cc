// `ratesim validate`: load a scenario strictly and describe what would run.
// `ratesim validate -` reads it from standard input.
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/scenario/units.hpp"
#include "sim/run/experiment.hpp"
#include "sim/run/ordered_jobs.hpp"
#include "sim/run/plan_target.hpp"
#include "sim/run/run_estimate.hpp"

namespace ratesim::cli {

int validate_command(const ScenarioArgs& args) {
    const scenario::ScenarioConfig s = load(args, /*standard_input=*/true);
    for (const auto& warning : s.warnings) fmt::print(stderr, "{}\n", warning);
    const auto variants = run::variants_of(s);
    // The plan's targets name metrics and groups only `plan` knows: check them here too, before "ok".
    for (const auto& t : run::plan_targets(s.plan, s.clients)) (void)t;
    // As `run` on all cores checks it (validate implies run), and before "ok".
    (void)checked_memory_budget(args, s, run::resolve_threads(0));
    fmt::print("{}: ok: {} pool(s), {} client group(s), {} variant(s) x {} replication(s), "
               "duration {}\n", s.file, s.api.pools.size(), s.clients.size(), variants.size(),
               s.replications, scenario::display_duration(engine::to_seconds(s.duration)));
    for (const auto& v : variants) fmt::print("  {}: {}\n", v.name, v.description);
    for (const auto& warning : run::run_warnings(s)) fmt::print("warning: {}\n", warning);
    return 0;
}

namespace {

CommandMain attach_validate(CLI::App& cmd) {
    auto args = std::make_shared<ScenarioArgs>();
    add_scenario_options(cmd, *args);
    cmd.get_option("FILE")->description("scenario YAML file, or - for standard input");
    return [args] { return validate_command(*args); };
}

}  // namespace

REGISTER_SUBCOMMAND(30, "validate", "check a scenario without running it", attach_validate);

}  // namespace ratesim::cli
