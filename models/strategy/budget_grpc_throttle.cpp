// gRPC retry throttling (gRFC A6): a token count in [0, max_tokens],
// starting full; a failed attempt takes 1, a success adds token_ratio, and a
// retry is allowed only while tokens > max_tokens / 2.
#include <algorithm>

#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class GrpcThrottle final : public Budget {
public:
    explicit GrpcThrottle(const Params& p)
        : max_(p.number("max_tokens")), ratio_(p.number("token_ratio")), failure_on_(p.statuses("failure_on")),
          tokens_(max_) {}

    BudgetAnswer try_start(bool, engine::Time, BudgetTicket&) override { return BudgetAnswer::go; }
    bool allow_retry(const Response&, engine::Time, BudgetTicket&) override { return tokens_ > max_ / 2; }
    void on_end(const Response& response, engine::Time, BudgetTicket&) override {
        if (response.succeeded())
            tokens_ = std::min(max_, tokens_ + ratio_);
        else if (failure_on_.contains(response.failure_status()))
            tokens_ = std::max(0.0, tokens_ - 1);
    }

private:
    double max_, ratio_;
    StatusSet failure_on_;
    double tokens_;
};

}  // namespace

PartKind grpc_throttle_budget_kind() {
    StatusSet failures;
    failures.add(429);
    failures.add_range(500, 599);
    failures.add(StatusSet::kTimeout);
    PartKind k{Part::budget, "grpc-throttle", "gRPC retry throttling (gRFC A6)",
               "tokens start at max_tokens; failure: tokens -= 1, success: tokens += token_ratio, within "
               "[0, max_tokens]; retry only while tokens > max_tokens / 2",
               {
                   {"max_tokens", ParamType::number, 10.0, "maxTokens", {}},
                   {"token_ratio", ParamType::number, 0.1, "tokenRatio: what a success adds", {}},
                   {"failure_on", ParamType::statuses, failures, "statuses that take a token", {}},
               }};
    k.make_budget = [](const Params& p) -> std::unique_ptr<Budget> { return std::make_unique<GrpcThrottle>(p); };
    return k;
}

}  // namespace ratesim::models
