#include "models/server_queue.hpp"

#include <algorithm>
#include <functional>

namespace ratesim::models {

ServerQueue::ServerQueue(std::int64_t servers)
    : free_at_(static_cast<std::size_t>(std::max<std::int64_t>(1, servers)), engine::Time{0}) {}

engine::Time ServerQueue::wait(engine::Time now) const {
    return std::max<engine::Time>(0, free_at_.front() - now);  // the heap's top is the earliest
}

void ServerQueue::take(engine::Time now, engine::Time busy_until) {
    const engine::Time start = now + wait(now);
    std::pop_heap(free_at_.begin(), free_at_.end(), std::greater<>{});
    free_at_.back() = std::max(start, busy_until);
    std::push_heap(free_at_.begin(), free_at_.end(), std::greater<>{});
    forget_started(now);
    if (start > now) starts_.push_back(start);
}

std::int64_t ServerQueue::waiting(engine::Time now) {
    forget_started(now);
    return static_cast<std::int64_t>(starts_.size());
}

void ServerQueue::forget_started(engine::Time now) {
    while (!starts_.empty() && starts_.front() <= now) starts_.pop_front();
}

}  // namespace ratesim::models
