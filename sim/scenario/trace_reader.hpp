#pragma once
// `workload: {kind: trace, file, time_scale, columns}`: a CSV of arrival
// times and token counts, read once into a compact shared table.
#include <optional>
#include <string>

#include "models/config.hpp"

namespace ratesim::scenario {

class YamlNode;

// Reads the trace the workload map names. Any malformed row is an error
// naming the CSV's path and line: a trace is never silently shortened.
models::WorkloadConfig read_trace_workload(const YamlNode& node, const std::string& base_dir);

// A trace time: seconds as a plain number (12.5), or a timestamp
// "YYYY-MM-DD HH:MM:SS[.fraction]" (as seconds since 1970, UTC); nullopt if neither.
std::optional<double> parse_trace_time(const std::string& text);

}  // namespace ratesim::scenario
