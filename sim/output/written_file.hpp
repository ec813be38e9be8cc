#pragma once
// The end of writing a result file: the stream is closed (flushing what it
// buffered) and checked, so a full disk or a failed write is reported as
// "cannot write FILE: REASON" (exit 1), naming the file, and never passes
// silently to be misread later as bad input.
#include <filesystem>
#include <fstream>

namespace ratesim::output {

// Closes `out` and throws std::runtime_error if any write to it failed.
void close_written(std::ofstream& out, const std::filesystem::path& file);

}  // namespace ratesim::output
