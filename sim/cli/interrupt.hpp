#pragma once
// Signals that end a command, and what they leave behind.
//
// SIGINT (Ctrl-C), SIGTERM and SIGHUP: the first one sets a flag that the
// commands poll while simulating, writing, plotting and before the swap into
// place, so they stop within moments, remove what they staged and exit with
// interrupted_exit_code() (130 for Ctrl-C, 128+N for signal N); an earlier
// result stays as it was. `ratesim serve` reads the same first signal as
// "stop serving and write the result". A second one ends the process at once
// with the same code, after stopping any gnuplot it started; what it had
// staged is removed by the next run into the same parent.
//
// SIGPIPE is ignored: a write to a closed pipe fails as an error, which ends
// the command through the same cleanup, with kBrokenPipeExit.
#include <atomic>
#include <string>
#include <system_error>

namespace ratesim::cli {

// 128 + SIGPIPE: what a shell reports for a program killed by a closed pipe.
constexpr int kBrokenPipeExit = 141;

// Installs the handlers and ignores SIGPIPE; once, and before anything is staged.
void install_signal_handlers();
// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& interrupt_flag();
// The first signal caught (SIGINT, SIGTERM or SIGHUP); 0 when none was.
int interrupt_signal();
// 128 + interrupt_signal(): 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.
int interrupted_exit_code();

// Writes `text` and a newline to stderr, ignoring any error (after SIGHUP the
// terminal may be gone), so that reporting an interrupt cannot fail.
void note_on_stderr(const std::string& text) noexcept;

// Whether `error` is a write to a closed pipe (EPIPE).
bool is_broken_pipe(const std::system_error& error);

}  // namespace ratesim::cli
