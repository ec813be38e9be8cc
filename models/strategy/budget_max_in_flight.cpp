// A semaphore: at most `limit` attempts of one strategy instance in flight.
#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class MaxInFlight final : public Budget {
public:
    explicit MaxInFlight(const Params& p) : limit_(p.number("limit")) {}

    BudgetAnswer try_start(bool, engine::Time, BudgetTicket&) override {
        if (in_flight_ >= limit_) return BudgetAnswer::wait;
        ++in_flight_;
        return BudgetAnswer::go;
    }
    void on_end(const Response&, engine::Time, BudgetTicket&) override { --in_flight_; }

private:
    double limit_;
    double in_flight_ = 0;
};

}  // namespace

PartKind max_in_flight_budget_kind() {
    PartKind k{Part::budget, "max-in-flight", "at most `limit` attempts in flight (a semaphore)",
               "start only while in_flight < limit",
               {{"limit", ParamType::count, 5.0, "attempts in flight", {}}}};
    k.make_budget = [](const Params& p) -> std::unique_ptr<Budget> {
        return std::make_unique<MaxInFlight>(p);
    };
    k.caps_in_flight = true;
    return k;
}

}  // namespace ratesim::models
