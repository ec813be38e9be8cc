#pragma once
// What one request counts against its pool's limits and what it is billed:
// the same for a real-time attempt and for a request of a Message Batch.
#include "models/client_group.hpp"

namespace ratesim::models {

// Counted input is input + cache creation (+ cache reads where the pool
// counts them); the price is the group's (nothing for a model the catalogue
// lacks), times its discount.
AttemptCost attempt_cost(const ClientGroup& g, const RequestSizes& sizes, bool cache_reads_count);
// The same at the given prices: a routed item's are its model's.
AttemptCost attempt_cost(const std::optional<ModelPrices>& prices, double price_factor,
                         const RequestSizes& sizes, bool cache_reads_count);

}  // namespace ratesim::models
