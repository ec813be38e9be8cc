#include "models/response.hpp"

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
}

}  // namespace ratesim::models
