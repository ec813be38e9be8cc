#include "models/billing.hpp"

namespace ratesim::models {

AttemptCost attempt_cost(const ClientGroup& g, const RequestSizes& sizes, bool cache_reads_count) {
    return attempt_cost(g.prices, g.price_factor, sizes, cache_reads_count);
}

AttemptCost attempt_cost(const std::optional<ModelPrices>& prices, double price_factor,
                         const RequestSizes& sizes, bool cache_reads_count) {
    AttemptCost cost;
    cost.input_tokens = sizes.input_tokens + sizes.cache_creation_tokens +
                        (cache_reads_count ? sizes.cache_read_tokens : 0.0);
    cost.max_tokens = sizes.max_tokens;
    cost.output_tokens = sizes.output_tokens;
    cost.usd =
        prices ? price_factor * cost_usd(*prices, sizes.input_tokens, sizes.cache_read_tokens,
                                             sizes.cache_creation_tokens, sizes.output_tokens)
                 : 0.0;
    return cost;
}

}  // namespace ratesim::models
