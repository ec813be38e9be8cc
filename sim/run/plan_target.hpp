#pragma once
// A capacity-planning target such as "makespan <= 20m", "rate_429 <= 1%" or
// "chat.p99 <= 10s": a summary metric of the organization or of one client
// group, a direction and a bound. A target is met when the whole confidence
// interval of the mean (at the scenario's `confidence:`, 0.95 by default)
// lies inside it.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/plan_config.hpp"

namespace ratesim::run {

struct PlanTarget {
    std::string text;    // as written
    std::string metric;  // a summary.csv column: makespan_s, rate_429, ...
    std::size_t column = 0;  // its index in metric_columns()
    std::string group;       // the client group it is about; empty: the organization
    std::optional<std::size_t> group_index;  // that group's index in the scenario's clients
    bool at_most = true;     // "<=" (else ">=")
    double bound = 0;
    bool seconds = false;  // the metric is a time (printed as a duration)
    bool percent = false;  // the metric is a fraction (printed as a percentage)
    bool implied = false;  // added by plan_targets(), not asked for
};

// Parses "[GROUP.]METRIC <= VALUE" or ">= VALUE". METRIC is a summary
// column (the _s of times may be left out: makespan, latency_p99; p50, p90
// and p99 are latency_p50_s, ...); GROUP names one of `groups`, and without
// it the target is about the organization. VALUE is a duration for times
// (30s, 1h), a number or percentage otherwise. Throws ScenarioError
// prefixed by `where`, with a "did you mean" for an unknown metric or group.
PlanTarget parse_plan_target(const std::string& text, const std::string& where,
                             const std::vector<std::string>& groups = {});

// The targets of a plan on these client groups, parsed. Unless one of them
// is about failed, pending, in_progress, unserved or succeeded items, some
// are added, since a candidate that loses items meets nothing (and a
// strategy that gives up would otherwise finish early by doing less):
// `failed <= 0`, and what each group owes at the end. A group of fixed
// items owes them all (`pending <= 0`). An open-loop group (poisson, trace)
// owes what arrived in the arrival window, served by the end of the drain
// (`unserved <= 0`): requests still in flight then are no miss, a backlog
// that grew is. With one group these are the organization's targets.
std::vector<PlanTarget> plan_targets(const scenario::PlanConfig& plan,
                                     const std::vector<models::ClientGroupConfig>& groups);

// The metric as targets name it: "makespan" for makespan_s, "chat.makespan".
std::string target_metric_label(const PlanTarget& target);

// The figures a target is judged on: its group's (or, with one group or
// none named, the organization's).
const ColumnSummary& target_summary(const PlanTarget& target, const VariantResult& result);

// How a mean with its confidence half-width (NaN with one replication) fares.
struct TargetCheck {
    bool met = false;
    double margin = 0;  // distance from the worst end of the interval to the bound; < 0 when missed
};
TargetCheck check_target(const PlanTarget& target, double mean, double half_width);

// "18.3m ± 0.4m", "0.82% ± 0.10%", "41.5 ± 1.2"; "-" for NaN.
std::string format_target_value(const PlanTarget& target, double value);

}  // namespace ratesim::run
