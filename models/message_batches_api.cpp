#include "models/message_batches_api.hpp"

#include <algorithm>
#include <cmath>

namespace ratesim::models {

namespace {
// How long a client waits before asking again when the queue is full: the
// API gives no time, so a minute (an assumption, see docs/model.md).
constexpr engine::Time kQueueFullWait = engine::seconds(60);
}  // namespace

MessageBatchesApi::MessageBatchesApi(const MessageBatchesConfig& config, engine::Time burst) : config_(config) {
    if (config.rpm) rpm_.emplace(*config.rpm, std::max(burst, engine::from_seconds(60.0 / *config.rpm)));
}

MessageBatchCreateAnswer MessageBatchesApi::create(std::int64_t requests, engine::Time now) {
    MessageBatchCreateAnswer a;
    if (rpm_) {
        rpm_->advance(now);
        if (rpm_->level() < 1) {
            a.retry_after = engine::from_seconds(std::max(1.0, std::ceil(rpm_->seconds_until(1) - 1e-9)));
            return a;
        }
    }
    if (config_.queue && in_queue_ + static_cast<double>(requests) > *config_.queue) {
        a.retry_after = kQueueFullWait;
        return a;
    }
    if (rpm_) rpm_->take(1);
    in_queue_ += static_cast<double>(requests);
    a.accepted = true;
    return a;
}

}  // namespace ratesim::models
