#pragma once
// The simulated world: one organization's API server and its client groups.
// Each worker runs the same process: take an item, ask pacing and budget,
// send, then finish the item or back off and try again.
#include <cstdint>
#include <string>
#include <vector>

#include "models/message_batches_api.hpp"
#include "models/client_group.hpp"
#include "models/observer.hpp"
#include "models/server.hpp"
#include "models/stream_purposes.hpp"
#include "sim/engine/scheduler.hpp"

namespace ratesim::models {

struct WorldConfig {
    ApiConfig api;
    std::vector<ClientGroupConfig> groups;
    std::uint64_t seed = 1;
    std::uint64_t replication = 0;
    engine::Time sample_every = 0;  // 0: no periodic samples
    // Open-loop groups (poisson, trace) create no item after this time: the
    // arrival window. The world then runs until every item that arrived is
    // finished (the caller caps how long: the drain limit).
    engine::Time arrivals_until = engine::kNever;
    // At most this many open-loop items wait for a worker in one group; one
    // more throws WaitingLimitReached (0: no cap). The memory budget sets it.
    std::int64_t max_waiting_items = 0;
    // Shortcuts that change no output (FIFO lanes in the event queue for
    // events already in time order; rate-limit headers only where a strategy
    // reads them); false runs without them, the reference
    // the identity test (tests/test_fast_path_identity.cpp) compares against.
    bool fast_paths = true;
};

// An open-loop group's waiting items passed WorldConfig::max_waiting_items.
struct WaitingLimitReached {
    int group;
    std::int64_t waiting;
    engine::Time at;
};

// What one group still owed when the run stopped.
struct ItemsLeft {
    std::int64_t in_progress = 0;  // taken up by a worker (sent, or waiting to retry), not finished
    std::int64_t unserved = 0;     // created (arrived) but never taken up
};

class World {
public:
    World(const WorldConfig& config, engine::Scheduler& scheduler, Observer& observer);

    // Schedules the groups' starts, the first arrivals and the samples.
    void start();
    // Run-loop interface.
    void handle(const engine::Event& event);
    // Until every group's arrivals are over and its items finished.
    bool keep_running() const { return unfinished_groups_ > 0; }

    // At the end of a run: bills the attempts whose clients timed out but
    // that the server is still generating (they will be billed, and are
    // wasted), so a run that stops first does not undercount wasted_usd.
    void bill_abandoned();

    // Items not yet finished (never taken, queued, or in progress).
    std::int64_t pending_items() const;
    // Per group, in the configuration's order.
    std::vector<ItemsLeft> items_left() const;
    std::int64_t items_created() const;
    const std::vector<ClientGroup>& groups() const { return groups_; }
    // The models of the run (models_in_use()), as observations number them.
    const std::vector<std::string>& models() const { return models_; }

private:
    enum Kind : std::uint32_t { group_start, wake, generation_start, answer, client_timeout, arrival, sample,
                                message_batch_submit, message_batch_done, arrivals_end };

    // A Message Batch in the processing queue.
    struct MessageBatch {
        int group = 0;
        std::vector<std::pair<std::int64_t, engine::Time>> items;  // (item, created)
        engine::Time created = 0;
        bool expired = false;
    };

    struct Attempt {
        std::uint32_t worker = 0;
        int pool = 0;
        int workspace_pool = -1;
        int model = 0;  // in models_
        AttemptCost cost;
        RequestSizes sizes;
        ServerAnswer answer;
        bool client_waiting = true;
        bool in_use = false;
    };

    // The worker process.
    void on_wake(Worker& w);
    bool take_item(Worker& w);
    void try_send(Worker& w);
    SendIntent send_intent(const Worker& w, engine::Time now) const;
    void send(Worker& w, Strategy& s, const SendIntent& intent);
    void on_attempt_over(Worker& w, const Response& response, bool never_admissible);
    void finish_item(Worker& w, bool succeeded);
    void count_finished(ClientGroup& g, std::int64_t items);
    void end_arrivals(ClientGroup& g);
    void release_budget(Worker& w, Strategy& s, const Response& response);
    void wake_next_waiter(const Worker& w);

    // Server-side and group-side events.
    void on_answer(std::uint32_t slot);
    void on_client_timeout(std::uint32_t slot);
    void on_group_start(ClientGroup& g);
    void on_arrival(ClientGroup& g);
    void schedule_next_arrival(ClientGroup& g);
    void on_sample();

    void start_item(Worker& w, std::int64_t item, engine::Time created);
    RequestSizes item_sizes(int group, std::int64_t item) const;
    // The item's attempt cost at its current target's prices and pool.
    AttemptCost target_cost(const ClientGroup& g, const Worker& w);

    // Groups that send Message Batches (world_message_batches.cpp).
    // An open-loop group sends a partial Message Batch once its oldest item has waited this long.
    static constexpr engine::Time kPartialMessageBatchWait = engine::seconds(60);
    bool sends_message_batches(const ClientGroup& g) const { return g.config.message_batch_size > 0; }
    void on_message_batch_submit(ClientGroup& g);
    void on_message_batch_done(std::uint32_t slot);
    void schedule_message_batch_submit(ClientGroup& g, engine::Time at);
    void wake_soon(std::uint32_t worker, engine::Time at);
    std::uint32_t new_attempt();
    Strategy& strategy_of(const Worker& w) { return groups_[w.group].strategies[w.strategy]; }
    int group_index(const ClientGroup& g) const { return static_cast<int>(&g - groups_.data()); }
    // Whether some group's strategy reads the rate-limit headers.
    bool any_reads_headers() const;
    std::uint64_t item_entity(int group, std::int64_t item) const;
    engine::RandomStream stream(std::uint64_t entity, Purpose purpose) const {
        return random_stream(config_.seed, config_.replication, entity, purpose);
    }

    WorldConfig config_;
    engine::Scheduler& scheduler_;
    Observer& observer_;
    Server server_;
    std::vector<ClientGroup> groups_;
    std::vector<Worker> workers_;
    std::vector<Attempt> attempts_;
    std::vector<std::uint32_t> free_attempts_;
    MessageBatchesApi message_batches_api_;
    std::vector<MessageBatch> message_batches_;
    std::vector<std::uint32_t> free_message_batches_;
    std::vector<std::string> models_;
    std::int64_t in_flight_ = 0;
    int unfinished_groups_ = 0;  // arrivals not over, or items not finished
    // FIFO lanes (engine::EventQueue) for events pushed already in time
    // order: answers that the server refused (now + the round trip) and
    // wakes at now. kHeap when config_.fast_paths is off.
    engine::Lane refused_lane_ = engine::kHeap;
    engine::Lane now_lane_ = engine::kHeap;
    WorldSample sample_;
};

}  // namespace ratesim::models
