// The AWS SDK standard mode's retry quota (botocore retries/quota.py,
// standard.py RetryQuotaChecker): capacity 500, starting full; a retry
// costs 5 (10 after a timeout), and no retry is made when the quota cannot
// pay; a success gives back what its item's last retry cost, or 1 if the
// item needed no retry, up to the capacity.
#include <algorithm>

#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class AwsQuota final : public Budget {
public:
    explicit AwsQuota(const Params& p)
        : capacity_(p.number("capacity")), retry_cost_(p.number("retry_cost")),
          timeout_cost_(p.number("timeout_cost")), no_retry_increment_(p.number("no_retry_increment")),
          level_(capacity_) {}

    BudgetAnswer try_start(bool, engine::Time, BudgetTicket&) override { return BudgetAnswer::go; }
    bool allow_retry(const Response& failure, engine::Time, BudgetTicket& ticket) override {
        const double cost = failure.status == status::client_timeout ? timeout_cost_ : retry_cost_;
        if (cost > level_) return false;
        level_ -= cost;
        ticket.held = cost;
        return true;
    }
    void on_end(const Response& response, engine::Time, BudgetTicket& ticket) override {
        if (!response.succeeded()) return;
        level_ = std::min(capacity_, level_ + (ticket.held > 0 ? ticket.held : no_retry_increment_));
    }

private:
    double capacity_, retry_cost_, timeout_cost_, no_retry_increment_;
    double level_;
};

}  // namespace

PartKind aws_quota_budget_kind() {
    PartKind k{Part::budget, "aws-quota", "the AWS SDK standard mode's retry quota (botocore)",
               "quota starts at capacity; a retry needs and takes retry_cost (timeout_cost after a timeout); "
               "a success returns the item's last retry cost, or no_retry_increment, capped at capacity",
               {
                   {"capacity", ParamType::number, 500.0, "quota size", {}},
                   {"retry_cost", ParamType::number, 5.0, "cost of a retry", {}},
                   {"timeout_cost", ParamType::number, 10.0, "cost of a retry after a timeout", {}},
                   {"no_retry_increment", ParamType::number, 1.0, "what a first-try success returns", {}},
               }};
    k.make_budget = [](const Params& p) -> std::unique_ptr<Budget> { return std::make_unique<AwsQuota>(p); };
    return k;
}

}  // namespace ratesim::models
