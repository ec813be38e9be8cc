#pragma once
// Strategies in scenario files: a preset name, or a map
// {name, preset, retry, pacing, budget, max_in_flight, routing} whose
// first three parts are a kind name or {kind: ..., <params>}; routing's
// fallbacks are models of `api`'s pools (routing_reader.hpp). Kinds, parameters and presets come
// from the registry (models/strategy/registry.hpp).
#include <string>

#include "models/config.hpp"
#include "models/strategy/params.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// Reads a strategy; `fallback_label` names it when neither `name` nor a
// preset does (e.g. "custom-1").
models::StrategyConfig read_strategy(const YamlNode& node, const std::string& fallback_label,
                                     const models::ApiConfig& api);

// Reads one parameter value according to its declared type.
models::ParamValue read_param(const YamlNode& node, const models::ParamSpec& spec);

// What a parameter of this type may be, for messages and docs.
std::string param_forms(const models::ParamSpec& spec);

}  // namespace ratesim::scenario
