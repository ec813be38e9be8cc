#pragma once
// The figures of one run (one variant, one replication): what summary.csv,
// summary.json and the terminal table report, for the organization and, in
// `groups`, for each client group.
#include <cstdint>
#include <string>
#include <vector>

namespace ratesim::run {

// The group name of the organization's figures (summary.csv, timeseries.csv).
inline constexpr const char* kAllGroups = "all";

// Where routing sent one scope's traffic: its figures at one model. Only
// runs in which some group routes or falls back have them (models.csv).
struct ModelMetrics {
    std::string group = kAllGroups;  // the organization, or one client group
    std::string model;
    // attempts answered (or timed out) by the run's end, by the model they went to
    std::int64_t attempts = 0, ok = 0, r429 = 0, r529 = 0;
    // items finished, by the model of their last attempt
    std::int64_t items_succeeded = 0, items_failed = 0;
    double cost_usd = 0;  // billed at this model's prices
};

struct RunMetrics {
    std::string variant;
    std::string strategy;  // the variant's expansion into parts
    int replication = 0;
    std::string group = kAllGroups;  // the client group these figures count, or the organization

    std::int64_t items = 0, succeeded = 0, failed = 0, pending = 0;
    // pending = in_progress + unserved: items a worker had taken up (sent, or
    // waiting to retry) and items never taken up when the run stopped.
    std::int64_t in_progress = 0, unserved = 0;
    // owed: of pending, what the run still owed its clients when it stopped,
    // the rule of plan's implied targets: a batch group owes all its pending
    // items, an open-loop group (poisson, trace) only its unserved ones (its
    // requests still in flight after the arrival window and drain are no
    // miss). A variant with failed or owed items did not finish its work.
    std::int64_t owed = 0;
    std::int64_t attempts = 0, ok = 0, r429 = 0, r529 = 0, r5xx = 0, timeouts = 0;
    // Other 4xx answers: 408, 409 (error rules) and 413 request_too_large.
    std::int64_t r4xx = 0;
    // A 200 stream that broke off with overloaded_error (an incident's
    // midstream rule): an outcome of its own, neither ok nor r529.
    std::int64_t midstream_errors = 0;
    std::int64_t never_admissible = 0;
    std::int64_t r429_requests = 0, r429_input_tokens = 0, r429_output_tokens = 0;  // by the limit named
    std::int64_t r429_spend_limit = 0;  // enforced_spend_limit_reached (not a rate limit)

    double rate_429 = 0, rate_529 = 0, rate_midstream = 0, amplification = 0;
    double goodput_rpm = 0, goodput_itpm = 0, goodput_otpm = 0;
    double util_rpm = 0, util_itpm = 0, util_otpm = 0;  // NaN where not limited
    double latency_p50_s = 0, latency_p90_s = 0, latency_p99_s = 0, latency_max_s = 0;
    // When the last item finished: NaN unless the work is finite (fixed items
    // or a trace, in every group counted) and every item finished.
    double makespan_s = 0;
    double fairness_jain = 0;
    // Item latency (s) at each of latency_cdf_fractions(); empty without successes.
    std::vector<double> latency_cdf_s;
    double cost_usd = 0, wasted_usd = 0;

    double simulated_s = 0;  // where the run's clock stopped (the same in every group's figures)
    std::uint64_t events = 0;  // of the whole run (the same in every group's figures)

    // Per client group, in the scenario's order, when there are two or more;
    // each counted by its own counters (not a share of the organization's).
    std::vector<RunMetrics> groups;
    // With routing: the organization's rows, model by model, then each group's
    // (with two or more groups); empty without routing.
    std::vector<ModelMetrics> models;
};

}  // namespace ratesim::run
