// `ratesim plot DIR`: redraw the plots and report.html of an output
// directory from its files, without simulating; for a directory written by
// `ratesim plan`, its plots from their scripts and data. DIR is replaced whole, like
// `ratesim run` replaces it: its files are linked into a staging directory,
// drawn there, and the staging directory is swapped into place.
#include <fmt/format.h>

#include <algorithm>

#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/output/gnuplot_runner.hpp"
#include "sim/output/render.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/output/result_file_error.hpp"
#include "sim/run/experiment.hpp"

namespace ratesim::cli {

namespace fs = std::filesystem;

namespace {

// Everything in `from` but what rendering writes, hard-linked (or copied) into `to`.
void stage_inputs(const fs::path& from, const fs::path& to) {
    for (const auto& entry : fs::directory_iterator(from)) {
        const std::string name = entry.path().filename().string();
        if (name == "plots" || name == "report.html" || name == output::StagedDirectory::kMarker)
            continue;
        const auto options = fs::copy_options::recursive | fs::copy_options::create_hard_links;
        std::error_code linked;
        fs::copy(entry.path(), to / name, options, linked);
        if (linked)
            fs::copy(entry.path(), to / name,
                     fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    }
}

// A `ratesim plan` directory (plan.csv, plots/plan_*.gp with their .dat):
// every script run again by gnuplot, in a staged copy renamed over `dir`.
int redraw_plan(const fs::path& dir, const PlotArgs& args) {
    output::StagedDirectory staged(dir);
    stage_inputs(dir, staged.path());
    const fs::path plots = staged.path() / "plots";
    fs::create_directories(plots);
    std::vector<std::string> scripts;
    std::error_code none;
    for (const auto& entry : fs::directory_iterator(dir / "plots", none)) {
        const std::string name = entry.path().filename().string(), ext = entry.path().extension().string();
        if (ext != ".gp" && ext != ".dat") continue;
        fs::copy_file(entry.path(), plots / name, fs::copy_options::overwrite_existing);
        if (ext == ".gp" && name.rfind("plan_", 0) == 0) scripts.push_back(name);
    }
    std::sort(scripts.begin(), scripts.end());
    const output::GnuplotRun run = output::run_gnuplot(plots, scripts);
    staged.commit();
    if (run.status == output::GnuplotRun::Status::missing)
        fmt::print(stderr, "note: gnuplot is not installed, so the plan's plots were not drawn "
                           "(apt-get install gnuplot-nox)\n");
    else if (run.status == output::GnuplotRun::Status::failed)
        fmt::print(stderr, "note: gnuplot failed on the plan's plots:\n{}\n", run.message);
    if (!args.quiet)
        fmt::print("wrote {}/plots/ ({} plan plot{})\n", dir.string(), scripts.size(),
                   scripts.size() == 1 ? "" : "s");
    return 0;
}

}  // namespace

int plot_command(const PlotArgs& args) {
    fs::path dir(args.dir);
    if (dir.filename().empty()) dir = dir.parent_path();
    if (!fs::is_directory(dir))
        throw output::ResultFileError(fmt::format(
            "error: '{}' is not a directory; give an output directory written by `ratesim run`",
            args.dir));
    if (!fs::exists(dir / "summary.json") && fs::exists(dir / "plan.csv") &&
        fs::exists(dir / output::StagedDirectory::kMarker))
        return redraw_plan(dir, args);
    if (!fs::exists(dir / "summary.json") || !fs::exists(dir / output::StagedDirectory::kMarker))
        throw output::ResultFileError(
            fmt::format("error: '{}' holds no summary.json (or plan.csv) and {} marker; give an output "
                        "directory written by `ratesim run` or `ratesim plan`",
                        args.dir, output::StagedDirectory::kMarker));
    const std::atomic<bool>& interrupted = interrupt_flag();
    output::StagedDirectory staged(dir);
    if (!staged.stale_notice().empty() && !args.quiet) fmt::print(stderr, "note: {}\n", staged.stale_notice());
    output::RenderOutcome rendered;
    try {
        stage_inputs(dir, staged.path());
        run::throw_if_stopped(&interrupted);
        rendered = output::render_result(staged.path(), {true, args.plot_variant, dir.string(), &interrupted, dir.string()});
        run::throw_if_stopped(&interrupted);
    } catch (const run::Interrupted&) {
        note_on_stderr(fmt::format("interrupted; {} is as it was", dir.string()));
        return interrupted_exit_code();
    }
    staged.commit();
    if (interrupted) {
        note_on_stderr(fmt::format("interrupted once the plots were drawn; {} holds them", dir.string()));
        return interrupted_exit_code();
    }
    if (!rendered.notice.empty()) fmt::print(stderr, "note: {}\n", rendered.notice);
    if (!args.quiet)
        fmt::print("wrote {}/report.html{}\n", dir.string(), rendered.plotted ? " and plots/" : "");
    return 0;
}

namespace {

CommandMain attach_plot(CLI::App& cmd) {
    auto args = std::make_shared<PlotArgs>();
    cmd.add_option("DIR", args->dir, "a directory written by `ratesim run` or `ratesim plan`")->required();
    cmd.add_option("--plot-variant", args->plot_variant, "the variant whose bucket levels are plotted (default: the first)");
    cmd.add_flag("-q,--quiet", args->quiet, "print nothing but errors");
    return [args] { return plot_command(*args); };
}

}  // namespace

REGISTER_SUBCOMMAND(40, "plot", "redraw the plots and report.html of an output directory (or a plan's plots)",
                    attach_plot);

}  // namespace ratesim::cli
