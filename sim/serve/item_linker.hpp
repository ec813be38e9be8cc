#pragma once
// Which logical request an attempt belongs to. The SDKs send no request
// identity across retries, but they resend the same body with the same key
// and count retries in x-stainless-retry-count: an attempt with retry count
// k > 0 joins the latest item of the same key and body whose last attempt
// had count k - 1; any other attempt starts a new item. Thread-safe. Only
// items that may still be retried are kept: not those without the header,
// not those that succeeded, and none idle for ten minutes, so memory stays
// bounded.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/engine/time.hpp"

namespace ratesim::serve {

struct ItemAttempt {
    std::int64_t item = 0;
    int attempt = 0;  // from 0
    std::uint64_t chain = 0;  // the hash of key and body it was linked by
};

class ItemLinker {
public:
    // `retry_count` < 0: the header was absent (a new item).
    ItemAttempt link(const std::string& key, const std::string& body, int retry_count, engine::Time now);
    // The item succeeded: no attempt will join it.
    void finished(const ItemAttempt& attempt);

private:
    struct Open {
        std::int64_t item;
        int attempts;
        int last_retry_count;
        engine::Time last_seen;
    };
    void forget_idle(engine::Time now);

    std::mutex mu_;
    std::unordered_map<std::uint64_t, std::vector<Open>> open_;  // by hash of key and body
    std::int64_t next_item_ = 0;
    engine::Time last_sweep_ = 0;
};

}  // namespace ratesim::serve
