#pragma once
// Writing CSV fields: text quoted only when it must be, numbers exact enough
// to round-trip means (10 significant digits), non-finite numbers empty.
#include <cmath>
#include <string>

#include <fmt/format.h>

namespace ratesim::output {

inline std::string csv_text(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

inline std::string csv_number(double x) { return std::isfinite(x) ? fmt::format("{:.10g}", x) : ""; }

}  // namespace ratesim::output
