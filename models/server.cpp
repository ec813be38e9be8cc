#include "models/server.hpp"

#include <algorithm>

namespace ratesim::models {

Server::Server(const ApiConfig& config, sim::RandomStream incidents_rng)
    : config_(config), capacity_(config.capacity, incidents_rng) {
    for (const auto& pool : config_.pools) pools_.emplace_back(pool, config_.burst);
}

int Server::pool_index(const std::string& model) const {
    for (std::size_t i = 0; i < pools_.size(); ++i) {
        const auto& models = pools_[i].config().models;
        if (std::find(models.begin(), models.end(), model) != models.end())
            return static_cast<int>(i);
    }
    return -1;
}

ServerAnswer Server::answer(int pool_id, const AttemptCost& cost, sim::Time now,
                            sim::RandomStream& latency_rng, sim::RandomStream& overload_rng) {
    const auto& latency = config_.latency;
    const double round_trip = std::max(0.0, latency.round_trip_s.sample(latency_rng));
    // Time to first token and output speed matter only to an admitted
    // attempt; a refused one skips their draws, which moves the stream the
    // same way at less cost.
    const auto skip_generation_draws = [&] {
        latency.time_to_first_token_s.skip(latency_rng);
        latency.output_tokens_per_second.skip(latency_rng);
    };
    const double overload_draw = overload_rng.uniform();

    LimitPool& pool = pools_[static_cast<std::size_t>(pool_id)];
    ServerAnswer a;
    a.response.sent_at = now;
    // At least 1 us: an answer at the instant of its request would let an
    // immediate retry loop forever without the clock moving.
    a.response.received_at = sim::later(now, std::max<sim::Time>(1, sim::from_seconds(round_trip)));

    const double overload = capacity_.overload_at(now);
    if (overload_draw < overload) {
        if (config_.capacity.consumes_budget) {
            AttemptCost charged = cost;
            charged.max_tokens = 0;  // nothing is generated: nothing reserved or promised
            charged.output_tokens = 0;
            pool.try_admit(charged, now);
        }
        a.response.status = status::overloaded;
        a.response.retry_after = config_.capacity.retry_after;
        a.response.headers = pool.headers(now);
        skip_generation_draws();
        return a;
    }

    const AdmissionDecision decision = pool.try_admit(cost, now);
    a.response.headers = pool.headers(now);
    if (!decision.admitted) {
        a.response.status = status::rate_limited;
        a.response.retry_after = decision.retry_after;
        a.response.exceeded = decision.exceeded;
        a.never_admissible = decision.never_admissible;
        skip_generation_draws();
        return a;
    }
    const double first_token = std::max(0.0, latency.time_to_first_token_s.sample(latency_rng));
    const double tokens_per_second = latency.output_tokens_per_second.sample(latency_rng);
    const double slowdown = overload > 0 ? config_.capacity.latency_factor : 1.0;
    const double generation =
        tokens_per_second > 0 ? cost.output_tokens / tokens_per_second : 0.0;
    a.admitted = true;
    a.response.status = status::ok;
    a.generation_start = sim::after_seconds(a.response.received_at, first_token * slowdown);
    a.response.received_at = sim::after_seconds(a.generation_start, generation * slowdown);
    return a;
}

void Server::begin_generation(int pool_id, const AttemptCost& cost, sim::Time start,
                              sim::Time end) {
    LimitPool& pool = pools_[static_cast<std::size_t>(pool_id)];
    if (pool.output_accounting() == OutputAccounting::streamed)
        pool.begin_output(cost.output_tokens, sim::to_seconds(end - start), start);
}

void Server::complete(int pool_id, const AttemptCost& cost, sim::Time start, sim::Time end) {
    LimitPool& pool = pools_[static_cast<std::size_t>(pool_id)];
    if (pool.output_accounting() == OutputAccounting::streamed)
        pool.end_output(cost.output_tokens, sim::to_seconds(end - start), end);
    else
        pool.settle_reservation(cost, end);
}

}  // namespace ratesim::models
