// Header-proactive pacing: read every response's rate-limit headers and hold
// new attempts while any dimension runs low, until that dimension's reset.
#include <algorithm>

#include "models/strategy/registry.hpp"

namespace ratesim::models {

namespace {

class HeaderProactive final : public Pacing {
public:
    explicit HeaderProactive(const Params& p) : threshold_(p.number("threshold")) {}

    engine::Time earliest_send(const SendIntent& intent, engine::RandomStream&) override {
        return std::max(intent.now, pause_until_);
    }

    void on_response(const Response& response, engine::Time) override {
        for (const LimitHeader& h : response.headers.dimension) {
            if (h.present && h.remaining < threshold_ * h.limit)
                pause_until_ = std::max(pause_until_, h.reset);
        }
    }

private:
    double threshold_;
    engine::Time pause_until_ = 0;
};

}  // namespace

PartKind header_proactive_pacing_kind() {
    PartKind k{Part::pacing, "header-proactive",
               "pause while any remaining < threshold * limit, until that dimension's reset",
               "after each response: if remaining_d < threshold * limit_d for some d, "
               "no attempt starts before reset_d",
               {{"threshold", ParamType::fraction, 0.1, "fraction of the limit", {}}}};
    k.reads_headers = true;
    k.make_pacing = [](const Params& p) -> std::unique_ptr<Pacing> {
        return std::make_unique<HeaderProactive>(p);
    };
    return k;
}

}  // namespace ratesim::models
