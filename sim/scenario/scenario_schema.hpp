#pragma once
// The JSON Schema (draft-07) of a scenario file, generated from the key table
// (scenario_keys.hpp), the strategy registry's part kinds and parameters,
// and the embedded tier presets, so that it cannot drift from the loader.
// `ratesim schema` prints it; docs/scenario.schema.json is that output, and
// editors read it through the modeline
//   # yaml-language-server: $schema=PATH
// Units are patterns (30s, 450k, 120/min), each strategy part kind is one
// branch of a oneOf, and every map the loader checks refuses other keys.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ratesim::scenario {

// The whole schema, keys in table order.
nlohmann::ordered_json scenario_schema();

// The modeline that points an editor at a schema.
std::string schema_modeline(const std::string& schema_location);

// The patterns of the unit forms, as the schema writes them (ECMA 262 and
// Python `re` read them alike).
extern const char* const kDurationPattern;  // 250ms, 30s, 1.5m, 2h, 1d
extern const char* const kCountPattern;     // 1000, 1.5k, 450k, 2M
extern const char* const kRatePattern;      // 2/s, 120/min, 100/h

// The name under `definitions` of a section's schema: "api.pools.*" is
// "api.pools.NAME", "clients[]" "clients.item", "<strategy>" "strategy";
// a <distribution> has one per measure ("distribution.tokens",
// "distribution.duration", "distribution.number"). The root section "" is
// the schema itself.
std::string schema_definition_name(std::string_view section);

// Every path `--set` can name, from the key table: user-chosen names and
// list elements as placeholders (api.pools.POOL.rpm, clients.CLIENT.workers),
// maps as their leaves, in table order.
std::vector<std::string> set_paths();

}  // namespace ratesim::scenario
