#include "sim/scenario/plan_reader.hpp"

#include <fmt/format.h>

#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/sweep_reader.hpp"
#include "sim/scenario/units.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

namespace {

constexpr const char* kBisectForms = "a map with one dotted path and an interval 'LOW..HIGH' "
                                     "(numbers with optional k/M suffixes), e.g. "
                                     "{api.pools.sonnet.itpm: 10k..1M}";

// "LOW..HIGH" into plan.low, plan.high; the problem, or "" when it is fine.
std::string parse_interval(const std::string& text, PlanConfig& plan) {
    const auto dots = text.find("..");
    if (dots == std::string::npos) return fmt::format("'{}' is not an interval LOW..HIGH", text);
    const auto low = parse_count(text.substr(0, dots));
    const auto high = parse_count(text.substr(dots + 2));
    // The unit parser's own "allowed" gives way to the interval's.
    if (!low) return low.error.substr(0, low.error.find("; allowed:"));
    if (!high) return high.error.substr(0, high.error.find("; allowed:"));
    if (!(*high.value > *low.value)) return fmt::format("the interval '{}' is empty", text);
    plan.low = *low.value;
    plan.high = *high.value;
    return "";
}

}  // namespace

PlanConfig read_plan(const YamlNode& node) {
    node.check_keys(keys_of("plan"));
    PlanConfig plan;
    if (auto targets = node.get("targets")) {
        const std::string forms(key_spec("plan", "targets").forms);
        for (const auto& t : targets->elements(forms)) plan.targets.push_back({t.text(forms), t.location()});
    }
    int modes = 0;
    if (auto search = node.get("search")) {
        ++modes;
        const SweepSpec spec = read_sweep(*search);
        plan.mode = PlanConfig::Mode::search;
        plan.path = spec.path;
        plan.values = spec.labels;
        plan.where = search->location();
    }
    if (auto bisect = node.get("bisect")) {
        ++modes;
        const auto entries = bisect->entries();
        if (entries.size() != 1) bisect->error(fmt::format("found {} paths", entries.size()), kBisectForms);
        const auto& [path, interval] = entries.front();
        plan.mode = PlanConfig::Mode::bisect;
        plan.path = path;
        const std::string problem = parse_interval(interval.text(kBisectForms), plan);
        if (!problem.empty()) interval.error(problem, kBisectForms);
        plan.where = bisect->location();
    }
    if (auto tiers = node.get("tiers")) {
        ++modes;
        plan.mode = PlanConfig::Mode::tiers;
        plan.family = tiers->text(std::string(key_spec("plan", "tiers").forms));
        plan.where = tiers->location();
    }
    if (modes > 1) node.error("give one of search, bisect and tiers", "search, bisect or tiers");
    return plan;
}

std::string read_bisect_option(const std::string& option, PlanConfig& plan) {
    const auto eq = option.find('=');
    if (eq == std::string::npos || eq == 0) return "expected PATH=LOW..HIGH";
    plan.path = option.substr(0, eq);
    if (std::string problem = parse_interval(option.substr(eq + 1), plan); !problem.empty()) return problem;
    plan.mode = PlanConfig::Mode::bisect;
    plan.where = "--bisect " + option;
    return "";
}

}  // namespace ratesim::scenario
