#pragma once
// What `ratesim plan` prints and writes: plan.txt (how the candidates were
// chosen, the table of what each achieved, the answer with its margins),
// plan.csv and the plots.
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/run/plan.hpp"

namespace ratesim::output {

struct PlanFiles {
    std::string text;    // plan.txt, which `ratesim plan` also prints
    std::string plots;   // the plots as the "wrote" line names them (", plots/plan_*.png"); empty without
    std::string notice;  // gnuplot missing or failed; empty if none
};

// Writes plan.txt, plan.csv and, when `plots`, plots/plan_* into `dir`.
// Throws run::Interrupted once `stop` (may be null) is set while gnuplot runs.
PlanFiles write_plan_files(const std::filesystem::path& dir, const scenario::ScenarioConfig& scenario,
                           const scenario::PlanConfig& plan, const run::PlanResult& result,
                           const std::vector<run::PlanTarget>& targets, bool plots,
                           const std::atomic<bool>* stop = nullptr);

// Per strategy, candidates in increasing order, one column per target.
std::string plan_table(const run::PlanResult& plan, const std::vector<run::PlanTarget>& targets);

// The answer per strategy, with each target's value and margin.
std::string plan_answer(const run::PlanResult& plan, const std::vector<run::PlanTarget>& targets);

// plan.csv: the probes in curves.csv's format (parameter,value,strategy,
// metric,mean,ci_low,ci_high), every metric, sorted by strategy and value.
void write_plan_csv(const std::filesystem::path& file, const run::PlanResult& plan);

// The probes' indices for one strategy, by increasing candidate value.
std::vector<std::size_t> probes_by_value(const run::PlanResult& plan, const std::string& strategy);

}  // namespace ratesim::output
