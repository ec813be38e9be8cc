#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a run: the first one sets a flag that
// the runs poll, so they stop within moments and nothing half-written is
// kept; a second one ends the process at once.
#include <atomic>

namespace ratesim::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& interrupt_flag();

}  // namespace ratesim::cli
