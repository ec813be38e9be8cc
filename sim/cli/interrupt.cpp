#include "sim/cli/interrupt.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>

#include "sim/output/child_processes.hpp"

namespace ratesim::cli {

namespace {

std::atomic<bool> interrupted{false};
std::atomic<int> first_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");
static_assert(std::atomic<int>::is_always_lock_free, "the signal is stored from a signal handler");

extern "C" void on_interrupt(int signal) {
    int none = 0;
    if (first_signal.compare_exchange_strong(none, signal)) {
        interrupted.store(true);
        return;
    }
    // The second one: stop gnuplot (in its own process group, so the
    // terminal's signal did not reach it) and end now. Only
    // async-signal-safe calls here.
    output::stop_child_processes();
    _exit(128 + first_signal.load());
}

void install_once() {
    static const bool installed = [] {
        struct sigaction action {};
        action.sa_handler = on_interrupt;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;  // no SA_RESTART: a blocking wait returns EINTR and looks at the flag
        for (const int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
        std::signal(SIGPIPE, SIG_IGN);
        return true;
    }();
    (void)installed;
}

}  // namespace

void install_signal_handlers() { install_once(); }

const std::atomic<bool>& interrupt_flag() {
    install_once();
    return interrupted;
}

int interrupt_signal() { return first_signal.load(); }

int interrupted_exit_code() { return 128 + (interrupt_signal() == 0 ? SIGINT : interrupt_signal()); }

void note_on_stderr(const std::string& text) noexcept {
    std::fputs(text.c_str(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
    std::clearerr(stderr);
}

bool is_broken_pipe(const std::system_error& error) { return error.code().value() == EPIPE; }

}  // namespace ratesim::cli
