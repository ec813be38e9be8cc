#pragma once
// The Message Batches side of the API: its own limits (batch creation
// requests per minute, requests in the processing queue), separate from the
// real-time pools.
#include <cstdint>
#include <optional>

#include "models/config.hpp"
#include "models/token_bucket.hpp"

namespace ratesim::models {

struct MessageBatchCreateAnswer {
    bool accepted = false;
    engine::Time retry_after = 0;  // whole seconds, when refused
};

class MessageBatchesApi {
public:
    MessageBatchesApi(const MessageBatchesConfig& config, engine::Time burst);

    // A batch of `requests` asks to be created now.
    MessageBatchCreateAnswer create(std::int64_t requests, engine::Time now);
    // A batch ended (done or expired): its requests leave the queue.
    void finished(std::int64_t requests) { in_queue_ -= static_cast<double>(requests); }

private:
    MessageBatchesConfig config_;
    std::optional<TokenBucket> rpm_;
    double in_queue_ = 0;
};

}  // namespace ratesim::models
