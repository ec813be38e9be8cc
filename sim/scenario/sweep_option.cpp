#include "sim/scenario/sweep_option.hpp"

#include <fmt/format.h>

#include "sim/scenario/scenario_error.hpp"

namespace ratesim::scenario {

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

std::string sweep_option_as_set(const std::string& option) {
    const auto eq = option.find('=');
    if (eq == std::string::npos || eq == 0)
        throw ScenarioError(fmt::format(
            "--sweep {}: error: expected PATH=VALUES; allowed: e.g. --sweep clients.batch.workers=1,2,4 "
            "or --sweep clients.batch.workers=1..64x2", option));
    const std::string path = option.substr(0, eq);
    std::string values = option.substr(eq + 1);
    auto quote = [](const std::string& s) {
        std::string q = "\"";
        for (char c : s) q += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        return q + "\"";
    };
    if (values.find("..") != std::string::npos) {
        // "1..64x2" is accepted as well as "1..64 x2".
        for (std::size_t i = values.find("..") + 2; i < values.size(); ++i)
            if ((values[i] == 'x' || values[i] == '+') && values[i - 1] != ' ') {
                values = values.substr(0, i) + ' ' + values.substr(i);
                break;
            }
        return fmt::format("sweep={{{}: {}}}", quote(path), quote(values));
    }
    std::string list;
    std::size_t start = 0;
    while (true) {
        const auto comma = values.find(',', start);
        const std::string item = trim(values.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        list += (list.empty() ? "" : ", ") + quote(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return fmt::format("sweep={{{}: [{}]}}", quote(path), list);
}

}  // namespace ratesim::scenario
