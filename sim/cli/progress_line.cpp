#include "sim/cli/progress_line.hpp"

#include <cstdio>
#include <unistd.h>

#include <fmt/format.h>

#include "sim/scenario/units.hpp"

namespace ratesim::cli {

ProgressLine::ProgressLine(const run::ExperimentProgress& progress, bool enabled)
    : progress_(progress), started_(std::chrono::steady_clock::now()) {
    if (enabled && isatty(STDERR_FILENO)) thread_ = std::thread([this] { loop(); });
}

ProgressLine::~ProgressLine() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    wake_.notify_all();
    thread_.join();
    if (shown_) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
}

void ProgressLine::loop() {
    using namespace std::chrono;
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, milliseconds(250), [this] { return done_; })) {
        const double elapsed = duration<double>(steady_clock::now() - started_).count();
        if (elapsed < 1.0) continue;
        const int done = progress_.runs_done.load();
        const int total = progress_.runs_total.load();
        const double simulated = static_cast<double>(progress_.simulated_us.load()) / 1e6;
        std::string eta = "--";
        if (done > 0 && total > done)
            eta = scenario::display_duration(elapsed * (total - done) / done);
        fmt::print(stderr, "\r\033[Kruns {}/{} done, {} simulated, {} elapsed, about {} left", done,
                   total, scenario::display_duration(simulated), scenario::display_duration(elapsed), eta);
        std::fflush(stderr);
        shown_ = true;
    }
}

}  // namespace ratesim::cli
