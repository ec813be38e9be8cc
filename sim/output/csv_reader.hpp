#pragma once
// Reading back the CSV files `ratesim run` wrote: lines split into fields,
// rows checked against the header and field count, and a malformed file
// reported with its name and line.
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ratesim::output {

// One line split into its fields; a field in double quotes may hold commas
// and doubled quotes ("a ""b"", c").
std::vector<std::string> csv_fields(std::string_view line);

// Calls `row(line number, fields)` for every non-empty data row of `file`,
// whose first line must be `header` and whose rows must have `columns`
// fields. A missing file has no rows. Throws run::Interrupted once `stop`
// (may be null) is set.
void read_csv_rows(const std::filesystem::path& file, const std::string& header,
                   std::size_t columns,
                   const std::function<void(std::size_t, const std::vector<std::string>&)>& row,
                   const std::atomic<bool>* stop = nullptr);

// Throws: `file` at `line` is not what `ratesim run` writes.
[[noreturn]] void bad_result_file(const std::filesystem::path& file, std::size_t line,
                                  const std::string& problem);

// `text` as a number, or bad_result_file.
double number_field(const std::filesystem::path& file, std::size_t line, const std::string& text);

}  // namespace ratesim::output
