#pragma once
// The simulated API: routes each attempt to its model's limit pool, answers
// 413 to an oversized request, 529 during incidents, the error rules'
// statuses at random, 429 when a bucket lacks room, and otherwise admits it
// and says how long the answer takes: with a server queue (api.queue), after
// its wait for a free server, or the queue timeout's status if that is longer.
#include <string>
#include <utility>
#include <vector>

#include "models/acceleration_limit.hpp"
#include "models/incidents.hpp"
#include "models/limit_pool.hpp"
#include "models/server_queue.hpp"

namespace ratesim::models {

// The shortest round trip an answer takes, whatever api.latency.round_trip draws.
inline constexpr engine::Time kMinRoundTrip = 1000;  // 1 ms in microseconds

struct ServerAnswer {
    Response response;           // received_at = when the whole answer is in
    bool admitted = false;
    bool never_admissible = false;
    // Streamed output: drawn from OTPM linearly over [generation_start, received_at].
    engine::Time generation_start = 0;
    // A stream that broke off mid-way (response.stream_error, received_at =
    // the break): the output tokens it streamed first, all that the buckets
    // count and the organization is billed for.
    double output_tokens_before_break = 0;
    // With a server queue (api.queue): how long the admitted attempt waited
    // for a server before its service began. The client does not see it.
    engine::Time queue_wait = 0;
};

class Server {
public:
    Server(const ApiConfig& config, engine::RandomStream incidents_rng);

    // The pool a model belongs to, or -1.
    int pool_index(const std::string& model) const;
    // The workspace's narrower pool for the organization's pool `pool`, or
    // -1 when the workspace (empty: the default one) does not narrow it.
    int workspace_pool_index(const std::string& workspace, int pool) const;
    LimitPool& pool(int index) { return pools_[static_cast<std::size_t>(index)]; }
    std::size_t pool_count() const { return config_.pools.size(); }  // the organization's

    // Every attempt draws the same random numbers whatever its fate, so an
    // item's k-th attempt sees the same latency under every strategy.
    // `workspace_pool` (-1: none) must have room too. `midstream_rng` is
    // drawn once per attempt when an incident breaks streams mid-way
    // (IncidentsConfig::any_midstream); without it no stream breaks.
    // `errors_rng` likewise, once per attempt when a pool or incident has
    // error rules (ApiConfig::any_error_rules); without it none apply.
    ServerAnswer answer(int pool, const AttemptCost& cost, engine::Time now,
                        engine::RandomStream& latency_rng, engine::RandomStream& overload_rng,
                        int workspace_pool = -1, engine::RandomStream* midstream_rng = nullptr,
                        engine::RandomStream* errors_rng = nullptr);

    // The admitted attempt's output starts streaming (streamed accounting).
    void begin_generation(int pool, const AttemptCost& cost, engine::Time start, engine::Time end,
                          int workspace_pool = -1);
    // The admitted attempt is complete on the server, whether or not the
    // client still waits for it; it is billed now.
    void complete(int pool, const AttemptCost& cost, engine::Time start, engine::Time end,
                  int workspace_pool = -1);

    // Admitted attempts waiting for a server at `now`, all queues together;
    // -1 without a server queue (api.queue). `now` must not decrease.
    std::int64_t queue_length(engine::Time now);

    // Whether answers carry the rate-limit headers (default yes). A world
    // whose strategies never read them turns them off: the buckets still
    // advance to `now` exactly as computing them would, so no level moves.
    void set_headers_read(bool read) { headers_read_ = read; }

    double spent_this_month(engine::Time now);
    // Whether the monthly spend cap is reached; when the month ends.
    bool spend_capped(engine::Time now);
    engine::Time month_ends(engine::Time now);
    // Bills work done outside the real-time pools (Message Batches).
    void bill(double usd, engine::Time at);

private:
    // The buckets an attempt must fit: its model's pool and its workspace's, if any.
    struct Route {
        int pool_id;
        LimitPool& pool;
        LimitPool* workspace;
    };
    // Where an admitted attempt's time to first token and output speed come
    // from: its pool's models' own latency where set, else the API's.
    struct GenerationDraws {
        const Distribution& first_token_s;
        const Distribution& tokens_per_second;
    };

    Route route(int pool_id, int workspace_pool);
    GenerationDraws generation_draws(const LimitPool& pool) const;
    // Sets `response.headers` from the route's pools at `now`, or, when no
    // one reads them, only advances their buckets to `now`.
    void set_headers(const Route& route, engine::Time now, Response& response);
    // The steps of answer(), in order.
    void refuse_overloaded(const Route& route, const AttemptCost& cost, engine::Time now,
                           ServerAnswer& a);
    void refuse_spend_capped(const Route& route, engine::Time now, ServerAnswer& a);
    void refuse_too_large(const Route& route, engine::Time now, ServerAnswer& a);
    // The error rule (pool's first, then the active incidents') whose share
    // of [0, 1) holds `draw`; nullptr if none.
    const ErrorRule* pick_error(const Route& route, double draw, engine::Time now) const;
    void answer_error(const Route& route, const ErrorRule& rule, engine::Time now, ServerAnswer& a);
    AdmissionDecision check_pools(const Route& route, const AttemptCost& cost, engine::Time now);
    void check_acceleration(int pool_id, engine::Time now, AdmissionDecision& decision);
    void admit(const Route& route, const AttemptCost& cost);
    void refuse_rate_limited(const AdmissionDecision& decision, ServerAnswer& a);
    // `slowdown` multiplies the service time; the first token comes `wait`
    // (in the server queue) after the round trip.
    void time_success(const GenerationDraws& generation, const AttemptCost& cost, double slowdown,
                      engine::Time wait, engine::RandomStream& latency_rng, ServerAnswer& a);
    // The queue of the pool's servers (api.queue.scope); nullptr without one.
    ServerQueue* queue_of(int pool_id);
    void refuse_queue_timeout(ServerAnswer& a);
    // Ends the admitted stream at its break point if an incident's midstream
    // rule catches it (draw < the rule's fraction); returns what is charged.
    AttemptCost break_midstream(const AttemptCost& cost, double draw, ServerAnswer& a);

    void roll_month(engine::Time now);

    ApiConfig config_;
    std::vector<LimitPool> pools_;
    Incidents incidents_;
    // Workspaces' narrower pools, after the organization's in pools_.
    std::vector<std::pair<std::string, int>> workspace_pools_;  // (workspace, org pool) per entry
    std::vector<AccelerationLimit> acceleration_;               // per organization pool
    // api.queue: one per organization pool, or one for all; none without it.
    std::vector<ServerQueue> queues_;
    double spent_ = 0;
    engine::Time month_ends_ = 0;
    bool any_error_rules_ = false;
    bool headers_read_ = true;
};

}  // namespace ratesim::models
