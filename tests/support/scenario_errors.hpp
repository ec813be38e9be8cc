#pragma once
// For tests of located scenario errors: a scenario text with one part
// replaced, the message its loading throws, and the "FILE:LINE:COLUMN:
// error: " it must start with. Include after <catch2/catch.hpp>.
#include <algorithm>
#include <string>

#include "sim/scenario/loader.hpp"

namespace ratesim::testing {

// `yaml` with its first `from` replaced by `to`.
inline std::string with_replaced(std::string yaml, const std::string& from, const std::string& to) {
    const auto at = yaml.find(from);
    REQUIRE(at != std::string::npos);
    return yaml.replace(at, from.size(), to);
}

// The ScenarioError that loading `yaml` as test.yaml throws; fails the test when none is.
inline std::string load_error(const std::string& yaml) {
    try {
        scenario::load_scenario_text(yaml, "test.yaml");
    } catch (const scenario::ScenarioError& e) {
        return e.what();
    }
    FAIL("no ScenarioError was thrown");
    return "";
}

// "test.yaml:LINE:COL: error: " of the first occurrence of `needle` in `yaml`.
inline std::string error_prefix_at(const std::string& yaml, const std::string& needle) {
    const std::size_t pos = yaml.find(needle);
    REQUIRE(pos != std::string::npos);
    const auto line_start = yaml.rfind('\n', pos == 0 ? 0 : pos - 1);
    const std::size_t line =
        1 + static_cast<std::size_t>(std::count(yaml.begin(), yaml.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    const std::size_t column = line_start == std::string::npos || pos == 0 ? pos + 1 : pos - line_start;
    return "test.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": error: ";
}

}  // namespace ratesim::testing
