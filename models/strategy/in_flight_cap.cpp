#include "models/strategy/in_flight_cap.hpp"

namespace ratesim::models {

namespace {

class InFlightCap final : public Budget {
public:
    InFlightCap(std::unique_ptr<Budget> inner, double limit) : inner_(std::move(inner)), limit_(limit) {}

    BudgetAnswer try_start(bool is_retry, engine::Time now, BudgetTicket& ticket) override {
        if (in_flight_ >= limit_) return BudgetAnswer::wait;
        const BudgetAnswer answer = inner_->try_start(is_retry, now, ticket);
        if (answer == BudgetAnswer::go) ++in_flight_;
        return answer;
    }
    bool allow_retry(const Response& failure, engine::Time now, BudgetTicket& ticket) override {
        return inner_->allow_retry(failure, now, ticket);
    }
    void on_end(const Response& response, engine::Time now, BudgetTicket& ticket) override {
        --in_flight_;
        inner_->on_end(response, now, ticket);
    }

private:
    std::unique_ptr<Budget> inner_;
    double limit_;
    double in_flight_ = 0;
};

}  // namespace

std::unique_ptr<Budget> with_in_flight_cap(std::unique_ptr<Budget> inner, double limit) {
    return std::make_unique<InFlightCap>(std::move(inner), limit);
}

}  // namespace ratesim::models
