// The per-client retry budget of the Google SRE book ("Handling Overload"):
// a failed request is retried only while retries make up less than `ratio`
// of the attempts sent over the last `window` (counted in 1 s buckets, as
// the same chapter's adaptive throttling is in Beam).
#include <algorithm>

#include "models/strategy/registry.hpp"
#include "models/strategy/windowed_sum.hpp"

namespace ratesim::models {

namespace {

int one_second_buckets(engine::Time window) {
    return static_cast<int>(std::clamp<engine::Time>(window / engine::seconds(1), 1, 10000));
}

class RetryRatio final : public Budget {
public:
    explicit RetryRatio(const Params& p)
        : ratio_(p.number("ratio")),
          attempts_(engine::from_seconds(p.number("window")), one_second_buckets(engine::from_seconds(p.number("window")))),
          retries_(engine::from_seconds(p.number("window")), one_second_buckets(engine::from_seconds(p.number("window")))) {}

    BudgetAnswer try_start(bool is_retry, engine::Time now, BudgetTicket&) override {
        attempts_.add(now, 1);
        if (is_retry) retries_.add(now, 1);
        return BudgetAnswer::go;
    }
    bool allow_retry(const Response&, engine::Time now, BudgetTicket&) override {
        const double attempts = attempts_.sum(now);
        return attempts <= 0 || retries_.sum(now) < ratio_ * attempts;
    }
    void on_end(const Response&, engine::Time, BudgetTicket&) override {}

private:
    double ratio_;
    WindowedSum attempts_, retries_;
};

}  // namespace

PartKind retry_ratio_budget_kind() {
    PartKind k{Part::budget, "retry-ratio", "the SRE book's per-client retry budget: retries < 10% of attempts",
               "retry only while retries < ratio * attempts, both counted over the last window",
               {
                   {"ratio", ParamType::fraction, 0.1, "largest share of attempts that are retries", {}},
                   {"window", ParamType::duration, 120.0, "the window the counts cover", {}},
               }};
    k.make_budget = [](const Params& p) -> std::unique_ptr<Budget> { return std::make_unique<RetryRatio>(p); };
    return k;
}

}  // namespace ratesim::models
