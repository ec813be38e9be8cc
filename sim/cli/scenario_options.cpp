#include <fmt/format.h>

#include <iostream>
#include <sstream>

#include "sim/cli/commands.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/cli/memory_budget_option.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/sweep_option.hpp"

namespace ratesim::cli {

void add_scenario_options(CLI::App& cmd, ScenarioArgs& scenario) {
    cmd.add_option("FILE", scenario.file, "scenario YAML file")->required();
    cmd.add_option("--set", scenario.sets, "override a scenario field: PATH=VALUE (repeatable)");
    cmd.add_option("--seed", scenario.seed, "override the scenario's seed")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 53, "an integer from 0 to 2^53"));
    cmd.add_option("--replications", scenario.replications, "override the number of replications")
        ->check(CLI::Range(1, 1'000'000));
    cmd.add_option("--max-memory", scenario.max_memory,
                   "memory the run may use, in bytes (512M, 4G); default: half of the machine's memory, or of "
                   "the cgroup's limit; a scenario estimated past it is refused before it runs");
    cmd.add_option("--confidence", scenario.confidence,
                   "override the level of the confidence intervals (default 0.95), e.g. 0.9");
}

std::vector<std::string> scenario_sets(const ScenarioArgs& args) {
    std::vector<std::string> sets = args.sets;
    if (args.seed) sets.push_back(fmt::format("seed={}", *args.seed));
    if (args.replications) sets.push_back(fmt::format("replications={}", *args.replications));
    if (args.confidence) sets.push_back("confidence=" + *args.confidence);
    if (args.sweep.size() > 1)
        throw UsageError(fmt::format(
            "--sweep {}: error: a run sweeps one path; allowed: one --sweep option", args.sweep[1]));
    for (const auto& sweep : args.sweep) {
        const auto eq = sweep.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError(fmt::format(
                "--sweep {}: error: expected PATH=VALUES; allowed: e.g. --sweep clients.batch.workers=1,2,4 "
                "or --sweep clients.batch.workers=1..64x2", sweep));
        sets.push_back(scenario::sweep_option_as_set(sweep));
    }
    return sets;
}

scenario::ScenarioConfig load(const ScenarioArgs& args, bool standard_input) {
    const std::vector<std::string> sets = scenario_sets(args);
    if (standard_input && args.file == "-") return scenario::load_scenario_stdin(sets);
    return scenario::load_scenario(args.file, sets);
}

run::MemoryBudget checked_memory_budget(const ScenarioArgs& args, const scenario::ScenarioConfig& scenario,
                                        int threads) {
    run::MemoryBudget budget = memory_budget(args.max_memory);
    run::check_memory_budget(scenario, budget, threads);
    return budget;
}

}  // namespace ratesim::cli
