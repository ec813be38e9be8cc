#include "models/server.hpp"

#include <algorithm>
#include <cmath>

namespace ratesim::models {

namespace {

// Per dimension, the header with less remaining: what a workspace's
// response shows when both its own and the organization's buckets apply.
RateLimitHeaders most_restrictive(const RateLimitHeaders& a, const RateLimitHeaders& b) {
    auto tighter = [](const LimitHeader& x, const LimitHeader& y) {
        if (!x.present) return y;
        if (!y.present) return x;
        return y.remaining < x.remaining ? y : x;
    };
    RateLimitHeaders h;
    for (const Dimension d : kAllDimensions) h[d] = tighter(a[d], b[d]);
    h.combine_tokens();
    return h;
}

}  // namespace

Server::Server(const ApiConfig& config, engine::RandomStream incidents_rng)
    : config_(config), incidents_(config.incidents, incidents_rng) {
    for (const auto& pool : config_.pools) {
        pools_.emplace_back(pool, config_.burst);
        acceleration_.emplace_back(config_.acceleration);
    }
    for (const auto& ws : config_.workspaces)
        for (const auto& narrowed : ws.pools) {
            const int org = pool_index(narrowed.models.empty() ? "" : narrowed.models.front());
            workspace_pools_.emplace_back(ws.name, org);
            pools_.emplace_back(narrowed, config_.burst);
        }
    if (config_.queue.enabled()) {
        const bool per_pool = config_.queue.scope == QueueConfig::Scope::pool;
        queues_.assign(per_pool ? config_.pools.size() : 1, ServerQueue(config_.queue.concurrency));
    }
    spent_ = config_.spent_usd;
    month_ends_ = config_.month_ends_at;
    any_error_rules_ = config_.any_error_rules();
}

int Server::pool_index(const std::string& model) const {
    for (std::size_t i = 0; i < config_.pools.size(); ++i) {
        const auto& models = pools_[i].config().models;
        if (std::find(models.begin(), models.end(), model) != models.end())
            return static_cast<int>(i);
    }
    return -1;
}

int Server::workspace_pool_index(const std::string& workspace, int pool) const {
    for (std::size_t i = 0; i < workspace_pools_.size(); ++i)
        if (workspace_pools_[i].first == workspace && workspace_pools_[i].second == pool)
            return static_cast<int>(config_.pools.size() + i);
    return -1;
}

void Server::roll_month(engine::Time now) {
    constexpr engine::Time kMonth = engine::seconds(30 * 86400);
    while (now >= month_ends_) {
        spent_ = 0;
        month_ends_ = engine::later(month_ends_, kMonth);
    }
}

double Server::spent_this_month(engine::Time now) {
    roll_month(now);
    return spent_;
}

bool Server::spend_capped(engine::Time now) {
    return config_.spend_cap_usd && spent_this_month(now) >= *config_.spend_cap_usd;
}

engine::Time Server::month_ends(engine::Time now) {
    roll_month(now);
    return month_ends_;
}

void Server::bill(double usd, engine::Time at) {
    roll_month(at);
    spent_ += usd;
}

ServerAnswer Server::answer(int pool_id, const AttemptCost& cost, engine::Time now,
                            engine::RandomStream& latency_rng, engine::RandomStream& overload_rng,
                            int workspace_pool, engine::RandomStream* midstream_rng,
                            engine::RandomStream* errors_rng) {
    const Route r = route(pool_id, workspace_pool);
    const GenerationDraws generation = generation_draws(r.pool);
    const double round_trip = std::max(0.0, config_.latency.round_trip_s.sample(latency_rng));
    const double overload_draw = overload_rng.uniform();
    // 2: no stream breaks (every rule's fraction is at most 1).
    const double midstream_draw =
        midstream_rng && config_.incidents.any_midstream() ? midstream_rng->uniform() : 2.0;
    // 2: no error rule applies (their shares add up to at most 1).
    const double error_draw = errors_rng && any_error_rules_ ? errors_rng->uniform() : 2.0;

    ServerAnswer a;
    a.response.sent_at = now;
    // At least 1 ms, as over any real network: a shorter one lets an
    // immediate retry spin through billions of attempts (at 0 the clock would
    // not move at all).
    a.response.received_at =
        engine::later(now, std::max<engine::Time>(kMinRoundTrip, engine::from_seconds(round_trip)));

    const double overload = incidents_.overload_at(now);
    const auto& size_limit = r.pool.config().max_request_tokens;
    const ErrorRule* error = error_draw < 1 ? pick_error(r, error_draw, now) : nullptr;
    if (size_limit && cost.input_tokens > *size_limit) {
        refuse_too_large(r, now, a);
    } else if (overload_draw < overload) {
        refuse_overloaded(r, cost, now, a);
    } else if (spend_capped(now)) {
        refuse_spend_capped(r, now, a);
    } else if (error) {
        answer_error(r, *error, now, a);
    } else {
        AdmissionDecision decision = check_pools(r, cost, now);
        if (decision.admitted) check_acceleration(pool_id, now, decision);
        ServerQueue* queue = decision.admitted ? queue_of(pool_id) : nullptr;
        const engine::Time wait = queue ? queue->wait(now) : 0;
        const bool queue_timeout = queue && wait > config_.queue.timeout;
        if (decision.admitted && !queue_timeout) {
            const engine::Time arrived = a.response.received_at;  // the round trip is counted first
            const double slowdown =
                (overload > 0 ? config_.incidents.latency_factor : 1.0) * incidents_.slowdown_at(now);
            time_success(generation, cost, slowdown, wait, latency_rng, a);
            admit(r, break_midstream(cost, midstream_draw, a));
            // The server is busy from the attempt's start to its last token (or the break).
            if (queue) queue->take(now, now + (a.response.received_at - arrived));
            a.queue_wait = wait;
            set_headers(r, now, a.response);
            return a;
        }
        set_headers(r, now, a.response);
        if (queue_timeout)
            refuse_queue_timeout(a);
        else
            refuse_rate_limited(decision, a);
    }
    // Time to first token and output speed matter only to an admitted
    // attempt; a refused one skips their draws, which moves the stream the
    // same way at less cost.
    generation.first_token_s.skip(latency_rng);
    generation.tokens_per_second.skip(latency_rng);
    return a;
}

Server::Route Server::route(int pool_id, int workspace_pool) {
    return {pool_id, pools_[static_cast<std::size_t>(pool_id)],
            workspace_pool >= 0 ? &pools_[static_cast<std::size_t>(workspace_pool)] : nullptr};
}

Server::GenerationDraws Server::generation_draws(const LimitPool& pool) const {
    const PoolConfig& own = pool.config();
    const LatencyConfig& api = config_.latency;
    return {own.time_to_first_token_s ? *own.time_to_first_token_s : api.time_to_first_token_s,
            own.output_tokens_per_second ? *own.output_tokens_per_second
                                         : api.output_tokens_per_second};
}

void Server::set_headers(const Route& r, engine::Time now, Response& response) {
    if (!headers_read_) {
        if (r.workspace) r.workspace->advance(now);
        r.pool.advance(now);
        return;
    }
    response.headers = r.workspace ? most_restrictive(r.workspace->headers(now), r.pool.headers(now))
                                   : r.pool.headers(now);
}

void Server::refuse_overloaded(const Route& r, const AttemptCost& cost, engine::Time now,
                               ServerAnswer& a) {
    if (config_.incidents.consumes_budget) {
        AttemptCost charged = cost;
        charged.max_tokens = 0;  // nothing is generated: nothing reserved or promised
        charged.output_tokens = 0;
        r.pool.try_admit(charged, now);
        if (r.workspace) r.workspace->try_admit(charged, now);
    }
    a.response.status = status::overloaded;
    a.response.retry_after = config_.incidents.retry_after;
    a.response.should_retry = config_.incidents.should_retry;
    set_headers(r, now, a.response);
}

void Server::refuse_spend_capped(const Route& r, engine::Time now, ServerAnswer& a) {
    a.response.status = status::rate_limited;  // no retry-after until the month ends
    a.response.spend_limit = true;
    set_headers(r, now, a.response);
}

void Server::refuse_too_large(const Route& r, engine::Time now, ServerAnswer& a) {
    a.response.status = status::request_too_large;  // never admitted, whatever the buckets hold
    set_headers(r, now, a.response);
}

const ErrorRule* Server::pick_error(const Route& r, double draw, engine::Time now) const {
    double upto = 0;
    const ErrorRule* picked = nullptr;
    auto walk = [&](const std::vector<ErrorRule>& rules) {
        for (const ErrorRule& rule : rules) {
            if (picked) return;
            upto += rule.rate;
            if (draw < upto) picked = &rule;
        }
    };
    walk(r.pool.config().errors);
    incidents_.for_each_active_errors(now, walk);
    return picked;
}

void Server::answer_error(const Route& r, const ErrorRule& rule, engine::Time now, ServerAnswer& a) {
    a.response.status = rule.status;
    a.response.should_retry = rule.should_retry;
    if (rule.retry_after != engine::kNever) {
        a.response.retry_after_ms = rule.retry_after;
        a.response.retry_after =  // retry-after carries whole seconds, rounded up
            engine::seconds((rule.retry_after + engine::seconds(1) - 1) / engine::seconds(1));
    }
    set_headers(r, now, a.response);
}

AdmissionDecision Server::check_pools(const Route& r, const AttemptCost& cost, engine::Time now) {
    AdmissionDecision decision = r.pool.check(cost, now);
    if (r.workspace) {  // both must admit; a 429 names the longer wait
        const AdmissionDecision own = r.workspace->check(cost, now);
        decision.never_admissible |= own.never_admissible;
        if (!own.admitted && (decision.admitted || own.retry_after > decision.retry_after)) {
            decision.exceeded = own.exceeded;
            decision.retry_after = own.retry_after;
        }
        decision.admitted &= own.admitted;
    }
    return decision;
}

void Server::check_acceleration(int pool_id, engine::Time now, AdmissionDecision& decision) {
    const engine::Time wait = acceleration_[static_cast<std::size_t>(pool_id)].wait(now);
    if (wait <= 0) return;
    decision.admitted = false;
    decision.exceeded = Dimension::requests;
    decision.retry_after =
        engine::seconds((wait + engine::seconds(1) - 1) / engine::seconds(1));  // whole seconds, up
}

void Server::admit(const Route& r, const AttemptCost& cost) {
    r.pool.charge(cost);
    if (r.workspace) r.workspace->charge(cost);
    acceleration_[static_cast<std::size_t>(r.pool_id)].admitted();
}

void Server::refuse_rate_limited(const AdmissionDecision& decision, ServerAnswer& a) {
    a.response.status = status::rate_limited;
    a.response.retry_after = decision.retry_after;
    a.response.exceeded = decision.exceeded;
    a.never_admissible = decision.never_admissible;
}

void Server::time_success(const GenerationDraws& generation, const AttemptCost& cost,
                          double slowdown, engine::Time wait, engine::RandomStream& latency_rng,
                          ServerAnswer& a) {
    const double first_token = std::max(0.0, generation.first_token_s.sample(latency_rng));
    const double tokens_per_second = generation.tokens_per_second.sample(latency_rng);
    const double generation_s =
        tokens_per_second > 0 ? cost.output_tokens / tokens_per_second : 0.0;
    a.admitted = true;
    a.response.status = status::ok;
    a.generation_start =
        engine::after_seconds(engine::later(a.response.received_at, wait), first_token * slowdown);
    a.response.received_at = engine::after_seconds(a.generation_start, generation_s * slowdown);
}

ServerQueue* Server::queue_of(int pool_id) {
    if (queues_.empty()) return nullptr;
    const bool shared = config_.queue.scope == QueueConfig::Scope::organization;
    return &queues_[shared ? 0 : static_cast<std::size_t>(pool_id)];
}

void Server::refuse_queue_timeout(ServerAnswer& a) {
    // overloaded_error or timeout_error, once it has waited the timeout; nothing is charged
    a.response.status = config_.queue.timeout_status;
    a.response.received_at = engine::later(a.response.received_at, config_.queue.timeout);
}

std::int64_t Server::queue_length(engine::Time now) {
    if (queues_.empty()) return -1;
    std::int64_t n = 0;
    for (ServerQueue& q : queues_) n += q.waiting(now);
    return n;
}

AttemptCost Server::break_midstream(const AttemptCost& cost, double draw, ServerAnswer& a) {
    if (draw > 1 || cost.output_tokens < 1) return cost;
    const engine::Time start = a.generation_start, end = a.response.received_at;
    const MidstreamConfig rule = incidents_.midstream_for(start, end);
    if (!(draw < rule.fraction)) return cost;
    AttemptCost charged = cost;
    charged.output_tokens = std::floor(rule.after * cost.output_tokens);
    a.output_tokens_before_break = charged.output_tokens;
    a.response.stream_error = true;
    a.response.received_at = midstream_break(start, end, rule.after);
    return charged;
}

void Server::begin_generation(int pool_id, const AttemptCost& cost, engine::Time start,
                              engine::Time end, int workspace_pool) {
    for (const int id : {pool_id, workspace_pool}) {
        if (id < 0) continue;
        LimitPool& pool = pools_[static_cast<std::size_t>(id)];
        if (pool.output_accounting() == OutputAccounting::streamed)
            pool.begin_output(cost.output_tokens, engine::to_seconds(end - start), start);
    }
}

void Server::complete(int pool_id, const AttemptCost& cost, engine::Time start, engine::Time end,
                      int workspace_pool) {
    bill(cost.usd, end);
    for (const int id : {pool_id, workspace_pool}) {
        if (id < 0) continue;
        LimitPool& pool = pools_[static_cast<std::size_t>(id)];
        if (pool.output_accounting() == OutputAccounting::streamed)
            pool.end_output(cost.output_tokens, engine::to_seconds(end - start), end);
        else
            pool.settle_reservation(cost, end);
    }
}

}  // namespace ratesim::models
