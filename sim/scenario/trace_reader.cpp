#include "sim/scenario/trace_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/quoted_excerpt.hpp"
#include "sim/scenario/key_values.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

bool read_int(std::string_view text, std::size_t at, std::size_t length, int& out) {
    if (at + length > text.size()) return false;
    const char* first = text.data() + at;
    const auto [end, ec] = std::from_chars(first, first + length, out);
    return ec == std::errc() && end == first + length;
}

std::optional<std::uint32_t> token_count(const std::string& text) {
    const auto parsed = parse_number(text);
    if (!parsed || *parsed.value < 0 || *parsed.value > 4e9 ||
        *parsed.value != std::floor(*parsed.value))
        return std::nullopt;
    return static_cast<std::uint32_t>(*parsed.value);
}

// Row i is sent floor((i+1)k) - floor(ik) times at its own time: k < 1
// keeps every (1/k)-th row, k > 1 repeats each row about k times. The same
// rows in every replication, so strategies meet the same arrivals.
std::shared_ptr<std::vector<models::TraceRow>> scaled_in_rate(const std::vector<models::TraceRow>& rows,
                                                              double k) {
    auto out = std::make_shared<std::vector<models::TraceRow>>();
    out->reserve(static_cast<std::size_t>(static_cast<double>(rows.size()) * k) + 1);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double copies = std::floor(static_cast<double>(i + 1) * k) - std::floor(static_cast<double>(i) * k);
        for (double c = 0; c < copies; ++c) out->push_back(rows[i]);
    }
    return out;
}

}  // namespace

std::optional<double> parse_trace_time(const std::string& text) {
    if (const auto plain = parse_number(text)) return *plain.value;
    // YYYY-MM-DD HH:MM:SS[.fraction], 'T' allowed between date and time.
    int y, mo, d, h, mi, sec;
    if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') ||
        text[13] != ':' || text[16] != ':' || !read_int(text, 0, 4, y) || !read_int(text, 5, 2, mo) ||
        !read_int(text, 8, 2, d) || !read_int(text, 11, 2, h) || !read_int(text, 14, 2, mi) ||
        !read_int(text, 17, 2, sec) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec > 60 || d > days_in_month(y, mo))
        return std::nullopt;  // 2023-02-31 is no date
    double fraction = 0;
    if (text.size() > 19) {
        if (text[19] != '.' || text.size() == 20) return std::nullopt;
        double scale = 0.1;
        for (std::size_t i = 20; i < text.size(); ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            fraction += (text[i] - '0') * scale;
            scale /= 10;
        }
    }
    const auto days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    return static_cast<double>(days) * 86400.0 + h * 3600.0 + mi * 60.0 + sec + fraction;
}

