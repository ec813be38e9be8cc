// The world's Message Batches path: a group with a batch size (YAML
// `batch_size`) sends its items as Message Batches instead of one real-time
// request each. Batches have their own limits (MessageBatchesApi), finish
// after a drawn turnaround, expire after `expiry`, and are billed at the
// batch price. Strategies do not apply.
#include <algorithm>

#include "models/billing.hpp"
#include "models/world.hpp"

namespace ratesim::models {

void World::schedule_message_batch_submit(ClientGroup& g, engine::Time at) {
    if (g.message_batch_submit_at <= at) return;  // an earlier submit is pending
    g.message_batch_submit_at = at;
    scheduler_.at(at, {message_batch_submit, static_cast<std::uint32_t>(group_index(g))});
}

void World::on_message_batch_submit(ClientGroup& g) {
    const engine::Time now = scheduler_.now();
    if (now != g.message_batch_submit_at) return;  // superseded by an earlier submit
    g.message_batch_submit_at = engine::kNever;
    const int gi = group_index(g);
    const std::int64_t n = std::min({g.waiting(), g.config.message_batch_size,
                                     config_.api.message_batches.max_batch_requests});
    if (n == 0) return;
    if (g.open_loop() && n < g.config.message_batch_size && now - g.queue.front().second < kPartialMessageBatchWait) {
        schedule_message_batch_submit(g, engine::later(g.queue.front().second, kPartialMessageBatchWait));
        return;
    }
    if (server_.spend_capped(now)) {  // enforced_spend_limit_reached: try again next month
        observer_.attempt_sent(gi, 0, now);
        observer_.attempt_answered({gi, 0, now, now, status::rate_limited, false, Dimension::requests, true,
                                    false, g.targets[0].model});
        schedule_message_batch_submit(g, server_.month_ends(now));
        return;
    }
    const MessageBatchCreateAnswer answer = message_batches_api_.create(n, now);
    if (!answer.accepted) {
        observer_.attempt_sent(gi, 0, now);
        observer_.attempt_answered({gi, 0, now, now, status::rate_limited, false, Dimension::requests, false,
                                    false, g.targets[0].model});
        schedule_message_batch_submit(g, engine::later(now, answer.retry_after));
        return;
    }
    std::uint32_t slot;
    if (!free_message_batches_.empty()) {
        slot = free_message_batches_.back();
        free_message_batches_.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(message_batches_.size());
        message_batches_.emplace_back();
    }
    MessageBatch& b = message_batches_[slot];
    b.group = gi;
    b.created = now;
    b.items.clear();
    for (std::int64_t i = 0; i < n; ++i) {
        if (g.open_loop()) {
            b.items.push_back(g.queue.front());
            g.queue.pop_front();
        } else {
            b.items.emplace_back(g.taken++, g.config.start);
        }
        observer_.attempt_sent(gi, 0, now);
    }
    const MessageBatchesConfig& batches = config_.api.message_batches;
    engine::RandomStream rng =
        stream(item_entity(gi, g.message_batches_created++), Purpose::message_batches);
    const engine::Time turnaround = engine::from_seconds(std::max(0.0, batches.turnaround_s.sample(rng)));
    b.expired = turnaround > batches.expiry;
    scheduler_.at(engine::later(now, std::min(turnaround, batches.expiry)), {message_batch_done, slot});
    if (g.waiting() > 0) schedule_message_batch_submit(g, now);
}

void World::on_message_batch_done(std::uint32_t slot) {
    MessageBatch& b = message_batches_[slot];
    ClientGroup& g = groups_[static_cast<std::size_t>(b.group)];
    const engine::Time now = scheduler_.now();
    message_batches_api_.finished(static_cast<std::int64_t>(b.items.size()));
    const bool cache_reads_count = server_.pool(g.pool).config().cache_reads_count;
    for (const auto& [item, created] : b.items) {
        if (!b.expired) {  // expired requests are not billed
            const RequestSizes s = item_sizes(b.group, item);
            const AttemptCost cost = attempt_cost(g, s, cache_reads_count);
            server_.bill(cost.usd, now);  // batches count toward the monthly spend cap
            observer_.attempt_answered({b.group, 0, b.created, now, status::ok, false, Dimension::requests, false,
                                        false, g.targets[0].model});
            observer_.attempt_billed({b.group, now, s.input_tokens, s.cache_read_tokens,
                                      s.cache_creation_tokens, s.output_tokens, cost.input_tokens,
                                      cost.usd, false, false, g.targets[0].model});
        }
        observer_.item_finished({b.group, 0, created, now, !b.expired, g.targets[0].model});
    }
    count_finished(g, static_cast<std::int64_t>(b.items.size()));
    b.items.clear();
    free_message_batches_.push_back(slot);
}

}  // namespace ratesim::models
