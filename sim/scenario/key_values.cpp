#include "sim/scenario/key_values.hpp"

#include <limits>

namespace ratesim::scenario {

namespace {

std::int64_t as_integer(double bound) {
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    if (bound >= static_cast<double>(kMax)) return kMax;
    if (bound <= static_cast<double>(std::numeric_limits<std::int64_t>::min()))
        return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(bound);
}

}  // namespace

YamlNode require_key(const YamlNode& map, const KeySpec& key) {
    return map.require(std::string(key.name), std::string(key.forms));
}

std::int64_t read_integer(const YamlNode& node, const KeySpec& key) {
    return node.integer(as_integer(key.min), as_integer(key.max), std::string(key.forms));
}

double read_number(const YamlNode& node, const KeySpec& key) {
    return node.number(key.min, key.max, std::string(key.forms));
}

std::string read_choice(const YamlNode& node, const KeySpec& key) {
    return node.choice(choices_of(key));
}

engine::Time read_duration(const YamlNode& node, const KeySpec& key) {
    if (key.alternative == "none") return node.duration_or_none(positive(key));
    return node.duration(positive(key));
}

double read_count(const YamlNode& node, const KeySpec& key) { return node.count(positive(key)); }

}  // namespace ratesim::scenario
