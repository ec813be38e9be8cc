#include "models/world.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "models/billing.hpp"
#include "models/routing_targets.hpp"
#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

double whole_tokens(double x) { return std::max(0.0, std::round(x)); }

RequestSizes draw_sizes(const RequestShapeConfig& shape, engine::RandomStream& rng) {
    RequestSizes s;
    s.input_tokens = whole_tokens(shape.input_tokens.sample(rng));
    s.cache_read_tokens = whole_tokens(shape.cache_read_tokens.sample(rng));
    s.cache_creation_tokens = whole_tokens(shape.cache_creation_tokens.sample(rng));
    s.max_tokens = whole_tokens(shape.max_tokens.sample(rng));
    // The API stops generating at max_tokens.
    s.output_tokens = std::min(whole_tokens(shape.output_tokens.sample(rng)), s.max_tokens);
    return s;
}

}  // namespace

World::World(const WorldConfig& config, engine::Scheduler& scheduler, Observer& observer)
    : config_(config),
      scheduler_(scheduler),
      observer_(observer),
      server_(config_.api, stream(0, Purpose::incidents)),
      message_batches_api_(config_.api.message_batches, config_.api.burst),
      models_(models_in_use(config_.groups)) {
    for (std::size_t gi = 0; gi < config_.groups.size(); ++gi) {
        const ClientGroupConfig& gc = config_.groups[gi];
        ClientGroup g;
        g.config = gc;
        g.pool = server_.pool_index(gc.request.model);
        if (g.pool < 0) throw std::invalid_argument("model in no pool: " + gc.request.model);
        g.workspace_pool = server_.workspace_pool_index(gc.workspace, g.pool);
        g.prices = prices_for(gc.request.model);
        if (g.prices && gc.request.cache_ttl_1h) g.prices->cache_write = g.prices->cache_write_1h;
        if (gc.message_batch_size > 0) g.price_factor = config_.api.message_batches.price_factor;
        const std::vector<std::string> names = group_targets(gc);
        for (const std::string& name : names) {
            ModelTarget t;
            t.model = index_of(models_, name);
            t.pool = server_.pool_index(name);
            if (t.pool < 0) throw std::invalid_argument("model in no pool: " + name);
            t.workspace_pool = server_.workspace_pool_index(gc.workspace, t.pool);
            t.prices = prices_for(name);
            if (t.prices && gc.request.cache_ttl_1h) t.prices->cache_write = t.prices->cache_write_1h;
            g.targets.push_back(t);
        }
        double upto = 0;
        for (const RouteShare& r : gc.route) g.route_upto.push_back(upto += r.share);
        std::vector<int> fallbacks;
        for (const std::string& f : gc.strategy.routing.fallbacks) fallbacks.push_back(index_of(names, f));
        g.first_worker = static_cast<std::uint32_t>(workers_.size());
        g.arrivals_rng = stream(gi, Purpose::arrivals);
        const bool shared = gc.coordination == Coordination::shared;
        const auto instances = shared ? 1 : static_cast<std::size_t>(gc.workers);
        for (std::size_t i = 0; i < instances; ++i) {
            g.strategies.push_back(build_strategy(gc.strategy));
            if (gc.strategy.routing.enabled())
                g.strategies.back().routing = std::make_unique<Routing>(
                    gc.strategy.routing, fallbacks, static_cast<int>(names.size()));
        }
        g.budget_waiters.resize(instances);
        for (std::int64_t i = 0; i < gc.workers; ++i) {
            Worker w;
            w.group = static_cast<int>(gi);
            w.index = static_cast<std::uint32_t>(i);
            w.strategy = shared ? 0 : static_cast<std::uint32_t>(i);
            workers_.push_back(w);
        }
        ++unfinished_groups_;
        groups_.push_back(std::move(g));
    }
    sample_.bucket_fill.assign(server_.pool_count() * kDimensions, 0.0);
    if (config_.fast_paths) {
        server_.set_headers_read(any_reads_headers());
        refused_lane_ = scheduler_.add_lane();
        now_lane_ = scheduler_.add_lane();
    }
}

std::uint64_t World::item_entity(int group, std::int64_t item) const {
    return (static_cast<std::uint64_t>(group) << 40) | static_cast<std::uint64_t>(item);
}

bool World::any_reads_headers() const {
    for (const ClientGroup& g : groups_)
        for (const Strategy& s : g.strategies)
            if (s.reads_headers) return true;
    return false;
}

