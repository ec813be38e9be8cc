#include "sim/scenario/distribution_reader.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/scenario/input_file.hpp"
#include "sim/scenario/key_values.hpp"
#include "sim/scenario/quoted_excerpt.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

const KeySpec& family_key() { return key_spec("<distribution>", "dist"); }

const char* unit_forms(Quantity quantity) {
    switch (quantity) {
        case Quantity::tokens:
            return "a token count (e.g. 1500, 2k)";
        case Quantity::duration:
            return "a duration (e.g. 80ms, 2s)";
        case Quantity::number:
            return "a number (e.g. 60)";
    }
    return "a value";
}

// One parameter value in the quantity's units (seconds for durations).
double value_of(const YamlNode& node, Quantity quantity) {
    switch (quantity) {
        case Quantity::tokens:
            return node.count(false);
        case Quantity::duration:
            return node.duration_seconds(false);
        case Quantity::number:
            return node.number(0, kInf, "a number >= 0 (e.g. 60)");
    }
    return 0;
}

// A CSV field without its surrounding blanks and quotes.
std::string unquoted_field(const std::string& field) {
    std::string s = trim(field);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
}

}  // namespace

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        fields.push_back(unquoted_field(
            line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) return fields;
        start = comma + 1;
    }
}

std::string resolve(const std::string& base_dir, const std::string& file) {
    const std::filesystem::path path(file);
    if (base_dir.empty() || path.is_absolute()) return file;
    return (std::filesystem::path(base_dir) / path).lexically_normal().string();
}

namespace {

models::Distribution read_empirical(const YamlNode& map, Quantity quantity,
                                    const std::string& base_dir) {
    const YamlNode file_node = require_key(map, key_spec("<distribution>", "file", "empirical"));
    const YamlNode column_node =
        require_key(map, key_spec("<distribution>", "column", "empirical"));
    const std::string file = file_node.text("a CSV file name");
    const std::string column = column_node.text("a column name");
    const std::string path = resolve(base_dir, file);
    const char* allowed_file = "a readable CSV file, relative to the scenario file's directory";
    std::string text = read_input_file(path, InputKind::empirical,
                                       [&](const std::string& problem, const std::string& allowed) {
                                           file_node.error(problem, allowed + ", " + allowed_file);
                                       });
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // a UTF-8 byte order mark
    std::istringstream in(std::move(text));

    const std::string used_by =
        fmt::format("(empirical distribution of {}, {})", map.path(), map.location());
    auto csv_error = [&](std::size_t line, const std::string& problem, const std::string& allowed) {
        throw ScenarioError(
            fmt::format("{}:{}: error: {}; allowed: {} {}", path, line, problem, allowed, used_by));
    };

    std::string line;
    if (!std::getline(in, line))
        csv_error(1, "the file is empty", "a header row naming the columns, then data rows");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> header = split_csv(line);
    std::size_t index = header.size();
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == column) index = i;
    if (index == header.size())
        column_node.error(
            fmt::format("'{}' has no column {}{}", path, quoted_excerpt(column),
                        hint_for(column, header)),
            excerpt_list(header));

    std::vector<double> values;
    std::size_t number = 1, blank_line = 0;
    const char* allowed_value =
        quantity == Quantity::duration ? "numbers >= 0 (seconds)" : "numbers >= 0";
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) {
            if (blank_line == 0) blank_line = number;  // fine only if nothing follows
            continue;
        }
        if (blank_line != 0)
            csv_error(blank_line, "empty row", "one data row per line, no blank lines");
        const std::vector<std::string> fields = split_csv(line);
        if (fields.size() != header.size())
            csv_error(number,
                      fmt::format("the row has {} fields, the header has {}", fields.size(),
                                  header.size()),
                      "rows with as many comma-separated fields as the header");
        const auto parsed = parse_number(fields[index]);
        if (!parsed || *parsed.value < 0)
            csv_error(number,
                      fmt::format("column '{}': {} is not a number >= 0", escaped_excerpt(column),
                                  quoted_excerpt(fields[index])),
                      allowed_value);
        values.push_back(*parsed.value);
    }
    if (in.bad()) file_node.error(fmt::format("error while reading '{}'", path), allowed_file);
    if (values.empty())
        csv_error(number, "the file has no data rows", "a header row, then at least one data row");
    return models::Distribution::empirical(std::move(values), path + "#" + column);
}

