#pragma once
// Which of a pool's per-minute limits caps the rate of requests, and at how
// many requests per minute, for requests of given mean sizes: RPM itself, or
// ITPM (OTPM) divided by the mean input (output) tokens a request counts,
// or the legacy TPM (TPD / 1440) divided by its input + output tokens. A
// pure function of the limits and the sizes, so it can be asked per pool, per
// client group, or for an organization's mix.
#include <optional>

namespace ratesim::run {

enum class LimitDimension { rpm, itpm, otpm, tpm, tpd };

// "RPM", "ITPM", "OTPM", "TPM", "TPD".
const char* limit_dimension_name(LimitDimension dimension);

// A pool's limits per minute (tpd: per day); absent: not limited.
struct PoolLimits {
    std::optional<double> rpm, itpm, otpm;
    std::optional<double> tpm = std::nullopt, tpd = std::nullopt;
};

// The tokens a mean request counts against ITPM (input, cache writes, and
// cache reads where the pool counts them) and against OTPM (its output).
struct MeanRequest {
    double input_tokens = 0;
    double output_tokens = 0;
};

struct BindingLimit {
    LimitDimension dimension = LimitDimension::rpm;
    double limit = 0;  // the binding limit itself, per minute (TPD: per day), in its own unit
    double requests_per_minute = 0;  // the request rate it allows
};

// The limit that allows the fewest requests per minute; absent when no
// dimension limits these requests (no limit, or a token limit with a mean of
// zero tokens). A tie goes to RPM, then ITPM.
std::optional<BindingLimit> binding_limit(const PoolLimits& limits, const MeanRequest& request);

}  // namespace ratesim::run
