// `ratesim list`: what ratesim knows (strategies, ...).
#include <fmt/format.h>

#include "models/strategy/registry.hpp"
#include "sim/cli/commands.hpp"

namespace ratesim::cli {
namespace {

void list_strategies() {
    fmt::print("Named strategies (use the name as `strategy:` or in compare.strategies):\n\n");
    for (const auto& p : models::presets()) {
        fmt::print("  {:<20} {}\n", p.name, p.summary);
        fmt::print("  {:<20} = {}\n", "", models::describe_strategy(models::resolve_preset(p)));
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
}

}  // namespace

int list_command(const std::string& what) {
    if (what == "strategies") list_strategies();
    return 0;
}

}  // namespace ratesim::cli
