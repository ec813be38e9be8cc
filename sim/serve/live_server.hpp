#pragma once
// The simulator's own server model (models::Server) on the wall clock, shared
// by every HTTP worker thread of `ratesim serve`.
//
// Simulated time is wall time since the server started, one microsecond per
// microsecond, read from the steady clock inside one mutex: every call into
// the model happens under that lock, in nondecreasing simulated time, as the
// model's incidents and buckets require. What a discrete-event run does with
// events (output starting to stream, an answer completing and being billed)
// is kept here as a queue of due times, and played into the model, in time
// order, before anything later is asked of it. No limit is computed here:
// admission, retry-after, headers and latency all come from models::Server.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "models/model_catalog.hpp"
#include "models/observer.hpp"
#include "models/server.hpp"
#include "models/stream_purposes.hpp"
#include "sim/scenario/scenario.hpp"

namespace ratesim::serve {

// What one request asks of the model.
struct LiveRequest {
    std::string model;
    std::string workspace;  // "" = the organization's default
    double input_tokens = 0;
    double max_tokens = 0;
};

// The model's answer to one request, in simulated time (µs since start).
struct LiveAnswer {
    std::uint64_t sequence = 0;  // the request's number, from 0: its random streams' entity
    models::ServerAnswer answer;
    double output_tokens = 0;  // admitted: what it generates (the group's draw, capped by max_tokens)
    double usd = 0;            // admitted: what it is billed
    bool midstream_error = false;  // admitted stream that breaks off with overloaded_error
    // Where it breaks, as a share of output_tokens: half way under
    // serve.midstream_overload; at its end (output_tokens are then only what
    // it streamed) when an incident's midstream rule broke it in the model.
    double break_after = 0.5;
};

class LiveServer {
public:
    explicit LiveServer(const scenario::ScenarioConfig& scenario);

    // The organization's pool that serves `model`, or -1 (an unknown model).
    int pool_of(const std::string& model) const;
    // Simulated time now: wall time since construction, in µs.
    engine::Time now() const;
    // The steady-clock instant of simulated time `t`, to sleep until.
    std::chrono::steady_clock::time_point wall_time(engine::Time t) const {
        return start_ + std::chrono::microseconds(t);
    }

    // Admits or refuses a request of a known model (pool_of >= 0) now.
    LiveAnswer answer(const LiveRequest& request);
    // Bucket levels of every organization pool and the answers in flight, now.
    models::WorldSample sample();
    // Every pool's name, in the order sample() gives them.
    std::vector<std::string> pool_names() const;

private:
    // Something that happens to an admitted request later: its output
    // starts streaming (streamed accounting), or it is complete and billed.
    struct Due {
        engine::Time at = 0;
        bool completes = false;
        int pool = 0, workspace_pool = -1;
        models::AttemptCost cost;
        engine::Time start = 0, end = 0;
        bool operator>(const Due& o) const { return at > o.at || (at == o.at && completes > o.completes); }
    };
    engine::Time locked_now();  // under mu_: never before the last time the model saw
    void play_due(engine::Time now);
    engine::RandomStream stream(std::uint64_t entity, models::Purpose purpose) const;

    const scenario::ScenarioConfig& scenario_;
    const models::ClientGroupConfig& group_;
    std::chrono::steady_clock::time_point start_;
    std::mutex mu_;
    models::Server server_;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
    std::int64_t in_flight_ = 0;
    std::uint64_t next_sequence_ = 0;
    engine::Time last_ = 0;
};

}  // namespace ratesim::serve
