// A circuit breaker on retries, as in Brooker's retry simulations ("Fixing
// retries with token buckets and circuit breakers", 2022): while the share
// of failed attempts over the last `window` is above `threshold`, a failed
// attempt is not retried and its item fails. First attempts always go, so
// the breaker closes again once the server answers.
#include <algorithm>

#include "models/strategy/registry.hpp"
#include "models/strategy/windowed_sum.hpp"

namespace ratesim::models {

namespace {

// Ten slices, as Finagle's WindowedAdder keeps: the window covers between
// 0.9 and 1 times its length.
constexpr int kSlices = 10;

class CircuitBreaker final : public Budget {
public:
    explicit CircuitBreaker(const Params& p)
        : threshold_(p.number("threshold")),
          min_attempts_(p.number("min_attempts")),
          ended_(engine::from_seconds(p.number("window")), kSlices),
          failed_(engine::from_seconds(p.number("window")), kSlices) {}

    BudgetAnswer try_start(bool, engine::Time, BudgetTicket&) override { return BudgetAnswer::go; }
    bool allow_retry(const Response&, engine::Time now, BudgetTicket&) override {
        const double ended = ended_.sum(now);
        return ended < min_attempts_ || failed_.sum(now) <= threshold_ * ended;
    }
    void on_end(const Response& response, engine::Time now, BudgetTicket&) override {
        ended_.add(now, 1);
        if (response.status != status::ok) failed_.add(now, 1);
    }

private:
    double threshold_;
    double min_attempts_;
    WindowedSum ended_, failed_;
};

}  // namespace

PartKind circuit_breaker_budget_kind() {
    PartKind k{Part::budget, "circuit-breaker",
               "a circuit breaker on retries: none while the recent failure rate is above a threshold",
               "retry only while failed <= threshold * ended attempts over the last window "
               "(or fewer than min_attempts ended); first attempts always go",
               {
                   {"threshold", ParamType::fraction, 0.5, "largest failure rate at which retries still go", {}},
                   {"window", ParamType::duration, 10.0, "the window the counts cover", {}},
                   {"min_attempts", ParamType::count, 10.0,
                    "ended attempts in the window below which the breaker stays closed", {}},
               }};
    k.make_budget = [](const Params& p) -> std::unique_ptr<Budget> { return std::make_unique<CircuitBreaker>(p); };
    return k;
}

}  // namespace ratesim::models
