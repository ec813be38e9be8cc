#pragma once
// A client strategy in three orthogonal parts (SPEC §3):
//   retry  - after a failed attempt: give up, or wait how long;
//   pacing - whether an attempt may start now, or when;
//   budget - caps across attempts (concurrency, retry budgets).
// Each part sees only responses the client itself received.
#include <memory>
#include <string>

#include "models/response.hpp"
#include "sim/random.hpp"

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
                                        sim::RandomStream& rng) = 0;
};

class Pacing {
public:
    virtual ~Pacing() = default;
    // The earliest time at which an attempt may start; `now` means go.
    virtual sim::Time earliest_send(sim::Time now, bool is_retry) = 0;
    virtual void on_send(sim::Time /*now*/) {}
    virtual void on_response(const Response& /*response*/, sim::Time /*now*/) {}
};

enum class BudgetAnswer { go, wait, give_up };

class Budget {
public:
    virtual ~Budget() = default;
    // Asked just before an attempt is sent. `wait` parks the worker until
    // another attempt of the same instance ends.
    virtual BudgetAnswer try_start(bool is_retry, sim::Time now) = 0;
    virtual void on_end(const Response& response, sim::Time now) = 0;
};

// One instance of a strategy: what a worker (coordination: none) or a whole
// group (coordination: shared) consults.
struct Strategy {
    std::unique_ptr<RetryPolicy> retry;
    std::unique_ptr<Pacing> pacing;
    std::unique_ptr<Budget> budget;
};

}  // namespace ratesim::models
