#pragma once
// What the simulator knows about a model by name: the limit pool its family
// shares in the tier presets, its list prices, and whether cache reads count
// toward ITPM. Source: Anthropic's pricing and rate-limits pages
// (https://docs.anthropic.com/en/docs/about-claude/pricing,
// https://docs.anthropic.com/en/api/rate-limits: cache reads do not count
// toward ITPM for current models).
#include <optional>
#include <string>
#include <vector>

namespace ratesim::models {

// USD per million tokens.
struct ModelPrices {
    double input = 0;
    double cache_write = 0;     // 5-minute cache write (1.25x input)
    double cache_write_1h = 0;  // 1-hour cache write (2x input)
    double cache_read = 0;
    double output = 0;
};

// Typical latency, used where a scenario's api.latency leaves it out. Not
// published: ratesim's assumption (docs/model.md §15).
struct ModelLatency {
    double time_to_first_token_median_s = 0;
    double time_to_first_token_p95_s = 0;
    double output_tokens_per_second = 0;  // mean; the sd is a sixth of it
};

struct ModelInfo {
    std::string family;  // the name pattern, e.g. claude-sonnet-*
    std::string pool;    // the tier presets' pool the family shares: sonnet, opus, haiku
    ModelPrices prices;
    bool cache_reads_count = false;  // cache reads count toward ITPM (old models only)
    ModelLatency latency;
};

// The catalogue entry for a model (by family prefix), or nothing.
std::optional<ModelInfo> model_info(const std::string& model);
// Prices by model family (claude-opus-*, claude-sonnet-*, claude-haiku-*);
// nothing for an unknown model.
std::optional<ModelPrices> prices_for(const std::string& model);
// The family patterns the catalogue knows, for messages.
std::vector<std::string> catalog_models();

// USD for one request's tokens (cache writes at the 5-minute price).
double cost_usd(const ModelPrices& prices, double input, double cache_read, double cache_write,
                double output);

}  // namespace ratesim::models
