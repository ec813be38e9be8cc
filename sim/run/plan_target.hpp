#pragma once
// A capacity-planning target such as "makespan <= 20m" or "rate_429 <= 1%":
// a summary metric, a direction and a bound. A target is met when the
// whole confidence interval of the mean (at the scenario's `confidence:`,
// 0.95 by default) lies inside it.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/scenario/plan_config.hpp"

namespace ratesim::run {

struct PlanTarget {
    std::string text;    // as written
    std::string metric;  // a summary.csv column: makespan_s, rate_429, ...
    std::size_t column = 0;  // its index in metric_columns()
    bool at_most = true;     // "<=" (else ">=")
    double bound = 0;
    bool seconds = false;  // the metric is a time (printed as a duration)
    bool percent = false;  // the metric is a fraction (printed as a percentage)
    bool implied = false;  // added by plan_targets(), not asked for
};

// Parses "METRIC <= VALUE" or "METRIC >= VALUE". METRIC is a summary column
// (the _s of times may be left out: makespan, latency_p99); VALUE is a
// duration for times (30s, 1h), a number or percentage otherwise. Throws
// ScenarioError prefixed by `where`.
PlanTarget parse_plan_target(const std::string& text, const std::string& where);

// The targets of a plan, parsed. Unless one of them is about failed,
// pending or succeeded items, two are added: `failed <= 0` and
// `pending <= 0`, since a candidate that loses items meets nothing (and a
// strategy that gives up would otherwise finish early by doing less).
std::vector<PlanTarget> plan_targets(const scenario::PlanConfig& plan);

// The metric as targets name it: "makespan" for makespan_s.
std::string target_metric_label(const PlanTarget& target);

// How a mean with its confidence half-width (NaN with one replication) fares.
struct TargetCheck {
    bool met = false;
    double margin = 0;  // distance from the worst end of the interval to the bound; < 0 when missed
};
TargetCheck check_target(const PlanTarget& target, double mean, double half_width);

// "18.3m ± 0.4m", "0.82% ± 0.10%", "41.5 ± 1.2"; "-" for NaN.
std::string format_target_value(const PlanTarget& target, double value);

}  // namespace ratesim::run
