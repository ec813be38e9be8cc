#include "sim/serve/live_server.hpp"

#include <algorithm>
#include <cmath>

#include "models/stream_purposes.hpp"

namespace ratesim::serve {

namespace {

// The live answers' streams are those of replication 0 of the scenario's
// seed, one entity per request in arrival order.
constexpr std::uint64_t kLiveReplication = 0;

}  // namespace

LiveServer::LiveServer(const scenario::ScenarioConfig& scenario)
    : scenario_(scenario),
      group_(scenario.clients.at(scenario.serve.group)),
      start_(std::chrono::steady_clock::now()),
      server_(scenario.api, models::random_stream(scenario.seed, kLiveReplication, 0,
                                                  models::Purpose::incidents)) {}

engine::RandomStream LiveServer::stream(std::uint64_t entity, models::Purpose purpose) const {
    return models::random_stream(scenario_.seed, kLiveReplication, entity, purpose);
}

int LiveServer::pool_of(const std::string& model) const { return server_.pool_index(model); }

engine::Time LiveServer::now() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start_)
        .count();
}

engine::Time LiveServer::locked_now() {
    last_ = std::max(last_, now());
    return last_;
}

void LiveServer::play_due(engine::Time now) {
    while (!due_.empty() && due_.top().at <= now) {
        const Due d = due_.top();
        due_.pop();
        if (d.completes) {
            server_.complete(d.pool, d.cost, d.start, d.end, d.workspace_pool);
            --in_flight_;
        } else {
            server_.begin_generation(d.pool, d.cost, d.start, d.end, d.workspace_pool);
        }
    }
}

LiveAnswer LiveServer::answer(const LiveRequest& request) {
    const int pool = server_.pool_index(request.model);
    const std::optional<models::ModelPrices> prices = models::prices_for(request.model);
    std::lock_guard lock(mu_);
    const engine::Time now = locked_now();
    play_due(now);
    LiveAnswer live;
    live.sequence = next_sequence_++;
    engine::RandomStream sizes = stream(live.sequence, models::Purpose::sizes);
    engine::RandomStream latency = stream(live.sequence, models::Purpose::latency);
    engine::RandomStream overload = stream(live.sequence, models::Purpose::overload);
    // The API stops generating at max_tokens.
    live.output_tokens = std::min(std::max(0.0, std::round(group_.request.output_tokens.sample(sizes))),
                                  request.max_tokens);
    models::AttemptCost cost;
    cost.input_tokens = request.input_tokens;
    cost.max_tokens = request.max_tokens;
    cost.output_tokens = live.output_tokens;
    cost.usd = prices ? models::cost_usd(*prices, request.input_tokens, 0, 0, live.output_tokens) : 0.0;
    const int workspace_pool = server_.workspace_pool_index(request.workspace, pool);
    engine::RandomStream midstream = stream(live.sequence, models::Purpose::midstream);
    engine::RandomStream errors = stream(live.sequence, models::Purpose::errors);
    live.answer = server_.answer(pool, cost, now, latency, overload, workspace_pool, &midstream, &errors);
    if (live.answer.response.stream_error) {  // billed for what it streamed before the break
        live.output_tokens = cost.output_tokens = live.answer.output_tokens_before_break;
        cost.usd = prices ? models::cost_usd(*prices, request.input_tokens, 0, 0, live.output_tokens) : 0.0;
        live.break_after = 1;
    }
    if (live.answer.admitted) {
        live.usd = cost.usd;
        live.midstream_error = overload.uniform() < scenario_.serve.midstream_overload ||
                               live.answer.response.stream_error;
        const engine::Time start = live.answer.generation_start, end = live.answer.response.received_at;
        due_.push({start, false, pool, workspace_pool, cost, start, end});
        due_.push({end, true, pool, workspace_pool, cost, start, end});
        ++in_flight_;
    }
    return live;
}

models::WorldSample LiveServer::sample() {
    std::lock_guard lock(mu_);
    const engine::Time now = locked_now();
    play_due(now);
    models::WorldSample s;
    s.at = now;
    s.in_flight = in_flight_;
    for (std::size_t p = 0; p < server_.pool_count(); ++p)
        for (const models::Dimension d : models::kAllDimensions)
            s.bucket_fill.push_back(server_.pool(static_cast<int>(p)).fill_fraction(d, now));
    return s;
}

std::vector<std::string> LiveServer::pool_names() const {
    std::vector<std::string> names;
    for (const auto& p : scenario_.api.pools) names.push_back(p.name);
    return names;
}

}  // namespace ratesim::serve
