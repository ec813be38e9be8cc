#pragma once
// The progress line on stderr while an experiment runs: runs done, simulated
// time, elapsed and estimated time left. It appears only after about a
// second, only on a terminal, and is erased when the experiment ends.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "sim/run/experiment.hpp"

namespace ratesim::cli {

class ProgressLine {
public:
    // Shows nothing unless `enabled` and stderr is a terminal.
    ProgressLine(const run::ExperimentProgress& progress, bool enabled);
    ~ProgressLine();  // stops and erases the line
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

private:
    void loop();

    const run::ExperimentProgress& progress_;
    std::chrono::steady_clock::time_point started_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false;
    bool shown_ = false;
    std::thread thread_;
};

}  // namespace ratesim::cli
