#pragma once
// Runs gnuplot on the plot scripts. The program is $RATESIM_GNUPLOT when set
// (a test points it at a missing program), else `gnuplot` on the PATH.
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

// Runs `gnuplot SCRIPT` in `dir` for every script, all at once, and waits for them.
GnuplotRun run_gnuplot(const std::filesystem::path& dir, const std::vector<std::string>& scripts);

}  // namespace ratesim::output
