#include "models/strategy/registry.hpp"

#include "models/strategy/in_flight_cap.hpp"

#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace ratesim::models {

// Each kind lives in its own source file; registering one is a line here.
#define RATESIM_KINDS(X)            \
    X(no_retry_kind)                \
    X(immediate_retry_kind)         \
    X(fixed_retry_kind)             \
    X(exponential_retry_kind)       \
    X(full_jitter_retry_kind)       \
    X(equal_jitter_retry_kind)      \
    X(decorrelated_jitter_retry_kind) \
    X(sdk_retry_kind)               \
    X(no_pacing_kind)               \
    X(header_proactive_pacing_kind) \
    X(token_bucket_pacing_kind)     \
    X(aws_adaptive_pacing_kind)     \
    X(sre_throttle_pacing_kind)     \
    X(ramp_pacing_kind)             \
    X(adaptive_rate_pacing_kind)    \
    X(sliding_window_pacing_kind)   \
    X(no_budget_kind)               \
    X(max_in_flight_budget_kind)    \
    X(aimd_budget_kind)             \
    X(retry_budget_kind)            \
    X(retry_ratio_budget_kind)      \
    X(circuit_breaker_budget_kind)  \
    X(grpc_throttle_budget_kind)    \
    X(aws_quota_budget_kind)

#define RATESIM_DECLARE(fn) PartKind fn();
RATESIM_KINDS(RATESIM_DECLARE)
#undef RATESIM_DECLARE

const char* part_name(Part part) {
    switch (part) {
        case Part::retry: return "retry";
        case Part::pacing: return "pacing";
        case Part::budget: return "budget";
    }
    return "?";
}

const std::vector<PartKind>& part_kinds() {
#define RATESIM_CALL(fn) fn(),
    static const std::vector<PartKind> kinds = [] {
        std::vector<PartKind> v;
        PartKind list[] = {RATESIM_KINDS(RATESIM_CALL)};
        for (auto& k : list) v.push_back(std::move(k));
        return v;
    }();
#undef RATESIM_CALL
    return kinds;
}

const PartKind* find_kind(Part part, const std::string& name) {
    for (const auto& k : part_kinds())
        if (k.part == part && k.name == name) return &k;
    return nullptr;
}

std::vector<std::string> kind_names(Part part) {
    std::vector<std::string> names;
    for (const auto& k : part_kinds())
        if (k.part == part) names.push_back(k.name);
    return names;
}

namespace {

StrategyPresetPart retry(std::string kind, std::vector<StrategyPresetOverride> overrides = {}) {
    return {std::move(kind), std::move(overrides)};
}

// botocore standard mode: before attempt a (a = 1 first retry) U(0, 1) *
// min(2^(a-1), 20) s, which is full jitter with base 1 s, cap 20 s; 3 attempts.
StrategyPresetPart aws_retry() {
    return retry("full-jitter", {{"base", 1.0}, {"cap", 20.0}, {"max_retries", 2.0}});
}

}  // namespace

const std::vector<StrategyPreset>& strategy_presets() {
    static const std::vector<StrategyPreset> list = {
        {"naive", "retry at once, forever: the retry storm", retry("immediate"), {}, {}},
        {"exponential", "exponential backoff without jitter, base 1s, cap 60s",
         retry("exponential"), {}, {}},
        {"full-jitter", "exponential backoff with full jitter, base 1s, cap 60s",
         retry("full-jitter"), {}, {}},
        {"equal-jitter", "exponential backoff with equal jitter, base 1s, cap 60s",
         retry("equal-jitter"), {}, {}},
        {"decorrelated-jitter", "decorrelated jitter, base 1s, cap 60s",
         retry("decorrelated-jitter"), {}, {}},
        {"retry-after", "honor retry-after; exponential backoff when it is absent",
         retry("exponential", {{"retry_after", std::string("honor")}}), {}, {}},
        {"header-proactive",
         "pause while any remaining < 10% of its limit, until reset; honor retry-after",
         retry("exponential", {{"retry_after", std::string("honor")}}),
         {"header-proactive", {{"threshold", 0.1}}}, {}},
        {"sdk-default", "the official Anthropic SDK: 2 retries, retry-after up to 60s",
         retry("sdk"), {}, {}},
        // TypeScript SDK 1.15.0, client.js retryRequest: a wait is honored when
        // 0 < ms <= 2^31 - 1 (one timer's range), else the default backoff.
        {"sdk-ts", "the TypeScript SDK 1.15.0: a retry-after up to 2^31-1 ms (24.9 days) is honored",
         retry("sdk", {{"retry_after_cap", 2147483.647}}), {}, {}},
        {"client-token-bucket",
         "OpenAI cookbook limiter at 50% of the limits; 5 attempts, no backoff, 15 s pause after a 429",
         retry("immediate", {{"max_retries", 4.0}}), {"token-bucket", {}}, {}},
        {"aws-standard", "AWS SDK standard mode: 3 attempts, U(0, min(2^n, 20)) s, retry quota 500",
         aws_retry(), {}, {"aws-quota", {}}},
        {"aws-adaptive", "AWS SDK adaptive mode: standard mode plus the CUBIC send-rate limiter",
         aws_retry(), {"aws-adaptive", {}}, {"aws-quota", {}}},
        {"sre-throttle",
         "Google SRE: client-side throttling (K = 2, 2 min), 3 attempts, retries < 10% of attempts",
         retry("full-jitter", {{"max_retries", 2.0}}), {"sre-throttle", {}}, {"retry-ratio", {}}},
        {"retry-budget", "full jitter, retries capped by Finagle's budget (20% of requests + 10/s)",
         retry("full-jitter"), {}, {"retry-budget", {}}},
        {"aimd", "full jitter under an AIMD concurrency limit (Netflix); needs coordination: shared",
         retry("full-jitter"), {}, {"aimd", {}}},
        {"grpc", "gRPC retry policy: 4 attempts, U(0, min(0.1 s * 2^n, 1 s)), retry throttling 10 / 0.1",
         retry("full-jitter", {{"base", 0.1}, {"cap", 1.0}, {"max_retries", 3.0}}), {},
         {"grpc-throttle", {}}},
    };
    return list;
}

