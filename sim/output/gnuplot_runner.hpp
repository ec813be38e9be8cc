#pragma once
// Runs gnuplot on the plot scripts. The program is $RATESIM_GNUPLOT when set
// (a test points it at a missing program), else `gnuplot` on the PATH.
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace ratesim::output {

struct GnuplotRun {
    enum class Status { done, missing, failed };
    Status status = Status::done;
    std::string program;  // what was run
    std::string message;  // gnuplot's own output when it failed
};

// Runs `gnuplot SCRIPT` in `dir` for every script, all at once, each in a
// process group of its own, and waits for them. Once `stop` is set (may be
// null), stops them, waits for them and throws run::Interrupted.
GnuplotRun run_gnuplot(const std::filesystem::path& dir, const std::vector<std::string>& scripts,
                       const std::atomic<bool>* stop = nullptr);

}  // namespace ratesim::output
