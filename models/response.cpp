#include "models/response.hpp"

#include <initializer_list>

namespace ratesim::models {

void RateLimitHeaders::combine_tokens() {
    const LimitHeader& in = (*this)[Dimension::input_tokens];
    const LimitHeader& out = (*this)[Dimension::output_tokens];
    if (in.present && out.present)
        tokens = (in.remaining / in.limit <= out.remaining / out.limit) ? in : out;
    else if (in.present)
        tokens = in;
    else if (out.present)
        tokens = out;
    // The legacy combined limits compete only where present, so a pool
    // without them keeps the choice above exactly.
    for (const Dimension d : {Dimension::tokens_per_minute, Dimension::tokens_per_day}) {
        const LimitHeader& h = (*this)[d];
        if (h.present && (!tokens.present || h.remaining / h.limit < tokens.remaining / tokens.limit))
            tokens = h;
    }
}

}  // namespace ratesim::models
