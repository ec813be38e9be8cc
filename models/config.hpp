#pragma once
// Typed configuration of the simulated world, produced once by the scenario
// loader. Models read only this; they never see YAML.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/distribution.hpp"
#include "models/rate_profile.hpp"
#include "models/response.hpp"
#include "models/strategy/params.hpp"
#include "sim/engine/time.hpp"

namespace ratesim::models {

enum class OutputAccounting { streamed, reserve_max_tokens };
const char* output_accounting_name(OutputAccounting mode);

// An error the server answers at random instead of admitting: a share
// `rate` of the attempts it sees get `status` (500 api_error, 504
// timeout_error, 408, 409), before the buckets are checked, so nothing is
// charged. The rule may steer the SDKs with x-should-retry and
// retry-after-ms (docs/model.md, other statuses).
struct ErrorRule {
    int status = 500;
    double rate = 0;
    ShouldRetry should_retry = ShouldRetry::absent;  // x-should-retry
    engine::Time retry_after = engine::kNever;  // retry-after-ms (and retry-after, whole s up); kNever: none
};

struct PoolConfig {
    std::string name;
    std::vector<std::string> models;
    // Per-minute limits; absent means that dimension is not limited.
    std::optional<double> rpm, itpm, otpm;
    // The legacy combined limits, input + output tokens: per minute (one
    // bucket with api.burst, as the others) and per day (a bucket of its own
    // burst, refilling continuously over 24 h; docs/model.md §6).
    std::optional<double> tpm, tpd;
    engine::Time tpd_burst = engine::seconds(86400);  // capacity = tpd x tpd_burst / 24 h
    OutputAccounting output_accounting = OutputAccounting::streamed;
    bool cache_reads_count = false;  // true only for the few old models that count them
    std::vector<ErrorRule> errors;     // random error answers, whatever the time
    // Requests with more counted input tokens are answered 413
    // request_too_large and never admitted; absent: no size limit.
    std::optional<double> max_request_tokens;
    // The pool's models' own latency (from the model catalogue) where
    // api.latency leaves it out; absent: api.latency's.
    std::optional<Distribution> time_to_first_token_s, output_tokens_per_second;
};

struct LatencyConfig {
    Distribution round_trip_s = Distribution::constant(0.1);
    Distribution time_to_first_token_s = Distribution::lognormal_from_median_p95(0.6, 2.0);
    Distribution output_tokens_per_second = Distribution::normal(60, 10);
};

// Mid-stream overload: of the admitted streams whose break point (`after`
// of the way through their generation) falls inside the incident, a share
// `fraction` end with an overloaded_error event after the 200 instead of
// their last tokens. fraction 0: none (the incident only refuses with 529).
struct MidstreamConfig {
    double fraction = 0;
    double after = 0.5;  // of the generation window, and so of the output tokens
    bool enabled() const { return fraction > 0; }
};

struct IncidentConfig {
    engine::Time at = 0;
    engine::Time length = 0;
    double overload = 0;  // probability that an attempt during it gets 529
    MidstreamConfig midstream{};
    std::vector<ErrorRule> errors{};  // random error answers during it, on top of the pools'
    // Service times (time to first token and generation) of the attempts
    // admitted during it are this many times longer; 1: as usual.
    double slowdown = 1;
};

struct RandomIncidentsConfig {
    engine::Time mean_gap = 0;  // mean time between onsets; 0 = no random incidents
    Distribution length_s = Distribution::exponential(600);
    double overload = 0.5;
    MidstreamConfig midstream{};
};

struct IncidentsConfig {
    std::vector<IncidentConfig> scheduled;  // sorted by start
    RandomIncidentsConfig random;
    engine::Time retry_after = engine::kNever;  // retry-after sent with 529; kNever = none
    ShouldRetry should_retry = ShouldRetry::absent;  // x-should-retry sent with 529
    bool consumes_budget = false;         // whether a 529'd attempt still draws from the buckets
    double latency_factor = 1.0;          // success latency multiplier during an incident
    // Whether any incident ends streams mid-way (then every attempt draws
    // from its item's midstream stream).
    bool any_midstream() const {
        for (const auto& s : scheduled)
            if (s.midstream.enabled()) return true;
        return random.mean_gap > 0 && random.midstream.enabled();
    }
    bool any_errors() const {
        for (const auto& s : scheduled)
            if (!s.errors.empty()) return true;
        return false;
    }
};

// The server's concurrency limit and queue (YAML api.queue; docs/model.md,
// server queue): at most `concurrency` admitted attempts are generated at a
// time, per pool or for the whole organization; the others wait first in,
// first out. One that would wait longer than `timeout` is answered
// `timeout_status` (529 overloaded_error or 504 timeout_error) once it has
// waited that long, and takes no server. concurrency 0: no queue model (an
// admitted attempt starts at once, whatever the load).
struct QueueConfig {
    enum class Scope { pool, organization };
    std::int64_t concurrency = 0;
    Scope scope = Scope::pool;
    engine::Time timeout = engine::kNever;  // kNever: a queued attempt waits as long as it takes
    int timeout_status = status::overloaded;
    bool enabled() const { return concurrency > 0; }
};

// A workspace of the organization with lower limits of its own. Each entry
// of `pools` narrows the organization's pool of the same name; its `models`
// are unused. A request from the workspace must fit both sets of buckets.
struct WorkspaceConfig {
    std::string name;
    std::vector<PoolConfig> pools;
};

// The acceleration limit: an assumed model (the real thresholds are
// unpublished; see docs/model.md). In each window, a pool admits at most
// max(floor, growth x what it admitted in the previous window) requests;
// beyond that, 429 with retry-after = the rest of the window.
struct AccelerationConfig {
    bool enabled = false;
    engine::Time window = engine::seconds(60);
    double growth = 2.0;
    double floor = 50;  // requests per window always allowed
};

// Message Batches: a separate path with its own limits and 50% pricing.
struct MessageBatchesConfig {
    std::optional<double> rpm;    // batch creation requests per minute
    std::optional<double> queue;  // requests in the processing queue, all batches together
    std::int64_t max_batch_requests = 100'000;
    // Time from creation to the batch's results; a batch not done by
    // `expiry` ends with its requests expired (not billed).
    Distribution turnaround_s = Distribution::lognormal_from_median_p95(900, 3000);
    engine::Time expiry = engine::seconds(24 * 3600);
    double price_factor = 0.5;  // of the real-time input and output prices
};

struct ApiConfig {
    std::vector<PoolConfig> pools;
    engine::Time burst = engine::seconds(60);  // bucket capacity = limit * burst / 60s
    OutputAccounting output_accounting = OutputAccounting::streamed;  // default for pools
    LatencyConfig latency;
    IncidentsConfig incidents;  // YAML api.capacity
    std::vector<WorkspaceConfig> workspaces;
    std::optional<double> spend_cap_usd;  // per month; absent: no cap
    double spent_usd = 0;                 // already spent this month when the run starts
    engine::Time month_ends_at = engine::seconds(30 * 86400);  // then every 30 days
    AccelerationConfig acceleration;
    MessageBatchesConfig message_batches;  // YAML api.batches
    QueueConfig queue;                     // YAML api.queue
    // Whether any pool or incident answers random errors (then every
    // attempt draws from its item's errors stream).
    bool any_error_rules() const {
        for (const auto& p : pools)
            if (!p.errors.empty()) return true;
        return incidents.any_errors();
    }
};

struct RequestShapeConfig {
    std::string model;
    Distribution input_tokens = Distribution::constant(1000);
    Distribution cache_read_tokens = Distribution::constant(0);
    Distribution cache_creation_tokens = Distribution::constant(0);
    Distribution max_tokens = Distribution::constant(1024);
    Distribution output_tokens = Distribution::constant(500);  // capped at the drawn max_tokens
    bool cache_ttl_1h = false;  // cache writes are 1-hour writes (2x input price), not 5-minute
};

// One request of a replayed trace: when it arrives (relative to the
// trace's first row, time scale applied) and its token counts.
struct TraceRow {
    engine::Time at = 0;
    std::uint32_t input_tokens = 0;
    std::uint32_t output_tokens = 0;
};

struct WorkloadConfig {
    enum class Kind { fixed_items, poisson, trace };
    Kind kind = Kind::fixed_items;
    std::int64_t items = 100;  // fixed items
    RateProfile rate = RateProfile::constant(1.0);  // poisson
    // trace: shared, read-only, in arrival order (one copy per scenario).
    std::shared_ptr<const std::vector<TraceRow>> trace;
    std::string trace_file;
    double trace_rate_scale = 1;  // trace: already applied to `trace`; recorded for the outputs
};

struct PartConfig {
    std::string kind = "none";
    Params params;  // every parameter of the kind, defaults filled in
};

// The strategy's fourth part, routing: on a failure it names (429, 529 by
// default) the client puts the model that answered in cooldown and sends
// the item to the first fallback model not in cooldown, as LiteLLM's router
// does (docs/strategies.md). No fallbacks: the part does nothing.
struct RoutingConfig {
    std::vector<std::string> fallbacks;  // models, in the order they are tried
    StatusSet on;                        // the failures that cool a model down
    double cooldown_s = 5;               // when the failure has no retry-after
    double max_fallbacks = 1;            // switches of model per item
    bool enabled() const { return !fallbacks.empty(); }
    RoutingConfig() {
        on.add(429);
        on.add(529);
    }
};

struct StrategyConfig {
    std::string name;    // the label in tables: a strategy preset's name or the scenario's
    std::string strategy_preset;  // the strategy preset it came from, if any
    PartConfig retry, pacing, budget;
    double max_in_flight = 0;  // > 0: a semaphore on top of a budget of another kind
    RoutingConfig routing;
};

// A share of a group's items sent to another model than its request.model.
struct RouteShare {
    std::string model;
    double share = 0;  // 0..1; the shares of a group sum to at most 1
};

enum class Coordination { none, shared };

struct ClientGroupConfig {
    std::string name;
    std::int64_t workers = 1;
    engine::Time start = 0;
    WorkloadConfig workload;
    RequestShapeConfig request;
    StrategyConfig strategy;
    Coordination coordination = Coordination::none;
    engine::Time timeout = engine::seconds(600);  // client-side, per attempt (SDK default)
    engine::Time deadline = engine::kNever;       // per item, from its creation; kNever = none
    std::string workspace;  // empty: the organization's default workspace
    // Send the items as Message Batches of up to this many requests instead
    // of one real-time request each; 0 = real time.
    std::int64_t message_batch_size = 0;  // YAML batch_size
    // Shares of the items sent to other models; the rest go to request.model.
    std::vector<RouteShare> route;
};

}  // namespace ratesim::models
