// A client-side sliding-window cap: at most `requests` sends, and at most
// `tokens` counted input tokens, in any span of `window`. The sends still in
// the window are kept as a log (a ring of at most `requests` entries, sized
// once). An attempt that would break either cap waits until enough of the
// oldest sends have left the window. The issue asking for it names the WB
// strategy of Farkiani et al. 2025 (arXiv 2510.04516); this rule is the
// plain sliding-window log, not a reproduction of that paper's parameters.
#include <cstddef>
#include <limits>
#include <vector>

#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class SlidingWindowCap final : public Pacing {
public:
    explicit SlidingWindowCap(const Params& p)
        : window_(engine::from_seconds(p.number("window"))),
          tokens_cap_(p.number("tokens")),
          log_(static_cast<std::size_t>(p.number("requests"))) {}

    engine::Time earliest_send(const SendIntent& intent, engine::RandomStream&) override {
        forget_before(intent.now);
        // Let the oldest sends leave one by one until the attempt fits; a
        // request over the whole token cap goes once the window is empty.
        std::size_t left = logged_;
        double tokens = tokens_in_log_;
        engine::Time at = intent.now;
        for (std::size_t k = 0;; ++k) {
            if (left < log_.size() && (left == 0 || tokens + intent.input_tokens <= tokens_cap_)) return at;
            const Send& oldest = log_[(oldest_ + k) % log_.size()];
            at = engine::later(oldest.at, window_);
            tokens -= oldest.input_tokens;
            --left;
        }
    }

    void on_send(const SendIntent& intent) override {
        forget_before(intent.now);
        if (logged_ == log_.size()) drop_oldest();  // a send the cap let through regardless
        log_[(oldest_ + logged_) % log_.size()] = {intent.now, intent.input_tokens};
        ++logged_;
        tokens_in_log_ += intent.input_tokens;
    }

private:
    struct Send {
        engine::Time at = 0;
        double input_tokens = 0;
    };

    void forget_before(engine::Time now) {
        while (logged_ > 0 && engine::later(log_[oldest_].at, window_) <= now) drop_oldest();
    }
    void drop_oldest() {
        tokens_in_log_ = --logged_ == 0 ? 0 : tokens_in_log_ - log_[oldest_].input_tokens;
        oldest_ = (oldest_ + 1) % log_.size();
    }

    engine::Time window_;
    double tokens_cap_;
    std::vector<Send> log_;
    std::size_t oldest_ = 0;
    std::size_t logged_ = 0;
    double tokens_in_log_ = 0;
};

}  // namespace

PartKind sliding_window_pacing_kind() {
    PartKind k{Part::pacing, "sliding-window",
               "a client-side sliding-window cap: at most `requests` sends and `tokens` input tokens "
               "in any `window`",
               "send at the first t >= now at which the sends logged in (t - window, t] number fewer "
               "than `requests` and their input tokens plus this request's are at most `tokens` "
               "(or none are left)",
               {
                   {"requests", ParamType::count, 50.0, "sends allowed in any one window", {}},
                   {"tokens", ParamType::number_or_none, std::numeric_limits<double>::infinity(),
                    "counted input tokens allowed in any one window", {}},
                   {"window", ParamType::duration, 60.0, "the window's length", {}},
               }};
    k.make_pacing = [](const Params& p) -> std::unique_ptr<Pacing> { return std::make_unique<SlidingWindowCap>(p); };
    return k;
}

}  // namespace ratesim::models
