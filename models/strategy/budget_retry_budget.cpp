// Finagle's RetryBudget (TokenRetryBudget over a LeakyBucket): each new
// request deposits 1, each retry withdraws 1 / percent_can_retry, and a
// reserve of min_retries_per_sec * ttl retries is always there. Deposits and
// withdrawals expire after ttl (a WindowedAdder of 10 slices).
#include "models/strategy/registry.hpp"
#include "models/strategy/windowed_sum.hpp"

namespace ratesim::models {

namespace {

class RetryBudget final : public Budget {
public:
    explicit RetryBudget(const Params& p)
        : window_(engine::from_seconds(p.number("ttl")), 10),
          withdrawal_(p.number("percent_can_retry") > 0 ? 1 / p.number("percent_can_retry") : 1),
          deposit_(p.number("percent_can_retry") > 0 ? 1 : 0),
          reserve_(p.number("min_retries_per_sec") * p.number("ttl") * withdrawal_) {}

    BudgetAnswer try_start(bool is_retry, engine::Time now, BudgetTicket&) override {
        if (!is_retry) window_.add(now, deposit_);
        return BudgetAnswer::go;
    }
    bool allow_retry(const Response&, engine::Time now, BudgetTicket&) override {
        if (window_.sum(now) + reserve_ < withdrawal_ - 1e-9) return false;
        window_.add(now, -withdrawal_);
        return true;
    }
    void on_end(const Response&, engine::Time, BudgetTicket&) override {}

private:
    WindowedSum window_;
    double withdrawal_, deposit_, reserve_;
};

}  // namespace

PartKind retry_budget_kind() {
    PartKind k{Part::budget, "retry-budget", "Finagle's RetryBudget: retries as a share of requests",
               "balance = reserve + deposits - withdrawals of the last ttl; a request deposits 1, a retry "
               "needs and withdraws 1 / percent_can_retry; reserve = min_retries_per_sec * ttl / percent_can_retry",
               {
                   {"ttl", ParamType::duration, 10.0, "how long deposits and withdrawals count", {}},
                   {"min_retries_per_sec", ParamType::number, 10.0, "retries always allowed per second", {}},
                   {"percent_can_retry", ParamType::fraction, 0.2, "retries per request allowed", {}},
               }};
    k.make_budget = [](const Params& p) -> std::unique_ptr<Budget> { return std::make_unique<RetryBudget>(p); };
    return k;
}

}  // namespace ratesim::models
