#pragma once
// The organization's binding limit read from a resolved scenario (the
// "scenario" of summary.json): for each pool the clients use, the limit that
// allows the fewest requests per minute for the pool's mean request
// (run::binding_limit), summed over the pools. The throughput plot draws it;
// the report's sentences compare goodput with it.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sim/run/binding_limit.hpp"

namespace ratesim::output {

struct ScenarioBinding {
    double requests_per_minute = 0;  // summed over the pools the clients use
    // "RPM 50/min", "ITPM 80k ≈ 37 requests/min", or per pool joined by "; "
    // when several pools are used.
    std::string label;
    // The dimension that binds, when it is the same in every pool used.
    std::optional<run::LimitDimension> dimension;
};

// The mean request of one client group of the resolved scenario (its
// request's distributions; output capped at max_tokens). With the group's
// pool limits, run::binding_limit gives the group's own binding limit.
run::MeanRequest mean_request_of_group(const nlohmann::json& group, bool cache_reads_count);

// The mean request of the groups that call `pool` (weighted by the requests
// each group sends: its items, or a Poisson group's rate times the duration).
// Trace groups, whose sizes come from their file, are left out.
run::MeanRequest mean_request_of_pool(const nlohmann::json& scenario, const std::string& pool);

// Absent when a pool the clients use has no limit that binds.
std::optional<ScenarioBinding> scenario_binding_limit(const nlohmann::json& scenario);

// "80k", "2.5M", "8k", "50": a token limit as the presets write it.
std::string limit_text(double limit);

}  // namespace ratesim::output
