#pragma once
// A client group and its workers: the state the world's processes act on.
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "models/config.hpp"
#include "models/fifo_queue.hpp"
#include "models/limit_pool.hpp"
#include "models/model_catalog.hpp"
#include "models/strategy/strategy.hpp"
#include "sim/engine/random.hpp"
#include "sim/engine/time.hpp"

namespace ratesim::models {

// The sizes of one item's request, drawn once when the item is taken up.
struct RequestSizes {
    double input_tokens = 0;
    double cache_read_tokens = 0;
    double cache_creation_tokens = 0;
    double max_tokens = 0;
    double output_tokens = 0;
};

struct Worker {
    int group = 0;
    std::uint32_t index = 0;      // within the group
    std::uint32_t strategy = 0;   // which of the group's strategy instances
    bool has_item = false;
    bool woken_by_budget = false;  // released from a budget's wait list
    std::int64_t item = 0;
    engine::Time item_created = 0;
    RequestSizes sizes;
    AttemptCost cost;
    // The item's own streams, so its k-th attempt draws the same numbers
    // under every strategy.
    engine::RandomStream latency_rng, overload_rng, jitter_rng, midstream_rng, errors_rng;
    int retries_done = 0;
    double previous_delay_s = 0;
    BudgetTicket budget_ticket;
    int target = 0;          // which of the group's targets the item's next attempt goes to
    int fallbacks_done = 0;  // times the item moved to a fallback model
    int attempts_sent = 0;   // of the item so far: a later one is a retry to pacing and budgets
};

// A model a group may send to: its own (target 0), a route's, a fallback's.
struct ModelTarget {
    int model = 0;            // in the run's models_in_use()
    int pool = 0;
    int workspace_pool = -1;  // the group's workspace's narrower pool, if any
    std::optional<ModelPrices> prices;  // nothing for a model the catalogue lacks
};

struct ClientGroup {
    ClientGroup() = default;
    ClientGroup(ClientGroup&&) = default;
    ClientGroup& operator=(ClientGroup&&) = default;
    ClientGroup(const ClientGroup&) = delete;  // owns strategy instances

    ClientGroupConfig config;
    int pool = 0;
    int workspace_pool = -1;  // the group's workspace's narrower pool, if any
    double price_factor = 1;  // the Message Batches discount
    std::optional<ModelPrices> prices;  // nothing for a model the catalogue lacks
    std::vector<ModelTarget> targets;  // as group_targets() names them; [0] is pool, prices above
    std::vector<double> route_upto;    // targets[i + 1] takes the draws below route_upto[i]
    std::uint32_t first_worker = 0;  // in the world's flat worker list
    std::vector<Strategy> strategies;  // one when shared, else one per worker
    std::vector<FifoQueue<std::uint32_t>> budget_waiters;  // per strategy instance
    std::int64_t created = 0;    // items created so far
    std::int64_t taken = 0;      // fixed items: items handed to workers
    std::int64_t finished = 0;   // succeeded or failed
    bool arrivals_over = false;  // no more items will be created
    std::deque<std::pair<std::int64_t, engine::Time>> queue;  // open loop: (item, created) waiting
    std::deque<std::uint32_t> idle_workers;
    engine::RandomStream arrivals_rng;
    std::int64_t message_batches_created = 0;
    engine::Time message_batch_submit_at = engine::kNever;  // the submit event pending, if any

    // Open loop: items arrive on their own schedule and wait in the queue.
    bool open_loop() const { return config.workload.kind != WorkloadConfig::Kind::fixed_items; }
    bool is_trace() const { return config.workload.kind == WorkloadConfig::Kind::trace; }
    std::int64_t waiting() const { return open_loop() ? static_cast<std::int64_t>(queue.size())
                                                      : created - taken; }
};

}  // namespace ratesim::models
