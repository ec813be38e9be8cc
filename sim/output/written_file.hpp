#pragma once
// The end of writing a result file: the stream is closed (flushing what it
// buffered) and checked, so a full disk or a failed write is reported as
// "cannot write FILE: REASON" (exit 1), naming the file, and never passes
// silently to be misread later as bad input.
#include <filesystem>
#include <fstream>
#include <string>

namespace ratesim::output {

// Closes `out` and throws std::runtime_error if any write to it failed.
void close_written(std::ofstream& out, const std::filesystem::path& file);

// Writes `text` to `file` through a temporary name beside it
// (FILE.ratesim-<tag>-<pid>), renamed over `file` at the end, so the file is
// whole or as it was; throws std::runtime_error "cannot write FILE: REASON".
void write_whole(const std::filesystem::path& file, const std::string& text, const std::string& tag);

}  // namespace ratesim::output
