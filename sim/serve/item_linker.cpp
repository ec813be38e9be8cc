#include "sim/serve/item_linker.hpp"

#include <algorithm>

namespace ratesim::serve {

namespace {

constexpr engine::Time kForgetAfter = engine::seconds(600);

std::uint64_t fnv1a(const std::string& a, const std::string& b) {
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](const std::string& s) {
        for (const unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
        h = (h ^ 0xff) * 1099511628211ULL;  // a separator, so ("ab","c") != ("a","bc")
    };
    mix(a);
    mix(b);
    return h;
}

}  // namespace

void ItemLinker::forget_idle(engine::Time now) {
    if (now - last_sweep_ < kForgetAfter) return;
    last_sweep_ = now;
    for (auto it = open_.begin(); it != open_.end();) {
        auto& items = it->second;
        items.erase(std::remove_if(items.begin(), items.end(),
                                   [now](const Open& o) { return now - o.last_seen > kForgetAfter; }),
                    items.end());
        it = items.empty() ? open_.erase(it) : std::next(it);
    }
}

ItemAttempt ItemLinker::link(const std::string& key, const std::string& body, int retry_count, engine::Time now) {
    std::lock_guard lock(mu_);
    forget_idle(now);
    if (retry_count < 0) return {next_item_++, 0, 0};
    const std::uint64_t chain = fnv1a(key, body);
    auto& items = open_[chain];
    if (retry_count > 0)
        for (auto it = items.rbegin(); it != items.rend(); ++it)
            if (it->last_retry_count == retry_count - 1) {
                it->last_retry_count = retry_count;
                it->last_seen = now;
                return {it->item, it->attempts++, chain};
            }
    items.push_back({next_item_, 1, retry_count, now});
    return {next_item_++, 0, chain};
}

void ItemLinker::finished(const ItemAttempt& attempt) {
    std::lock_guard lock(mu_);
    const auto it = open_.find(attempt.chain);
    if (it == open_.end()) return;
    auto& items = it->second;
    items.erase(std::remove_if(items.begin(), items.end(),
                               [&](const Open& o) { return o.item == attempt.item; }),
                items.end());
    if (items.empty()) open_.erase(it);
}

}  // namespace ratesim::serve