void World::start() {
    for (std::size_t gi = 0; gi < groups_.size(); ++gi)
        scheduler_.at(groups_[gi].config.start, {group_start, static_cast<std::uint32_t>(gi)});
    if (config_.sample_every > 0) scheduler_.at(config_.sample_every, {sample});
}

void World::handle(const engine::Event& e) {
    switch (e.kind) {
        case group_start: on_group_start(groups_[e.target]); break;
        case wake: on_wake(workers_[e.target]); break;
        case generation_start: {
            const Attempt& a = attempts_[e.target];
            server_.begin_generation(a.pool, a.cost, a.answer.generation_start,
                                     a.answer.response.received_at, a.workspace_pool);
            break;
        }
        case answer: on_answer(e.target); break;
        case client_timeout: on_client_timeout(e.target); break;
        case arrival: on_arrival(groups_[e.target]); break;
        case sample: on_sample(); break;
        case message_batch_submit: on_message_batch_submit(groups_[e.target]); break;
        case message_batch_done: on_message_batch_done(e.target); break;
        case arrivals_end: end_arrivals(groups_[e.target]); break;
    }
}

// ---- the worker process -------------------------------------------------

void World::on_wake(Worker& w) {
    if (!w.has_item && !take_item(w)) return;
    try_send(w);
}

bool World::take_item(Worker& w) {
    ClientGroup& g = groups_[w.group];
    if (g.open_loop()) {
        if (g.queue.empty()) {
            g.idle_workers.push_back(g.first_worker + w.index);
            return false;
        }
        const auto [item, created] = g.queue.front();
        g.queue.pop_front();
        start_item(w, item, created);
        return true;
    }
    if (g.taken >= g.created) return false;  // the items are used up: this worker is done
    start_item(w, g.taken++, g.config.start);
    return true;
}

RequestSizes World::item_sizes(int group, std::int64_t item) const {
    const ClientGroup& g = groups_[static_cast<std::size_t>(group)];
    engine::RandomStream sizes_rng = stream(item_entity(group, item), Purpose::sizes);
    RequestSizes sizes = draw_sizes(g.config.request, sizes_rng);
    if (g.is_trace()) {  // the trace's own token counts; max_tokens covers what it generated
        const TraceRow& row = (*g.config.workload.trace)[static_cast<std::size_t>(item)];
        sizes.input_tokens = row.input_tokens;
        sizes.output_tokens = row.output_tokens;
        sizes.max_tokens = std::max(sizes.max_tokens, sizes.output_tokens);
    }
    return sizes;
}

void World::start_item(Worker& w, std::int64_t item, engine::Time created) {
    const ClientGroup& g = groups_[w.group];
    const std::uint64_t entity = item_entity(w.group, item);
    w.has_item = true;
    w.item = item;
    w.item_created = created;
    w.sizes = item_sizes(w.group, item);
    w.target = 0;
    if (!g.route_upto.empty()) {  // its own stream: groups without a route draw as before
        engine::RandomStream route_rng = stream(entity, Purpose::routing);
        const double u = route_rng.uniform();
        for (std::size_t i = 0; i < g.route_upto.size(); ++i)
            if (u < g.route_upto[i]) {
                w.target = static_cast<int>(i + 1);
                break;
            }
    }
    w.fallbacks_done = 0;
    w.attempts_sent = 0;
    w.cost = target_cost(g, w);
    w.latency_rng = stream(entity, Purpose::latency);
    w.overload_rng = stream(entity, Purpose::overload);
    w.jitter_rng = stream(entity, Purpose::jitter);
    w.midstream_rng = stream(entity, Purpose::midstream);
    w.errors_rng = stream(entity, Purpose::errors);
    w.retries_done = 0;
    w.previous_delay_s = 0;
    w.budget_ticket = {};
}

AttemptCost World::target_cost(const ClientGroup& g, const Worker& w) {
    const ModelTarget& t = g.targets[static_cast<std::size_t>(w.target)];
    return attempt_cost(t.prices, g.price_factor, w.sizes, server_.pool(t.pool).config().cache_reads_count);
}

