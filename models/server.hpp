#pragma once
// The simulated API: routes each attempt to its model's limit pool, answers
// 529 during capacity incidents, 429 when a bucket lacks room, and otherwise
// admits it and says how long the answer takes.
#include <string>
#include <vector>

#include "models/capacity.hpp"
#include "models/limit_pool.hpp"

namespace ratesim::models {

struct ServerAnswer {
    Response response;           // received_at = when the whole answer is in
    bool admitted = false;
    bool never_admissible = false;
    // Streamed output: drawn from OTPM linearly over [generation_start, received_at].
    sim::Time generation_start = 0;
};

class Server {
public:
    Server(const ApiConfig& config, sim::RandomStream incidents_rng);

    // The pool a model belongs to, or -1.
    int pool_index(const std::string& model) const;
    LimitPool& pool(int index) { return pools_[static_cast<std::size_t>(index)]; }
    std::size_t pool_count() const { return pools_.size(); }

    // Every attempt draws the same random numbers whatever its fate, so an
    // item's k-th attempt sees the same latency under every strategy.
    ServerAnswer answer(int pool, const AttemptCost& cost, sim::Time now,
                        sim::RandomStream& latency_rng, sim::RandomStream& overload_rng);

    // The admitted attempt's output starts streaming (streamed accounting).
    void begin_generation(int pool, const AttemptCost& cost, sim::Time start, sim::Time end);
    // The admitted attempt is complete on the server, whether or not the
    // client still waits for it.
    void complete(int pool, const AttemptCost& cost, sim::Time start, sim::Time end);

private:
    ApiConfig config_;
    std::vector<LimitPool> pools_;
    Capacity capacity_;
};

}  // namespace ratesim::models
