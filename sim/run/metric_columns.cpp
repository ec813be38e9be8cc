#include "sim/run/metric_columns.hpp"

namespace ratesim::run {

#define RATESIM_COUNT(field) \
    MetricColumn { #field, [](const RunMetrics& m) { return static_cast<double>(m.field); }, true }
#define RATESIM_VALUE(field) \
    MetricColumn { #field, [](const RunMetrics& m) { return m.field; }, false }

const std::vector<MetricColumn>& metric_columns() {
    static const std::vector<MetricColumn> columns = {
        RATESIM_COUNT(items),         RATESIM_COUNT(succeeded),     RATESIM_COUNT(failed),
        RATESIM_COUNT(pending),       RATESIM_COUNT(in_progress),   RATESIM_COUNT(unserved),
        RATESIM_COUNT(owed),
        RATESIM_COUNT(attempts),      RATESIM_COUNT(ok),
        RATESIM_COUNT(r429),          RATESIM_COUNT(r529),          RATESIM_COUNT(r5xx),
        RATESIM_COUNT(r4xx),
        RATESIM_COUNT(timeouts),      RATESIM_COUNT(midstream_errors),
        RATESIM_COUNT(never_admissible), RATESIM_COUNT(r429_requests),
        RATESIM_COUNT(r429_input_tokens), RATESIM_COUNT(r429_output_tokens),
        RATESIM_COUNT(r429_spend_limit),
        RATESIM_VALUE(rate_429),      RATESIM_VALUE(rate_529),      RATESIM_VALUE(rate_midstream),
        RATESIM_VALUE(amplification),
        RATESIM_VALUE(goodput_rpm),   RATESIM_VALUE(goodput_itpm),  RATESIM_VALUE(goodput_otpm),
        RATESIM_VALUE(util_rpm),      RATESIM_VALUE(util_itpm),     RATESIM_VALUE(util_otpm),
        RATESIM_VALUE(latency_p50_s), RATESIM_VALUE(latency_p90_s), RATESIM_VALUE(latency_p99_s),
        RATESIM_VALUE(latency_max_s), RATESIM_VALUE(makespan_s),    RATESIM_VALUE(fairness_jain),
        RATESIM_VALUE(cost_usd),      RATESIM_VALUE(wasted_usd),    RATESIM_VALUE(simulated_s),
        RATESIM_COUNT(events),
    };
    return columns;
}

}  // namespace ratesim::run
