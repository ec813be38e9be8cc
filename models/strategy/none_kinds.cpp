// The `none` kind of each part: never retry, never pace, never cap.
#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class NoRetry final : public RetryPolicy {
public:
    RetryDecision after_failure(const Response&, const RetryContext&, engine::RandomStream&) override {
        return {};
    }
};

class NoPacing final : public Pacing {
public:
    engine::Time earliest_send(const SendIntent& intent, engine::RandomStream&) override { return intent.now; }
};

class NoBudget final : public Budget {
public:
    BudgetAnswer try_start(bool, engine::Time, BudgetTicket&) override { return BudgetAnswer::go; }
    void on_end(const Response&, engine::Time, BudgetTicket&) override {}
};

}  // namespace

PartKind no_retry_kind() {
    return {Part::retry, "none", "never retry: the first failure fails the item", "-", {},
            [](const Params&) -> std::unique_ptr<RetryPolicy> { return std::make_unique<NoRetry>(); }};
}

PartKind no_pacing_kind() {
    PartKind k{Part::pacing, "none", "send whenever there is work", "-", {}};
    k.make_pacing = [](const Params&) -> std::unique_ptr<Pacing> { return std::make_unique<NoPacing>(); };
    return k;
}

PartKind no_budget_kind() {
    PartKind k{Part::budget, "none", "no cap across attempts", "-", {}};
    k.make_budget = [](const Params&) -> std::unique_ptr<Budget> { return std::make_unique<NoBudget>(); };
    return k;
}

}  // namespace ratesim::models