void World::try_send(Worker& w) {
    const engine::Time now = scheduler_.now();
    const ClientGroup& g = groups_[w.group];
    // A worker released from the wait list that does not ask the budget
    // again passes its turn on, so no waiter is left behind a free slot.
    const bool woken_by_budget = std::exchange(w.woken_by_budget, false);
    if (g.config.deadline != engine::kNever && now - w.item_created > g.config.deadline) {
        if (woken_by_budget) wake_next_waiter(w);
        finish_item(w, false);
        return;
    }
    Strategy& s = strategy_of(w);
    if (s.routing) {  // a model in cooldown: on to a fallback
        const int target = s.routing->target_for(w.target, w.fallbacks_done, now);
        if (target != w.target) {
            w.target = target;
            ++w.fallbacks_done;
            w.cost = target_cost(g, w);
        }
    }
    const SendIntent intent = send_intent(w, now);
    const engine::Time allowed = s.pacing->earliest_send(intent, w.jitter_rng);
    if (allowed > now) {
        if (woken_by_budget) wake_next_waiter(w);
        wake_soon(g.first_worker + w.index, allowed);
        return;
    }
    switch (s.budget->try_start(intent.is_retry, now, w.budget_ticket)) {
        case BudgetAnswer::go: send(w, s, intent); return;
        case BudgetAnswer::wait:
            groups_[w.group].budget_waiters[w.strategy].push_back(g.first_worker + w.index);
            return;
        case BudgetAnswer::give_up:
            if (woken_by_budget) wake_next_waiter(w);
            finish_item(w, false);
            return;
    }
}

SendIntent World::send_intent(const Worker& w, engine::Time now) const {
    return {now, w.attempts_sent > 0, w.cost.input_tokens, w.cost.max_tokens};
}

void World::send(Worker& w, Strategy& s, const SendIntent& intent) {
    const engine::Time now = scheduler_.now();
    const ClientGroup& g = groups_[w.group];
    const ModelTarget& target = g.targets[static_cast<std::size_t>(w.target)];
    s.pacing->on_send(intent);
    observer_.attempt_sent(w.group, w.index, now);
    ++w.attempts_sent;

    const std::uint32_t slot = new_attempt();
    Attempt& a = attempts_[slot];
    a.worker = g.first_worker + w.index;
    a.pool = target.pool;
    a.workspace_pool = target.workspace_pool;
    a.model = target.model;
    a.cost = w.cost;
    a.sizes = w.sizes;
    a.answer = server_.answer(target.pool, w.cost, now, w.latency_rng, w.overload_rng, target.workspace_pool,
                              &w.midstream_rng, &w.errors_rng);
    if (a.answer.response.stream_error) {  // billed and counted for what it streamed before the break
        a.sizes.output_tokens = a.answer.output_tokens_before_break;
        a.cost = attempt_cost(target.prices, g.price_factor, a.sizes,
                              server_.pool(target.pool).config().cache_reads_count);
    }
    a.client_waiting = true;
    ++in_flight_;

    const engine::Time answered = a.answer.response.received_at;
    if (a.answer.admitted)  // before the answer's event, even at the same instant
        scheduler_.at(a.answer.generation_start, {generation_start, slot});
    // The answer's time is known at send, so the client's timeout is decided
    // here; the server still finishes a timed-out attempt and bills it.
    scheduler_.at(answered, {answer, slot}, a.answer.admitted ? engine::kHeap : refused_lane_);
    if (answered - now > g.config.timeout)
        scheduler_.at(engine::later(now, g.config.timeout), {client_timeout, slot});
}

void World::on_attempt_over(Worker& w, const Response& response, bool never_admissible) {
    const engine::Time now = scheduler_.now();
    --in_flight_;
    const int model = groups_[w.group].targets[static_cast<std::size_t>(w.target)].model;
    observer_.attempt_answered(
        {w.group, w.index, response.sent_at, now, response.status, never_admissible, response.exceeded,
         response.spend_limit, response.stream_error, model});
    Strategy& s = strategy_of(w);
    s.pacing->on_response(response, now);
    if (s.routing) s.routing->on_response(w.target, response, now);
    release_budget(w, s, response);

    if (response.succeeded()) {
        finish_item(w, true);
        return;
    }
    // A fallback goes at once, without the retry rule's delay or count (as
    // LiteLLM's router); a retry budget still has its say.
    if (s.routing && s.routing->falls_back_on(response.status) &&
        s.routing->target_for(w.target, w.fallbacks_done, now) != w.target) {
        if (s.budget->allow_retry(response, now, w.budget_ticket))
            try_send(w);
        else
            finish_item(w, false);
        return;
    }
    const RetryDecision d =
        s.retry->after_failure(response, {w.retries_done, w.previous_delay_s}, w.jitter_rng);
    if (!d.retry || !s.budget->allow_retry(response, now, w.budget_ticket)) {
        finish_item(w, false);
        return;
    }
    ++w.retries_done;
    w.previous_delay_s = d.delay_s;
    const engine::Time delay = engine::from_seconds(d.delay_s);
    if (delay <= 0)
        try_send(w);
    else
        wake_soon(groups_[w.group].first_worker + w.index, engine::later(now, delay));
}

