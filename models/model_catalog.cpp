#include "models/model_catalog.hpp"

namespace ratesim::models {

namespace {

struct Entry {
    const char* prefix;
    ModelInfo info;
};

// Opus prices are Opus 4.5+'s, the only Opus row in the reference. The
// latencies are assumptions (none are published): the larger the model, the
// slower its first token and its generation.
const Entry kCatalog[] = {
    {"claude-opus", {"claude-opus-*", "opus", {5.0, 6.25, 10.0, 0.50, 25.0}, false, {1.5, 4.0, 40}}},
    {"claude-sonnet", {"claude-sonnet-*", "sonnet", {3.0, 3.75, 6.0, 0.30, 15.0}, false, {1.0, 3.0, 60}}},
    {"claude-haiku", {"claude-haiku-*", "haiku", {1.0, 1.25, 2.0, 0.10, 5.0}, false, {0.5, 1.5, 120}}},
};

}  // namespace

std::optional<ModelInfo> model_info(const std::string& model) {
    for (const Entry& e : kCatalog)
        if (model.rfind(e.prefix, 0) == 0) return e.info;
    return std::nullopt;
}

std::optional<ModelPrices> prices_for(const std::string& model) {
    if (auto info = model_info(model)) return info->prices;
    return std::nullopt;
}

std::vector<std::string> catalog_models() {
    std::vector<std::string> names;
    for (const Entry& e : kCatalog) names.push_back(e.info.family);
    return names;
}

double cost_usd(const ModelPrices& p, double input, double cache_read, double cache_write,
                double output) {
    return (input * p.input + cache_read * p.cache_read + cache_write * p.cache_write +
            output * p.output) / 1e6;
}

}  // namespace ratesim::models
