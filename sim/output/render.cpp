#include "sim/output/render.hpp"

#include <fmt/format.h>

#include "sim/output/gnuplot_runner.hpp"
#include "sim/output/plots.hpp"
#include "sim/output/report_html.hpp"
#include "sim/output/result_dir.hpp"
#include "sim/output/result_file_error.hpp"
#include "sim/run/experiment.hpp"

namespace ratesim::output {

namespace fs = std::filesystem;

void check_plot_variant(const std::string& name, const std::vector<std::string>& variants) {
    if (name.empty()) return;
    std::string allowed;
    for (const auto& v : variants) {
        if (v == name) return;
        allowed += (allowed.empty() ? "" : ", ") + v;
    }
    throw ResultFileError(fmt::format(
        "error: --plot-variant '{}' is not a variant of this run; allowed: {}", name, allowed));
}

RenderOutcome render_result(const fs::path& dir, const RenderOptions& options) {
    const ResultDir result = read_result_dir(options.read_from.empty() ? dir : fs::path(options.read_from), options.stop);
    std::vector<std::string> names;
    for (const auto& v : result.variants) names.push_back(v.name);
    check_plot_variant(options.plot_variant, names);
    RenderOutcome outcome;
    const fs::path report = dir / "report.html";
    const fs::path plots_dir = dir / "plots";
    if (!options.plots) {
        write_report_html(
            report, result, {}, plots_dir,
            fmt::format("Plots were not drawn (--no-plots). To draw them: ratesim plot {}",
                        options.shown_dir));
        return outcome;
    }
    const std::vector<Plot> plots = write_plots(result, plots_dir, options.plot_variant);
    run::throw_if_stopped(options.stop);
    std::vector<std::string> scripts;
    for (const auto& p : plots) scripts.push_back(p.name + ".gp");
    const GnuplotRun run = run_gnuplot(plots_dir, scripts, options.stop);
    std::string note;
    if (run.status == GnuplotRun::Status::missing) {
        note = fmt::format(
            "gnuplot ('{}') is not installed, so plots/ holds each plot's data and gnuplot script "
            "but no pictures. To draw them: apt-get install gnuplot-nox, then ratesim plot {}",
            run.program, options.shown_dir);
    } else if (run.status == GnuplotRun::Status::failed) {
        std::string message = run.message.substr(0, 2000);
        while (!message.empty() && message.back() == '\n') message.pop_back();
        note = fmt::format("gnuplot ('{}') failed, so the plots are missing or incomplete:\n{}",
                           run.program, message);
    }
    write_report_html(report, result, plots, plots_dir, note);
    outcome.plotted = note.empty();
    outcome.notice = note;
    return outcome;
}

}  // namespace ratesim::output
