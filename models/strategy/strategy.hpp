#pragma once
// A client strategy in three orthogonal parts, and a fourth for groups that
// send to more than one model:
//   retry   - after a failed attempt: give up, or wait how long;
//   pacing  - whether an attempt may start now, or when;
//   budget  - caps across attempts (concurrency, retry budgets);
//   routing - which model an attempt goes to (fallback, cooldowns).
// Each part sees only responses the client itself received.
#include <memory>
#include <string>

#include "models/response.hpp"
#include "models/strategy/routing.hpp"
#include "sim/engine/random.hpp"

namespace ratesim::models {

struct RetryDecision {
    bool retry = false;
    double delay_s = 0;
};

// Facts about the failed attempt's item that a retry rule may use.
struct RetryContext {
    int retries_done = 0;         // n: 0 before the first retry
    double previous_delay_s = 0;  // the delay before the last retry; 0 if none
};

class RetryPolicy {
public:
    virtual ~RetryPolicy() = default;
    virtual RetryDecision after_failure(const Response& response, const RetryContext& context,
                                        engine::RandomStream& rng) = 0;
};

// An attempt the client wants to send, as the client knows it.
struct SendIntent {
    engine::Time now = 0;
    bool is_retry = false;
    double input_tokens = 0;  // the request's counted input tokens
    double max_tokens = 0;    // the request's max_tokens
};

class Pacing {
public:
    virtual ~Pacing() = default;
    // The earliest time at which the attempt may start; `intent.now` means
    // go. A worker told to wait asks again at that time. `rng` is the item's
    // jitter stream, for kinds that decide at random.
    virtual engine::Time earliest_send(const SendIntent& intent, engine::RandomStream& rng) = 0;
    virtual void on_send(const SendIntent& /*intent*/) {}
    // Every attempt's end, client timeouts included.
    virtual void on_response(const Response& /*response*/, engine::Time /*now*/) {}
};

enum class BudgetAnswer { go, wait, give_up };

// What a budget keeps on behalf of one item (an item has at most one
// attempt in flight). The world resets it when the item is taken up.
struct BudgetTicket {
    double held = 0;               // what the item's last retry took (aws-quota refunds it)
    double in_flight_at_start = 0; // in flight, this attempt included, when it started
    int probe_of = 0;              // circuit breaker: the half-open spell this attempt probes (0: none)
};

class Budget {
public:
    virtual ~Budget() = default;
    // Asked just before an attempt is sent; `go` means it is sent now.
    // `wait` parks the worker until another attempt of the same instance ends.
    virtual BudgetAnswer try_start(bool is_retry, engine::Time now, BudgetTicket& ticket) = 0;
    // Asked when the retry rule wants another attempt, before its delay:
    // false makes the item fail (a retry budget or quota is spent).
    virtual bool allow_retry(const Response& /*failure*/, engine::Time /*now*/, BudgetTicket& /*ticket*/) {
        return true;
    }
    virtual void on_end(const Response& response, engine::Time now, BudgetTicket& ticket) = 0;
};

// One instance of a strategy: what a worker (coordination: none) or a whole
// group (coordination: shared) consults.
struct Strategy {
    std::unique_ptr<RetryPolicy> retry;
    std::unique_ptr<Pacing> pacing;
    std::unique_ptr<Budget> budget;
    // Set by the world, which knows the group's models; null without fallbacks.
    std::unique_ptr<Routing> routing;
    // Some part reads the rate-limit headers (PartKind::reads_headers).
    bool reads_headers = false;
};

}  // namespace ratesim::models
