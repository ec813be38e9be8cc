// A client-side sliding-window cap: at most `requests` sends in any span of
// `window`, kept as a log of the last `requests` send times (a ring, sized
// once). An attempt that would be one too many waits until the oldest send
// in the log leaves the window. The issue asking for it names the WB
// strategy of Farkiani et al. 2025 (arXiv 2510.04516); this rule is the
// plain sliding-window log, not a reproduction of that paper's parameters.
#include <cstddef>
#include <vector>

#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class SlidingWindowCap final : public Pacing {
public:
    explicit SlidingWindowCap(const Params& p)
        : window_(engine::from_seconds(p.number("window"))),
          sends_(static_cast<std::size_t>(p.number("requests")), 0) {}

    engine::Time earliest_send(const SendIntent& intent, engine::RandomStream&) override {
        if (logged_ < sends_.size()) return intent.now;
        const engine::Time free_at = engine::later(sends_[oldest_], window_);
        return free_at > intent.now ? free_at : intent.now;
    }

    void on_send(const SendIntent& intent) override {
        sends_[oldest_] = intent.now;  // the oldest leaves the log, the newest takes its slot
        oldest_ = (oldest_ + 1) % sends_.size();
        if (logged_ < sends_.size()) ++logged_;
    }

private:
    engine::Time window_;
    std::vector<engine::Time> sends_;
    std::size_t oldest_ = 0;  // while the log is not full, the next free slot
    std::size_t logged_ = 0;
};

}  // namespace

PartKind sliding_window_pacing_kind() {
    PartKind k{Part::pacing, "sliding-window",
               "a client-side sliding-window cap: at most `requests` sends in any `window`",
               "send at max(now, t[k - requests] + window), t the log of send times",
               {
                   {"requests", ParamType::count, 50.0, "sends allowed in any one window", {}},
                   {"window", ParamType::duration, 60.0, "the window's length", {}},
               }};
    k.make_pacing = [](const Params& p) -> std::unique_ptr<Pacing> { return std::make_unique<SlidingWindowCap>(p); };
    return k;
}

}  // namespace ratesim::models
