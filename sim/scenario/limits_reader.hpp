#pragma once
// The `api:` keys beyond the organization's pools: workspaces, the monthly
// spend cap, the acceleration limit and Message Batches. Internal to the loader.
#include <optional>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace ratesim::scenario {

// `workspaces: {NAME: {pools: {POOL: {rpm, itpm, otpm}}}}`; each POOL must
// be one of `pools` and each limit at most the organization's.
std::vector<models::WorkspaceConfig> read_workspaces(const YamlNode& node,
                                                     const std::vector<models::PoolConfig>& pools);

// Gives each pool whose first catalogued model has default latency that
// latency, for the parts `latency` (api.latency, if given) leaves out.
void apply_model_latency(std::vector<models::PoolConfig>& pools,
                         const std::optional<YamlNode>& latency);

// `spend_cap: 500` (USD per month) or `none`.
std::optional<double> read_spend_cap(const YamlNode& node);

// `spend_month: {spent: 480, ends_in: 2h}`: USD already spent this month
// and the simulated time until the month ends (later months last 30 days).
void read_spend_month(const YamlNode& node, models::ApiConfig& api);

// `acceleration: {window: 1m, growth: 2, floor: 50}` or `off`.
models::AccelerationConfig read_acceleration(const YamlNode& node);

// `batches: {rpm, queue, max_batch_requests, turnaround, expiry, price_factor}`.
models::MessageBatchesConfig read_message_batches(const YamlNode& node, const std::string& base_dir);

}  // namespace ratesim::scenario