const StrategyPreset* find_strategy_preset(const std::string& name) {
    for (const auto& p : strategy_presets())
        if (p.name == name) return &p;
    return nullptr;
}

PartConfig resolve_part(Part part, const StrategyPresetPart& preset_part) {
    const PartKind* kind = find_kind(part, preset_part.kind);
    if (!kind)
        throw std::logic_error(fmt::format("unknown {} kind '{}'", part_name(part), preset_part.kind));
    PartConfig config;
    config.kind = kind->name;
    for (const auto& spec : kind->params) config.params.set(spec.name, spec.default_value);
    for (const auto& o : preset_part.overrides) {
        if (!config.params.has(o.param))
            throw std::logic_error(fmt::format("{} kind '{}' has no parameter '{}'", part_name(part),
                                               kind->name, o.param));
        config.params.set(o.param, o.value);
    }
    return config;
}

StrategyConfig resolve_strategy_preset(const StrategyPreset& preset) {
    StrategyConfig config;
    config.name = preset.name;
    config.strategy_preset = preset.name;
    config.retry = resolve_part(Part::retry, preset.retry);
    config.pacing = resolve_part(Part::pacing, preset.pacing);
    config.budget = resolve_part(Part::budget, preset.budget);
    return config;
}

Strategy build_strategy(const StrategyConfig& config) {
    auto kind = [](Part part, const std::string& name) {
        const PartKind* k = find_kind(part, name);
        if (!k) throw std::logic_error(fmt::format("unknown {} kind '{}'", part_name(part), name));
        return k;
    };
    Strategy s;
    const PartKind* retry = kind(Part::retry, config.retry.kind);
    const PartKind* pacing = kind(Part::pacing, config.pacing.kind);
    const PartKind* budget = kind(Part::budget, config.budget.kind);
    s.retry = retry->make_retry(config.retry.params);
    s.pacing = pacing->make_pacing(config.pacing.params);
    s.budget = budget->make_budget(config.budget.params);
    s.reads_headers = retry->reads_headers || pacing->reads_headers || budget->reads_headers;
    if (config.max_in_flight > 0) s.budget = with_in_flight_cap(std::move(s.budget), config.max_in_flight);
    return s;
}

std::string in_flight_cap_of(const StrategyConfig& config) {
    if (config.max_in_flight > 0 || config.budget.kind == "max-in-flight") return "max_in_flight";
    for (const auto& [part, pc] : {std::pair{Part::pacing, &config.pacing}, std::pair{Part::budget, &config.budget}}) {
        const PartKind* kind = find_kind(part, pc->kind);
        if (kind && kind->caps_in_flight) return fmt::format("{} kind '{}'", part_name(part), kind->name);
    }
    return "";
}

std::string describe_part(Part part, const PartConfig& config) {
    const PartKind* kind = find_kind(part, config.kind);
    std::string out = config.kind;
    if (!kind || kind->params.empty()) return out;
    out += "(";
    bool first = true;
    for (const auto& spec : kind->params) {
        auto it = config.params.values().find(spec.name);
        if (it == config.params.values().end()) continue;
        out += fmt::format("{}{} {}", first ? "" : ", ", spec.name, describe_value(spec, it->second));
        first = false;
    }
    return out + ")";
}

std::string describe_strategy(const StrategyConfig& config) {
    std::string out = "retry: " + describe_part(Part::retry, config.retry);
    if (config.pacing.kind != "none") out += "; pacing: " + describe_part(Part::pacing, config.pacing);
    if (config.budget.kind != "none") out += "; budget: " + describe_part(Part::budget, config.budget);
    if (config.max_in_flight > 0) out += fmt::format("; max_in_flight: {}", config.max_in_flight);
    if (config.routing.enabled()) {
        std::string to;
        for (const auto& f : config.routing.fallbacks) to += (to.empty() ? "" : ", ") + f;
        out += fmt::format("; routing: fall back to {} on {} (cooldown {:g}s, at most {:g} per item)", to,
                           config.routing.on.describe(), config.routing.cooldown_s,
                           config.routing.max_fallbacks);
    }
    return out;
}

}  // namespace ratesim::models