void World::finish_item(Worker& w, bool succeeded) {
    ClientGroup& g = groups_[w.group];
    observer_.item_finished({w.group, w.index, w.item_created, scheduler_.now(), succeeded,
                             g.targets[static_cast<std::size_t>(w.target)].model});
    w.has_item = false;
    count_finished(g, 1);
    // On to the next item, as the worker's loop would.
    wake_soon(g.first_worker + w.index, scheduler_.now());
}

void World::count_finished(ClientGroup& g, std::int64_t items) {
    g.finished += items;
    if (g.arrivals_over && g.finished == g.created) --unfinished_groups_;
}

void World::end_arrivals(ClientGroup& g) {
    g.arrivals_over = true;
    if (g.finished == g.created) --unfinished_groups_;
}

void World::release_budget(Worker& w, Strategy& s, const Response& response) {
    s.budget->on_end(response, scheduler_.now(), w.budget_ticket);
    wake_next_waiter(w);
}

void World::wake_next_waiter(const Worker& w) {
    auto& waiters = groups_[w.group].budget_waiters[w.strategy];
    if (waiters.empty()) return;
    const std::uint32_t next = waiters.front();
    waiters.pop_front();
    workers_[next].woken_by_budget = true;
    wake_soon(next, scheduler_.now());
}

// ---- server-side and group-side events ----------------------------------

void World::on_answer(std::uint32_t slot) {
    Attempt& a = attempts_[slot];
    const engine::Time now = scheduler_.now();
    const int group = workers_[a.worker].group;
    if (a.answer.admitted) {
        server_.complete(a.pool, a.cost, a.answer.generation_start, now, a.workspace_pool);
        observer_.attempt_billed({group, now, a.sizes.input_tokens, a.sizes.cache_read_tokens,
                                  a.sizes.cache_creation_tokens, a.sizes.output_tokens,
                                  a.cost.input_tokens, a.cost.usd, !a.client_waiting,
                                  a.answer.response.stream_error, a.model});
    }
    const bool waiting = a.client_waiting;
    const Response response = a.answer.response;
    const bool never_admissible = a.answer.never_admissible;
    a.in_use = false;
    free_attempts_.push_back(slot);
    if (waiting) on_attempt_over(workers_[a.worker], response, never_admissible);
}

void World::bill_abandoned() {
    const engine::Time now = scheduler_.now();
    for (Attempt& a : attempts_) {
        if (!a.in_use || !a.answer.admitted || a.client_waiting) continue;
        observer_.attempt_billed({workers_[a.worker].group, now, a.sizes.input_tokens,
                                  a.sizes.cache_read_tokens, a.sizes.cache_creation_tokens,
                                  a.sizes.output_tokens, a.cost.input_tokens, a.cost.usd, true, false, a.model});
        a.in_use = false;
    }
}

void World::on_client_timeout(std::uint32_t slot) {
    Attempt& a = attempts_[slot];
    a.client_waiting = false;
    Response r;
    r.status = status::client_timeout;
    r.sent_at = a.answer.response.sent_at;
    r.received_at = scheduler_.now();
    on_attempt_over(workers_[a.worker], r, false);
}

void World::on_group_start(ClientGroup& g) {
    const engine::Time now = scheduler_.now();
    const int gi = group_index(g);
    if (g.open_loop()) {
        schedule_next_arrival(g);
    } else {
        g.created = g.config.workload.items;
        observer_.items_created(gi, now, g.created);
        end_arrivals(g);
    }
    if (sends_message_batches(g)) {
        if (!g.open_loop()) schedule_message_batch_submit(g, now);
        return;
    }
    for (std::int64_t i = 0; i < g.config.workers; ++i)
        wake_soon(g.first_worker + static_cast<std::uint32_t>(i), now);
}