models::WorkloadConfig read_trace_workload(const YamlNode& node, const std::string& base_dir) {
    constexpr std::string_view kSection = "clients[].workload";
    node.check_keys(keys_of(kSection, "trace"));
    models::WorkloadConfig workload;
    workload.kind = models::WorkloadConfig::Kind::trace;
    const YamlNode file_node = require_key(node, key_spec(kSection, "file", "trace"));
    const std::string path = resolve(base_dir, file_node.text("a CSV file name"));
    double time_scale = 1.0;
    if (auto v = node.get("time_scale"))
        time_scale = read_number(*v, key_spec(kSection, "time_scale", "trace"));
    double rate_scale = 1.0;
    if (auto v = node.get("rate_scale"))
        rate_scale = read_number(*v, key_spec(kSection, "rate_scale", "trace"));
    std::string columns[3] = {"TIMESTAMP", "ContextTokens", "GeneratedTokens"};
    const char* keys[3] = {"time", "input_tokens", "output_tokens"};
    std::optional<YamlNode> column_nodes[3];
    if (auto v = node.get("columns")) {
        v->check_keys(keys_of("clients[].workload.columns"));
        for (int i = 0; i < 3; ++i)
            if ((column_nodes[i] = v->get(keys[i]))) columns[i] = column_nodes[i]->text("a column name");
    }

    const char* allowed_file = "a readable CSV file, relative to the scenario file's directory";
    std::string text = read_input_file(path, InputKind::trace,
                                       [&](const std::string& problem, const std::string& allowed) {
                                           file_node.error(problem, allowed + ", " + allowed_file);
                                       });
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // a UTF-8 byte order mark
    std::istringstream in(std::move(text));
    const std::string used_by = fmt::format("(trace of {}, {})", node.path(), node.location());
    auto row_error = [&](std::size_t line, const std::string& problem, const std::string& allowed) {
        throw ScenarioError(
            fmt::format("{}:{}: error: {}; allowed: {} {}", path, line, problem, allowed, used_by));
    };

    std::string line;
    if (!std::getline(in, line))
        row_error(1, "the file is empty", "a header row naming the columns, then one row per request");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> header = split_csv(line);
    std::size_t index[3];
    for (int i = 0; i < 3; ++i) {
        const auto it = std::find(header.begin(), header.end(), columns[i]);
        if (it == header.end()) {
            const std::string problem =
                fmt::format("'{}' has no column {}{} for {}", path, quoted_excerpt(columns[i]),
                            hint_for(columns[i], header), keys[i]);
            if (column_nodes[i]) column_nodes[i]->error(problem, excerpt_list(header));
            file_node.error(problem + fmt::format(" (give columns.{})", keys[i]), excerpt_list(header));
        }
        index[i] = static_cast<std::size_t>(it - header.begin());
    }

    auto rows = std::make_shared<std::vector<models::TraceRow>>();
    std::vector<double> times;
    std::size_t number = 1, blank_line = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) {
            if (blank_line == 0) blank_line = number;  // fine only at the end
            continue;
        }
        if (blank_line != 0) row_error(blank_line, "empty row", "one request per line, no blank lines");
        const std::vector<std::string> fields = split_csv(line);
        if (fields.size() != header.size())
            row_error(number,
                      fmt::format("the row has {} fields, the header has {}", fields.size(), header.size()),
                      "rows with as many comma-separated fields as the header");
        const auto t = parse_trace_time(fields[index[0]]);
        if (!t)
            row_error(number, fmt::format("column '{}': {} is not a time", escaped_excerpt(columns[0]),
                                  quoted_excerpt(fields[index[0]])),
                      "seconds (12.5) or a timestamp YYYY-MM-DD HH:MM:SS[.fraction] of a real date");
        if (!times.empty() && *t < times.back())
            row_error(number,
                      fmt::format("column '{}': {} is earlier than the row before",
                                  escaped_excerpt(columns[0]), quoted_excerpt(fields[index[0]])),
                      "rows in arrival order");
        models::TraceRow row;
        for (int i = 1; i < 3; ++i) {
            const auto tokens = token_count(fields[index[static_cast<std::size_t>(i)]]);
            if (!tokens)
                row_error(number,
                          fmt::format("column '{}': {} is not a token count",
                                      escaped_excerpt(columns[static_cast<std::size_t>(i)]),
                                      quoted_excerpt(fields[index[static_cast<std::size_t>(i)]])),
                          "whole numbers >= 0");
            (i == 1 ? row.input_tokens : row.output_tokens) = *tokens;
        }
        times.push_back(*t);
        rows->push_back(row);
    }
    if (in.bad()) file_node.error(fmt::format("error while reading '{}'", path), allowed_file);
    if (rows->empty())
        row_error(number, "the file has no data rows", "a header row, then at least one request");
    for (std::size_t i = 0; i < rows->size(); ++i)
        (*rows)[i].at = engine::from_seconds((times[i] - times.front()) * time_scale);
    if (rate_scale != 1.0) rows = scaled_in_rate(*rows, rate_scale);
    if (rows->empty())
        node.require("rate_scale", "").error(
            fmt::format("a rate scale of {} keeps none of the file's {} rows",
                        fmt::format("{:g}", rate_scale), times.size()),
            "a factor that keeps at least one row");
    workload.trace = std::move(rows);
    workload.trace_file = path;
    workload.trace_rate_scale = rate_scale;
    workload.items = static_cast<std::int64_t>(workload.trace->size());
    return workload;
}

}  // namespace ratesim::scenario
