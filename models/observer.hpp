#pragma once
// What the simulated world reports as it runs. Models only emit these
// observations; sinks (metrics, time series) decide what is recorded.
#include <cstdint>
#include <vector>

#include "models/response.hpp"

namespace ratesim::models {

struct AttemptObservation {
    int group = 0;
    std::uint32_t worker = 0;  // index within the group
    engine::Time sent_at = 0;
    engine::Time answered_at = 0;  // when the client got the answer or gave up
    int status = status::ok;    // status::client_timeout when the client gave up
    bool never_admissible = false;
    Dimension exceeded = Dimension::requests;  // the limit a 429 names
    bool spend_limit = false;  // a 429 enforced_spend_limit_reached
    bool stream_error = false;  // a 200 stream that broke off with overloaded_error
    int model = 0;  // which model answered: an index into models_in_use() (routing_targets.hpp)
};

// Tokens an admitted attempt was billed for, once the server finished it.
struct BilledObservation {
    int group = 0;
    engine::Time at = 0;
    double input_tokens = 0;
    double cache_read_tokens = 0;
    double cache_creation_tokens = 0;
    double output_tokens = 0;
    double counted_input_tokens = 0;  // what the pool's ITPM counted
    double usd = 0;  // the price billed (0 for a model the catalogue lacks)
    bool client_gave_up = false;  // the client had timed out: tokens wasted
    bool stream_broken = false;   // the stream broke off mid-way: tokens wasted
    int model = 0;  // the model billed, as in AttemptObservation
};

struct ItemObservation {
    int group = 0;
    std::uint32_t worker = 0;
    engine::Time created_at = 0;
    engine::Time finished_at = 0;
    bool succeeded = false;
    int model = 0;  // the model its last attempt went to, as in AttemptObservation
};

// A periodic snapshot of state that is not an event: what is in flight or
// queued, and each pool's bucket levels as a fraction of capacity (NaN where
// a dimension is not limited).
struct WorldSample {
    engine::Time at = 0;
    std::int64_t in_flight = 0;
    std::int64_t queued = 0;
    std::int64_t server_queue = -1;  // admitted attempts waiting for a server; -1: no api.queue
    std::vector<double> bucket_fill;  // pool-major: pool * 3 + dimension
};

class Observer {
public:
    virtual ~Observer() = default;
    virtual void items_created(int group, engine::Time at, std::int64_t count) = 0;
    virtual void attempt_sent(int group, std::uint32_t worker, engine::Time at) = 0;
    virtual void attempt_answered(const AttemptObservation& attempt) = 0;
    virtual void attempt_billed(const BilledObservation& billed) = 0;
    virtual void item_finished(const ItemObservation& item) = 0;
    virtual void sample(const WorldSample& sample) = 0;
};

}  // namespace ratesim::models