void World::on_arrival(ClientGroup& g) {
    const engine::Time now = scheduler_.now();
    const int gi = group_index(g);
    if (config_.max_waiting_items > 0 && static_cast<std::int64_t>(g.queue.size()) >= config_.max_waiting_items)
        throw WaitingLimitReached{gi, static_cast<std::int64_t>(g.queue.size()), now};
    g.queue.emplace_back(g.created++, now);
    observer_.items_created(gi, now, 1);
    if (sends_message_batches(g)) {  // a full batch goes now, a partial one a minute after its first item
        schedule_message_batch_submit(
            g, g.waiting() >= g.config.message_batch_size ? now : engine::later(now, kPartialMessageBatchWait));
    } else if (!g.idle_workers.empty()) {
        const std::uint32_t w = g.idle_workers.front();
        g.idle_workers.pop_front();
        wake_soon(w, now);
    }
    schedule_next_arrival(g);
}

void World::schedule_next_arrival(ClientGroup& g) {
    const engine::Event next{arrival, static_cast<std::uint32_t>(group_index(g))};
    engine::Time at = engine::kNever;
    if (g.is_trace()) {  // the next row, if any; rows are timed from the group's start
        const auto& rows = *g.config.workload.trace;
        if (g.created < static_cast<std::int64_t>(rows.size()))
            at = engine::later(g.config.start, rows[static_cast<std::size_t>(g.created)].at);
    } else if (const RateProfile& rate = g.config.workload.rate; rate.is_constant()) {
        const double gap = g.arrivals_rng.exponential(1.0 / rate.base());
        at = engine::after_seconds(scheduler_.now(), gap);
    } else {  // by inversion: Exp(1) of integrated rate past now, timed from the group's start
        const double from = engine::to_seconds(scheduler_.now() - g.config.start);
        const double next = rate.time_after(from, g.arrivals_rng.exponential(1.0));
        at = engine::later(g.config.start, engine::from_seconds(next));
        if (at < scheduler_.now()) at = scheduler_.now();
    }
    if (g.is_trace() && at == engine::kNever) {  // the trace is over
        end_arrivals(g);
    } else if (at > config_.arrivals_until) {  // the window closes first, at its end
        scheduler_.at(config_.arrivals_until, {arrivals_end, next.target});
    } else {
        scheduler_.at(at, next);
    }
}

void World::on_sample() {
    const engine::Time now = scheduler_.now();
    sample_.at = now;
    sample_.in_flight = in_flight_;
    sample_.queued = 0;
    for (const auto& g : groups_) sample_.queued += g.waiting();
    sample_.server_queue = server_.queue_length(now);
    for (std::size_t p = 0; p < server_.pool_count(); ++p)
        for (int d = 0; d < kDimensions; ++d)
            sample_.bucket_fill[p * kDimensions + d] =
                server_.pool(static_cast<int>(p)).fill_fraction(static_cast<Dimension>(d), now);
    observer_.sample(sample_);
    scheduler_.at(engine::later(now, config_.sample_every), {sample});
}

// ---- bookkeeping --------------------------------------------------------

void World::wake_soon(std::uint32_t worker, engine::Time at) {
    scheduler_.at(at, {wake, worker}, at == scheduler_.now() ? now_lane_ : engine::kHeap);
}

std::uint32_t World::new_attempt() {
    if (!free_attempts_.empty()) {
        const std::uint32_t slot = free_attempts_.back();
        free_attempts_.pop_back();
        attempts_[slot].in_use = true;
        return slot;
    }
    attempts_.emplace_back();
    attempts_.back().in_use = true;
    return static_cast<std::uint32_t>(attempts_.size() - 1);
}

std::int64_t World::items_created() const {
    std::int64_t n = 0;
    for (const auto& g : groups_) n += g.created;
    return n;
}

std::vector<ItemsLeft> World::items_left() const {
    std::vector<ItemsLeft> left;
    for (const auto& g : groups_) {
        const std::int64_t unserved = g.waiting();
        left.push_back({g.created - g.finished - unserved, unserved});
    }
    return left;
}

std::int64_t World::pending_items() const {
    std::int64_t n = 0;
    for (const auto& g : groups_) n += g.created - g.finished;
    return n;
}

}  // namespace ratesim::models
