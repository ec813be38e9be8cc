// `ratesim new [NAME]`: writes NAME.yaml, a commented starter scenario that
// validates and runs as written, with the modeline that points an editor at
// the JSON Schema: the installed one (PREFIX/share/ratesim/), or a copy
// written next to the scenario when ratesim runs from its build directory.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>

#include "models/strategy/registry.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/output/written_file.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/spelling_hints.hpp"
#include "sim/scenario/tier_presets.hpp"

namespace ratesim::cli {
namespace {

namespace fs = std::filesystem;

struct NewArgs {
    std::string name = "my-scenario";
    std::string preset = "anthropic-2025/tier-2";
    int workers = 8;
    std::vector<std::string> strategies = {"full-jitter", "header-proactive"};
    bool force = false;
};

// Where `cmake --install` put the schema, beside this program's bin/.
std::optional<fs::path> installed_schema() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    const fs::path schema = self.parent_path().parent_path() / "share/ratesim/scenario.schema.json";
    if (!fs::is_regular_file(schema, ec)) return std::nullopt;
    return schema;
}

const scenario::TierPreset& find_preset(const std::string& name) {
    static const std::vector<scenario::TierPresetFamily> families = scenario::tier_preset_families();
    std::vector<std::string> names;
    for (const auto& family : families)
        for (const auto& tier : family.tiers) {
            if (tier.name == name) return tier;
            names.push_back(tier.name);
        }
    throw UsageError(fmt::format("new: error: --preset {}: {}; allowed: {}", name,
                                 scenario::unknown_with_hint("preset", name, names),
                                 scenario::join(names)));
}

// The model the group calls: the newest listed in the preset's sonnet pool,
// else in its first pool.
std::string model_of(const scenario::TierPreset& preset) {
    const scenario::TierPresetPool* chosen = nullptr;
    for (const auto& pool : preset.pools)
        if (!pool.models.empty() && (chosen == nullptr || pool.name == "sonnet")) chosen = &pool;
    if (chosen == nullptr)
        throw UsageError(fmt::format("new: error: --preset {}: the preset lists no model; allowed: "
                                     "a preset with pools (see `ratesim list presets`)",
                                     preset.name));
    return chosen->models.back();
}

std::string starter_text(const NewArgs& args, const std::string& schema, const std::string& model) {
    return fmt::format(
        R"({modeline}
# A starter scenario written by `ratesim new`. Check it and run it with
#   ratesim validate {name}.yaml
#   ratesim run {name}.yaml
# Every key is described in docs/scenarios.md; an editor that reads the
# modeline above (docs/editor.md) shows the same text on hover.
name: {name}  # names the output directory, out/{name}/
description: >-
  {workers} workers work through a batch of 400 requests on the {preset}
  limits, once per strategy.
seed: 1
duration: 1h  # the longest a run may take, in simulated time
replications: 3  # independent runs per strategy
api:
  preset: {preset}  # published limits (`ratesim list presets`)
  latency:
    round_trip: 100ms
clients:
  - name: batch
    workers: {workers}
    workload: {{kind: batch, items: 400}}   # or {{kind: poisson, rate: 2/s}}
    request:
      model: {model}
      input_tokens: {{dist: lognormal, median: 1500, p95: 6000}}
      max_tokens: 1024
      output_tokens: {{dist: uniform, min: 100, max: 900}}
# Each strategy is one variant, run on the same random numbers
# (`ratesim list strategies`).
compare:
  strategies: [{strategies}]
)",
        fmt::arg("modeline", scenario::schema_modeline(schema)), fmt::arg("name", args.name),
        fmt::arg("workers", args.workers), fmt::arg("preset", args.preset), fmt::arg("model", model),
        fmt::arg("strategies", scenario::join(args.strategies)));
}

void check_args(const NewArgs& args) {
    if (!scenario::is_scenario_name(args.name) || args.name.size() > scenario::kMaxScenarioNameBytes)
        throw UsageError(fmt::format(
            "new: error: NAME '{}' cannot name a scenario; allowed: letters, digits, '.', '_' and "
            "'-', at most {} bytes (the file is NAME.yaml)",
            args.name, scenario::kMaxScenarioNameBytes));
    std::vector<std::string> names;
    for (const auto& preset : models::strategy_presets()) names.push_back(preset.name);
    if (args.strategies.empty())
        throw UsageError(fmt::format("new: error: --strategies is empty; allowed: {}", scenario::join(names)));
    for (const std::string& strategy : args.strategies)
        if (models::find_strategy_preset(strategy) == nullptr)
            throw UsageError(fmt::format("new: error: --strategies: {}; allowed: {}",
                                         scenario::unknown_with_hint("strategy", strategy, names),
                                         scenario::join(names)));
}

int new_command(const NewArgs& args) {
    check_args(args);
    const scenario::TierPreset& preset = find_preset(args.preset);
    const fs::path file = args.name + ".yaml";
    std::error_code ec;
    if (fs::exists(fs::symlink_status(file, ec)) && !args.force)
        throw UsageError(fmt::format("new: error: {} exists; allowed: another NAME, or --force to "
                                     "replace it",
                                     file.string()));
    const std::optional<fs::path> installed = installed_schema();
    const std::string schema = installed ? installed->string() : "scenario.schema.json";
    const std::string text = starter_text(args, schema, model_of(preset));
    // It must load as written; anything else is a bug here, not bad input.
    try {
        (void)scenario::load_scenario_text(text, file.string());
    } catch (const scenario::ScenarioError& e) {
        throw std::logic_error(fmt::format("the starter scenario does not load: {}", e.what()));
    }
    if (!installed) output::write_whole(schema, scenario::scenario_schema().dump(2) + "\n", "new");
    output::write_whole(file, text, "new");
    fmt::print("wrote {}{}\n", file.string(),
               installed ? fmt::format(" (schema: {})", schema)
                         : fmt::format(" and {}, its schema for editors", schema));
    return 0;
}

CommandMain attach_new(CLI::App& cmd) {
    auto args = std::make_shared<NewArgs>();
    cmd.add_option("NAME", args->name, "the scenario's name; the file is NAME.yaml (default my-scenario)");
    cmd.add_option("--preset", args->preset, "the tier preset of its api (default anthropic-2025/tier-2)");
    cmd.add_option("--workers", args->workers, "workers in its one client group (default 8)")
        ->check(CLI::Range(1, 1'000'000));
    cmd.add_option("--strategies", args->strategies,
                   "strategies to compare, comma-separated (default full-jitter,header-proactive)")
        ->delimiter(',');
    cmd.add_flag("--force", args->force, "replace NAME.yaml if it exists");
    return [args] { return new_command(*args); };
}

}  // namespace

REGISTER_SUBCOMMAND(5, "new", "write a commented starter scenario, NAME.yaml, that runs as written",
                    attach_new);

}  // namespace ratesim::cli
