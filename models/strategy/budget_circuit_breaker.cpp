// A circuit breaker on retries, as in Brooker's retry simulations ("Fixing
// retries with token buckets and circuit breakers", 2022), with the states
// of Hystrix and resilience4j:
//   closed    - retries go; the breaker opens when, over the last `window`,
//               at least `min_attempts` attempts ended and more than
//               `threshold` of them failed;
//   open      - no retry goes (the failed attempt's item fails) for
//               `open_time`;
//   half-open - the next `probes` retries go as probes: if they all succeed
//               the breaker closes with its counts cleared, and the first
//               that fails opens it again.
// First attempts always go, in every state: the breaker guards retries, as
// in Brooker's simulations, not the client's own traffic.
#include <algorithm>

#include "models/strategy/registry.hpp"
#include "models/strategy/windowed_sum.hpp"

namespace ratesim::models {

namespace {

// Ten slices, as Finagle's WindowedAdder and Hystrix's rolling counters
// keep: the window covers between 0.9 and 1 times its length.
constexpr int kSlices = 10;

class CircuitBreaker final : public Budget {
public:
    explicit CircuitBreaker(const Params& p)
        : threshold_(p.number("threshold")),
          min_attempts_(p.number("min_attempts")),
          open_time_(engine::from_seconds(p.number("open_time"))),
          probes_(static_cast<int>(p.number("probes"))),
          window_(engine::from_seconds(p.number("window"))),
          ended_(window_, kSlices),
          failed_(window_, kSlices) {}

    BudgetAnswer try_start(bool, engine::Time, BudgetTicket&) override { return BudgetAnswer::go; }

    bool allow_retry(const Response&, engine::Time now, BudgetTicket& ticket) override {
        if (state_ == State::open && now >= engine::later(opened_at_, open_time_)) {
            state_ = State::half_open;
            ++spell_;
            probes_sent_ = probes_passed_ = 0;
        }
        switch (state_) {
            case State::closed: return true;
            case State::open: return false;
            case State::half_open:
                if (probes_sent_ == probes_) return false;
                ++probes_sent_;
                ticket.probe_of = spell_;
                return true;
        }
        return false;
    }

    void on_end(const Response& response, engine::Time now, BudgetTicket& ticket) override {
        const bool failed = !response.succeeded();
        ended_.add(now, 1);
        if (failed) failed_.add(now, 1);
        const bool probe = state_ == State::half_open && ticket.probe_of == spell_;
        ticket.probe_of = 0;  // a probe of an earlier spell ends as any attempt
        if (probe) {
            if (failed)
                open(now);
            else if (++probes_passed_ == probes_)
                close();
            return;
        }
        if (state_ == State::closed && failed) {
            const double ended = ended_.sum(now);
            if (ended >= min_attempts_ && failed_.sum(now) > threshold_ * ended) open(now);
        }
    }

private:
    enum class State { closed, open, half_open };

    void open(engine::Time now) {
        state_ = State::open;
        opened_at_ = now;
    }
    void close() {
        state_ = State::closed;
        ended_ = WindowedSum(window_, kSlices);
        failed_ = WindowedSum(window_, kSlices);
    }

    double threshold_;
    double min_attempts_;
    engine::Time open_time_;
    int probes_;
    engine::Time window_;
    WindowedSum ended_, failed_;
    State state_ = State::closed;
    engine::Time opened_at_ = 0;
    int spell_ = 0;  // half-open spells so far
    int probes_sent_ = 0, probes_passed_ = 0;
};

}  // namespace

PartKind circuit_breaker_budget_kind() {
    PartKind k{Part::budget, "circuit-breaker",
               "a circuit breaker on retries: closed, open for open_time once the recent failure rate "
               "is above a threshold, then half-open for a few probe retries",
               "closed: retries go; opens when failed > threshold * ended over the last window "
               "(with ended >= min_attempts); open: no retries for open_time; half-open: the next "
               "`probes` retries go, all succeed -> closed (counts cleared), one fails -> open; "
               "first attempts always go",
               {
                   {"threshold", ParamType::fraction, 0.5, "the failure rate above which the breaker opens", {}},
                   {"window", ParamType::duration, 10.0, "the window the failure rate covers", {}},
                   {"min_attempts", ParamType::count, 20.0,
                    "ended attempts in the window below which the breaker does not open", {}},
                   {"open_time", ParamType::duration, 5.0, "how long the breaker stays open", {}},
                   {"probes", ParamType::count, 1.0,
                    "retries let through when half-open; all must succeed to close", {}},
               }};
    k.make_budget = [](const Params& p) -> std::unique_ptr<Budget> { return std::make_unique<CircuitBreaker>(p); };
    return k;
}

}  // namespace ratesim::models
