#include "sim/output/child_processes.hpp"

#include <atomic>
#include <csignal>

namespace ratesim::output {

namespace {

// Slots a signal handler can read without locks; 0 is free. More children
// than slots at once go unremembered (ratesim starts one per plot).
constexpr int kSlots = 64;
std::atomic<pid_t> children[kSlots];
static_assert(std::atomic<pid_t>::is_always_lock_free, "read from a signal handler");

}  // namespace

void remember_child_process(pid_t pid) noexcept {
    for (auto& slot : children) {
        pid_t free = 0;
        if (slot.compare_exchange_strong(free, pid)) return;
    }
}

void forget_child_process(pid_t pid) noexcept {
    for (auto& slot : children) {
        pid_t mine = pid;
        if (slot.compare_exchange_strong(mine, 0)) return;
    }
}

void stop_child_processes() noexcept {
    for (auto& slot : children)
        if (const pid_t pid = slot.load(); pid > 0) kill(-pid, SIGTERM);
}

}  // namespace ratesim::output
