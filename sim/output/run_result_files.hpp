#pragma once
// The files of a `ratesim run` result besides timeseries.csv: summary.csv,
// summary.json, curves.csv (for a sweep), latency_cdf.csv, models.csv (with
// routing), then the plots
// and report.html drawn from them. `ratesim run` and `ratesim merge` both
// write through here, so a merged result is the one-machine result.
#include <filesystem>
#include <vector>

#include "sim/output/render.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/scenario.hpp"

namespace ratesim::output {

// Writes into `dir` (a staging directory that already holds timeseries.csv).
// Throws run::Interrupted once `render.stop` is set.
RenderOutcome write_run_result(const std::filesystem::path& dir,
                               const scenario::ScenarioConfig& scenario,
                               const std::vector<run::VariantResult>& results,
                               const RenderOptions& render);

}  // namespace ratesim::output
