#pragma once
// One limit pool of the organization (e.g. all Sonnet 4.x models): its
// request, input-token and output-token buckets (and the legacy combined
// tokens-per-minute and tokens-per-day buckets where it has them), admission
// across all of them, and the headers a response from this pool carries.
#include <cstddef>
#include <optional>
#include <span>

#include "models/config.hpp"
#include "models/response.hpp"
#include "models/token_bucket.hpp"

namespace ratesim::models {

// What one attempt asks of a pool.
struct AttemptCost {
    double input_tokens = 0;  // counted input: input + cache creation (+ cache reads if they count)
    double max_tokens = 0;
    double output_tokens = 0;
    double usd = 0;  // what the attempt is billed if admitted (for the spend cap)
};

struct AdmissionDecision {
    bool admitted = false;
    bool never_admissible = false;  // needs more than some bucket's capacity
    Dimension exceeded = Dimension::requests;
    engine::Time retry_after = 0;      // whole seconds, at least 1 (429 only)
};

class LimitPool {
public:
    LimitPool(const PoolConfig& config, engine::Time burst);

    const PoolConfig& config() const { return config_; }
    OutputAccounting output_accounting() const { return config_.output_accounting; }

    // Admits and charges the attempt if every bucket has room.
    AdmissionDecision try_admit(const AttemptCost& cost, engine::Time now);
    // The same in two steps, for an attempt that must fit several pools
    // (a workspace's and the organization's): check all, then charge all.
    AdmissionDecision check(const AttemptCost& cost, engine::Time now);
    void charge(const AttemptCost& cost);

    // Streamed accounting: output promised at admission is drawn linearly
    // over the generation window (from OTPM, TPM and TPD alike).
    void begin_output(double tokens, double seconds, engine::Time now);
    void end_output(double tokens, double seconds, engine::Time now);
    // Reserve-max-tokens accounting: the unused part of max_tokens comes back.
    void settle_reservation(const AttemptCost& cost, engine::Time now);

    RateLimitHeaders headers(engine::Time now);  // advances every bucket to `now` first
    // Brings every bucket's level to `now`, as headers() does.
    void advance(engine::Time now);

    bool limits(Dimension d) const { return bucket(d).has_value(); }
    // Level as a fraction of capacity, for sampling; NaN when not limited.
    double fill_fraction(Dimension d, engine::Time now);

private:
    std::optional<TokenBucket>& bucket(Dimension d) { return buckets_[static_cast<int>(d)]; }
    const std::optional<TokenBucket>& bucket(Dimension d) const {
        return buckets_[static_cast<int>(d)];
    }
    bool reserves_max_tokens() const {
        return config_.output_accounting == OutputAccounting::reserve_max_tokens;
    }
    // What dimension `d` must hold to admit the attempt, and what charge() takes from it.
    double need(Dimension d, const AttemptCost& cost) const;

    // The dimensions the pool limits, in kAllDimensions order, and those of
    // them that count output: the loops of every attempt go over these only.
    std::span<const Dimension> limited() const { return {limited_, limited_count_}; }
    std::span<const Dimension> output_limited() const { return {output_, output_count_}; }

    PoolConfig config_;
    std::optional<TokenBucket> buckets_[kDimensions];
    Dimension limited_[kDimensions] = {};
    Dimension output_[kDimensions] = {};
    std::size_t limited_count_ = 0, output_count_ = 0;
};

}  // namespace ratesim::models
