#include "sim/output/csv_reader.hpp"

#include <fmt/format.h>

#include <fstream>

#include "sim/output/result_file_error.hpp"
#include "sim/run/experiment.hpp"

namespace ratesim::output {

std::vector<std::string> csv_fields(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"')
                fields.back() += c;
            else if (i + 1 < line.size() && line[i + 1] == '"')
                fields.back() += line[++i];
            else
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

void read_csv_rows(const std::filesystem::path& file, const std::string& header,
                   std::size_t columns,
                   const std::function<void(std::size_t, const std::vector<std::string>&)>& row,
                   const std::atomic<bool>* stop) {
    constexpr std::size_t kLinesPerStopCheck = 65536;
    std::ifstream in(file);
    if (!in) return;
    std::string line;
    if (!std::getline(in, line) || line != header)
        bad_result_file(file, 1, fmt::format("the header is not '{}'", header));
    for (std::size_t number = 2; std::getline(in, line); ++number) {
        if (number % kLinesPerStopCheck == 0) run::throw_if_stopped(stop);
        if (line.empty()) continue;
        const std::vector<std::string> fields = csv_fields(line);
        if (fields.size() != columns)
            bad_result_file(file, number,
                            fmt::format("{} fields, expected {}", fields.size(), columns));
        row(number, fields);
    }
}

void bad_result_file(const std::filesystem::path& file, std::size_t line,
                     const std::string& problem) {
    throw ResultFileError(
        fmt::format("error: {}:{}: {}; this file is written by `ratesim run`, "
                    "so run it again to recreate it",
                    file.string(), line, problem));
}

double number_field(const std::filesystem::path& file, std::size_t line, const std::string& text) {
    try {
        std::size_t used = 0;
        const double x = std::stod(text, &used);
        if (used == text.size()) return x;
    } catch (const std::exception&) {
    }
    bad_result_file(file, line, fmt::format("'{}' is not a number", text));
}

}  // namespace ratesim::output
