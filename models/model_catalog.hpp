#pragma once
// What the simulator knows about a model by name: its list prices.
// Source: the pricing table in shared/reference/anthropic-api.md.
#include <optional>
#include <string>

namespace ratesim::models {

// USD per million tokens.
struct ModelPrices {
    double input = 0;
    double cache_write = 0;  // 5-minute cache write
    double cache_read = 0;
    double output = 0;
};

// Prices by model family (claude-opus-*, claude-sonnet-*, claude-haiku-*);
// nothing for an unknown model.
std::optional<ModelPrices> prices_for(const std::string& model);

double cost_usd(const ModelPrices& prices, double input, double cache_read, double cache_write,
                double output);

}  // namespace ratesim::models