models::Distribution read_lognormal(const YamlNode& map, Quantity quantity) {
    const bool by_quantiles = map.has("median") || map.has("p95");
    const bool by_parameters = map.has("mu") || map.has("sigma");
    const char* forms = "{dist: lognormal, median, p95} or {dist: lognormal, mu, sigma}";
    if (by_quantiles && by_parameters)
        map.error("give either median and p95, or mu and sigma, not both", forms);
    if (by_parameters) {
        const double mu =
            map.require("mu", "a number (the mean of ln X)").number(-kInf, kInf, "a number");
        const double sigma =
            map.require("sigma", "a number >= 0 (the sd of ln X)").number(0, kInf, "a number >= 0");
        return models::Distribution::lognormal(mu, sigma);
    }
    const YamlNode median_node = map.require("median", unit_forms(quantity));
    const YamlNode p95_node = map.require("p95", unit_forms(quantity));
    const double median = value_of(median_node, quantity);
    const double p95 = value_of(p95_node, quantity);
    if (!(median > 0))
        median_node.error(fmt::format("found {}", median_node.found()), "a median > 0");
    if (!(p95 > median))
        p95_node.error(fmt::format("p95 {} is not above the median", p95_node.found()),
                       "p95 > median");
    return models::Distribution::lognormal_from_median_p95(median, p95);
}

}  // namespace

std::string distribution_forms(Quantity quantity) {
    return fmt::format("{}, or a map {{dist: {}, ...}}", unit_forms(quantity),
                       join(choices_of(family_key()), "|"));
}

models::Distribution read_distribution(const YamlNode& node, Quantity quantity,
                                       const std::string& base_dir) {
    if (node.is_scalar()) return models::Distribution::constant(value_of(node, quantity));
    if (!node.is_map())
        node.error(fmt::format("expected a value or a distribution, found {}", node.found()),
                   distribution_forms(quantity));
    const std::vector<std::string> families = choices_of(family_key());
    const std::string family = node.require("dist", join(families)).choice(families);
    node.check_keys(keys_of("<distribution>", family));
    const char* one = unit_forms(quantity);
    if (family == "constant") {
        return models::Distribution::constant(value_of(node.require("value", one), quantity));
    }
    if (family == "uniform") {
        const double min = value_of(node.require("min", one), quantity);
        const YamlNode max_node = node.require("max", one);
        const double max = value_of(max_node, quantity);
        if (max < min)
            max_node.error(fmt::format("max {} is below min", max_node.found()), "max >= min");
        return models::Distribution::uniform(min, max);
    }
    if (family == "normal") {
        const double mean = value_of(node.require("mean", one), quantity);
        return models::Distribution::normal(mean, value_of(node.require("sd", one), quantity));
    }
    if (family == "lognormal") return read_lognormal(node, quantity);
    if (family == "exponential") {
        const YamlNode mean_node = node.require("mean", one);
        const double mean = value_of(mean_node, quantity);
        if (!(mean > 0)) mean_node.error(fmt::format("found {}", mean_node.found()), "a mean > 0");
        return models::Distribution::exponential(mean);
    }
    return read_empirical(node, quantity, base_dir);
}

std::pair<std::string, std::string> split_empirical_source(const std::string& source) {
    const std::size_t hash = source.rfind('#');
    if (hash == std::string::npos) return {source, ""};
    return {source.substr(0, hash), source.substr(hash + 1)};
}

}  // namespace ratesim::scenario
