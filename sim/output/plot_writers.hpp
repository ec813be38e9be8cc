#pragma once
// The writers behind write_plots (plots.hpp), one per kind of figure. Each
// writes NAME.dat and NAME.gp into `dir` and returns the plot, or nothing
// when the result holds no data for it.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/plots.hpp"

namespace ratesim::output {

// plots_over_time.cpp. The throughput of the organization, or with `group`
// of that client group (plots/throughput_<group>).
std::optional<Plot> write_throughput_plot(const ResultDir& result, const std::filesystem::path& dir,
                                          const std::string& group = "");
std::optional<Plot> write_rate_429_plot(const ResultDir& result, const std::filesystem::path& dir);
std::optional<Plot> write_bucket_plot(const ResultDir& result, const std::filesystem::path& dir,
                                      std::size_t variant);
// Attempts waiting for a server over time; nothing without api.queue.
std::optional<Plot> write_server_queue_plot(const ResultDir& result, const std::filesystem::path& dir);

// plots_by_variant.cpp
std::optional<Plot> write_latency_cdf_plot(const ResultDir& result,
                                           const std::filesystem::path& dir);
std::optional<Plot> write_attempts_plot(const ResultDir& result, const std::filesystem::path& dir);

// plots_sweep.cpp: one plot per curves.csv parameter and plotted metric.
std::vector<Plot> write_sweep_plots(const ResultDir& result, const std::filesystem::path& dir);

}  // namespace ratesim::output
