// `ratesim list`: what ratesim knows (strategies, tier presets, scenarios).
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <filesystem>

#include "models/strategy/registry.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/output/scenario_limits.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/tier_presets.hpp"
#include "sim/scenario/scenario_summary.hpp"

namespace ratesim::cli {
namespace {

void list_strategies() {
    fmt::print("Named strategies (use the name as `strategy:` or in compare.strategies):\n\n");
    for (const auto& p : models::strategy_presets()) {
        fmt::print("  {:<20} {}\n", p.name, p.summary);
        fmt::print("  {:<20} = {}\n", "", models::describe_strategy(models::resolve_strategy_preset(p)));
    }
    for (models::Part part : {models::Part::retry, models::Part::pacing, models::Part::budget}) {
        fmt::print("\n{} kinds (`{}: {{kind: ..., <parameters>}}`):\n\n", models::part_name(part),
                   models::part_name(part));
        for (const auto& k : models::part_kinds()) {
            if (k.part != part) continue;
            fmt::print("  {:<20} {}\n", k.name, k.summary);
            if (k.formula != "-") fmt::print("  {:<20} rule: {}\n", "", k.formula);
            if (k.caps_in_flight) fmt::print("  {:<20} needs coordination: shared\n", "");
            for (const auto& p : k.params)
                fmt::print("  {:<20}   {} ({}, default {}): {}\n", "", p.name,
                           models::param_type_name(p.type), models::describe_value(p, p.default_value),
                           p.help);
        }
    }
    // The fourth part has no kinds: its keys are in the scenario key table.
    const scenario::KeySpec& routing = scenario::key_spec("<strategy>", "routing");
    fmt::print("\nrouting (`routing: {{fallbacks: [...], <parameters>}}`, beside the other parts):\n\n");
    fmt::print("  {}\n", routing.description);
    for (const std::string& name : scenario::keys_of(routing.child)) {
        const scenario::KeySpec& key = scenario::key_spec(routing.child, name);
        fmt::print("    {} ({}): {}\n", name,
                   key.required ? "required" : fmt::format("default {}", key.default_value), key.description);
    }
}

// A preset's limit as its file writes it: requests plain (1000), tokens in
// k or M (450k, 2M); "-" when not limited.
std::string requests_or_dash(const std::optional<double>& limit) { return limit ? fmt::format("{:g}", *limit) : "-"; }
std::string tokens_or_dash(const std::optional<double>& limit) { return limit ? output::limit_text(*limit) : "-"; }

void list_tier_presets() {
    fmt::print("Tier presets (use as `api: {{preset: NAME}}` or --set api.preset=NAME):\n");
    for (const auto& family : scenario::tier_preset_families()) {
        fmt::print("\n{} ({}; source: {}; file {})\n", family.name, family.dated, family.source,
                   family.file);
        for (const auto& tier : family.tiers) {
            fmt::print("  {:<26} {}\n", tier.name, tier.summary);
            for (const auto& pool : tier.pools)
                fmt::print("  {:<26}   {:<8} RPM {:>7}  ITPM {:>7}  OTPM {:>7}\n", "", pool.name,
                           requests_or_dash(pool.rpm), tokens_or_dash(pool.itpm), tokens_or_dash(pool.otpm));
        }
    }
}

// The scenarios/*.yaml files of the current directory, with their descriptions;
// a usage error (exit 2) where there is no scenarios/ directory.
void list_scenarios() {
    const std::filesystem::path dir = "scenarios";
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw UsageError(fmt::format(
            "list scenarios: error: no scenarios/ directory in {}; allowed: run it from the ratesim "
            "source tree",
            std::filesystem::current_path(ec).string()));
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        const scenario::ScenarioSummary summary = scenario::read_scenario_summary(file.string());
        fmt::print("{}\n    {}\n", file.string(),
                   summary.parses                ? summary.description
                   : summary.unreadable.empty() ? "(not valid YAML)"
                                                : "(not read: " + summary.unreadable + ")");
    }
}

}  // namespace

int list_command(const std::string& what) {
    if (what == "strategies") list_strategies();
    if (what == "presets") list_tier_presets();
    if (what == "scenarios") list_scenarios();
    return 0;
}

namespace {

CommandMain attach_list(CLI::App& cmd) {
    auto what = std::make_shared<std::string>();
    cmd.add_option("WHAT", *what, "strategies, presets or scenarios")
        ->required()
        ->check(CLI::IsMember({"strategies", "presets", "scenarios"}));
    return [what] { return list_command(*what); };
}

}  // namespace

REGISTER_SUBCOMMAND(50, "list", "list what ratesim knows", attach_list);

}  // namespace ratesim::cli
