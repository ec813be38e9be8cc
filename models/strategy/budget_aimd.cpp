// AIMD concurrency (Netflix concurrency-limits AIMDLimit): a limit on
// attempts in flight, cut by a backoff ratio on a drop (429, 529, timeout)
// and raised by one when a success started with at least half the limit in
// use. It caps one strategy instance, so it is meant for `coordination: shared`.
#include <algorithm>
#include <cmath>

#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

bool is_drop(int status) {
    return status == status::rate_limited || status == status::overloaded || status == status::client_timeout;
}

class Aimd final : public Budget {
public:
    explicit Aimd(const Params& p)
        : limit_(p.number("initial")), min_(p.number("min")), max_(std::max(p.number("max"), p.number("min"))),
          ratio_(p.number("backoff_ratio")) {
        limit_ = std::clamp(limit_, min_, max_);
    }

    BudgetAnswer try_start(bool, engine::Time, BudgetTicket& ticket) override {
        if (in_flight_ >= limit_) return BudgetAnswer::wait;
        ++in_flight_;
        ticket.in_flight_at_start = in_flight_;
        return BudgetAnswer::go;
    }
    void on_end(const Response& response, engine::Time, BudgetTicket& ticket) override {
        --in_flight_;
        double next = limit_;
        if (is_drop(response.failure_status()))
            next = std::floor(limit_ * ratio_);
        else if (ticket.in_flight_at_start * 2 >= limit_)
            next = limit_ + 1;
        limit_ = std::clamp(next, min_, max_);
    }

private:
    double limit_, min_, max_, ratio_;
    double in_flight_ = 0;
};

}  // namespace

PartKind aimd_budget_kind() {
    PartKind k{Part::budget, "aimd", "AIMD concurrency limit (Netflix concurrency-limits AIMDLimit)",
               "start while in_flight < limit; on 429/529/timeout limit = floor(limit * backoff_ratio), "
               "else if in_flight_at_start * 2 >= limit: limit += 1; clamp to [min, max]",
               {
                   {"initial", ParamType::count, 4.0, "starting limit (the library uses 20)", {}},
                   {"min", ParamType::count, 1.0, "smallest limit (the library uses 20)", {}},
                   {"max", ParamType::count, 200.0, "largest limit", {}},
                   {"backoff_ratio", ParamType::fraction, 0.9, "factor applied on a drop", {}},
               }};
    k.make_budget = [](const Params& p) -> std::unique_ptr<Budget> { return std::make_unique<Aimd>(p); };
    k.caps_in_flight = true;
    return k;
}

}  // namespace ratesim::models
