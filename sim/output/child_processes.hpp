#pragma once
// The child processes (gnuplot) running now. Each runs in its own process
// group, so a terminal's Ctrl-C reaches ratesim alone; ratesim then stops
// them itself, and a second signal, which ends ratesim at once, stops them
// from its handler through stop_child_processes().
#include <sys/types.h>

namespace ratesim::output {

// Notes a started child (its process group is its pid); forget it once reaped.
void remember_child_process(pid_t pid) noexcept;
void forget_child_process(pid_t pid) noexcept;
// Sends SIGTERM to every remembered child's process group. Async-signal-safe.
void stop_child_processes() noexcept;

}  // namespace ratesim::output
