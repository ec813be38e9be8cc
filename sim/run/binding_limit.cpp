#include "sim/run/binding_limit.hpp"

#include <cmath>

namespace ratesim::run {

const char* limit_dimension_name(LimitDimension dimension) {
    switch (dimension) {
        case LimitDimension::rpm: return "RPM";
        case LimitDimension::itpm: return "ITPM";
        case LimitDimension::otpm: return "OTPM";
        case LimitDimension::tpm: return "TPM";
        case LimitDimension::tpd: return "TPD";
    }
    return "?";
}

std::optional<BindingLimit> binding_limit(const PoolLimits& limits, const MeanRequest& request) {
    std::optional<BindingLimit> best;
    // minutes: of the limit's period (a day is 1440 of them).
    auto consider = [&](LimitDimension dimension, const std::optional<double>& limit, double per_request,
                        double minutes = 1.0) {
        if (!limit || !std::isfinite(*limit) || !(per_request > 0) || !std::isfinite(per_request)) return;
        const double requests = *limit / minutes / per_request;
        if (!best || requests < best->requests_per_minute) best = BindingLimit{dimension, *limit, requests};
    };
    consider(LimitDimension::rpm, limits.rpm, 1.0);
    consider(LimitDimension::itpm, limits.itpm, request.input_tokens);
    consider(LimitDimension::otpm, limits.otpm, request.output_tokens);
    const double tokens = request.input_tokens + request.output_tokens;
    consider(LimitDimension::tpm, limits.tpm, tokens);
    consider(LimitDimension::tpd, limits.tpd, tokens, 1440.0);
    return best;
}

}  // namespace ratesim::run
