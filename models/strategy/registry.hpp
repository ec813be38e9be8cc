#pragma once
// Every strategy part kind and every named preset. Adding a kind is one
// source file that defines it plus one line in registry.cpp.
#include <memory>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "models/strategy/strategy.hpp"

namespace ratesim::models {

enum class Part { retry, pacing, budget };
const char* part_name(Part part);

struct PartKind {
    Part part;
    std::string name;
    std::string summary;  // one line
    std::string formula;  // the rule, as docs and `list strategies` print it
    std::vector<ParamSpec> params;
    // Exactly one of these is set, matching `part`.
    std::unique_ptr<RetryPolicy> (*make_retry)(const Params&) = nullptr;
    std::unique_ptr<Pacing> (*make_pacing)(const Params&) = nullptr;
    std::unique_ptr<Budget> (*make_budget)(const Params&) = nullptr;
    // It limits the attempts in flight of one instance, which with one
    // instance per worker never binds: it needs coordination: shared.
    bool caps_in_flight = false;
    // It looks at the anthropic-ratelimit-* headers (Response::headers). A
    // world whose strategies never do has the server skip computing them,
    // so a kind that reads them must say so, or it sees them all absent.
    bool reads_headers = false;
};

// A named strategy: a composition of parts with some parameters set.
struct StrategyPresetOverride {
    std::string param;
    ParamValue value;
};
struct StrategyPresetPart {
    std::string kind = "none";
    std::vector<StrategyPresetOverride> overrides;
};
struct StrategyPreset {
    std::string name;
    std::string summary;
    StrategyPresetPart retry, pacing, budget;
};

const std::vector<PartKind>& part_kinds();
const PartKind* find_kind(Part part, const std::string& name);  // nullptr if unknown
std::vector<std::string> kind_names(Part part);

const std::vector<StrategyPreset>& strategy_presets();
const StrategyPreset* find_strategy_preset(const std::string& name);  // nullptr if unknown

// A part with every parameter at its kind's default, then `overrides` applied.
PartConfig resolve_part(Part part, const StrategyPresetPart& preset_part);
StrategyConfig resolve_strategy_preset(const StrategyPreset& preset);

// Builds one instance of the strategy (one per worker, or one per group);
// a max_in_flight set beside the budget wraps it in a semaphore.
Strategy build_strategy(const StrategyConfig& config);

// What in `config` caps the attempts in flight of one instance (e.g.
// "max_in_flight", "budget kind 'aimd'"), or "" if nothing does.
std::string in_flight_cap_of(const StrategyConfig& config);

// Human-readable expansion, e.g. "retry: full-jitter(base 1s, cap 60s, ...)".
std::string describe_part(Part part, const PartConfig& config);
std::string describe_strategy(const StrategyConfig& config);

}  // namespace ratesim::models
