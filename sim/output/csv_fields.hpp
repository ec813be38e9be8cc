#pragma once
// One line of a CSV file split into its fields; a field in double quotes may
// hold commas and doubled quotes ("a ""b"", c").
#include <string>
#include <string_view>
#include <vector>

namespace ratesim::output {

std::vector<std::string> csv_fields(std::string_view line);

}  // namespace ratesim::output
