#include "models/model_catalog.hpp"

namespace ratesim::models {

std::optional<ModelPrices> prices_for(const std::string& model) {
    auto starts = [&](const char* prefix) { return model.rfind(prefix, 0) == 0; };
    if (starts("claude-opus")) return ModelPrices{5.0, 6.25, 0.50, 25.0};   // Opus 4.5+
    if (starts("claude-sonnet")) return ModelPrices{3.0, 3.75, 0.30, 15.0};  // Sonnet 4.x
    if (starts("claude-haiku")) return ModelPrices{1.0, 1.25, 0.10, 5.0};    // Haiku 4.5
    return std::nullopt;
}

double cost_usd(const ModelPrices& p, double input, double cache_read, double cache_write,
                double output) {
    return (input * p.input + cache_read * p.cache_read + cache_write * p.cache_write +
            output * p.output) / 1e6;
}

}  // namespace ratesim::models
