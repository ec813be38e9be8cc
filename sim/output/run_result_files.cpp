#include "sim/output/run_result_files.hpp"

#include "sim/output/curves_file.hpp"
#include "sim/output/latency_cdf_file.hpp"
#include "sim/output/models_file.hpp"
#include "sim/output/summary_files.hpp"

namespace ratesim::output {

RenderOutcome write_run_result(const std::filesystem::path& dir,
                               const scenario::ScenarioConfig& scenario,
                               const std::vector<run::VariantResult>& results,
                               const RenderOptions& render) {
    write_summary_csv(dir / "summary.csv", results);
    write_summary_json(dir / "summary.json", scenario, results);
    if (!scenario.sweep_path.empty())
        write_curves_csv(dir / "curves.csv", scenario.sweep_path, results);
    write_latency_cdf_csv(dir / "latency_cdf.csv", results);
    if (has_model_results(results)) write_models_csv(dir / "models.csv", results);
    run::throw_if_stopped(render.stop);
    return render_result(dir, render);
}

}  // namespace ratesim::output
