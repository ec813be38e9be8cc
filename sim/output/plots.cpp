#include "sim/output/plots.hpp"

#include "sim/output/plot_writers.hpp"
#include "sim/output/variant_focus.hpp"

namespace ratesim::output {

std::vector<Plot> write_plots(const ResultDir& result, const std::filesystem::path& plots_dir,
                              const std::string& bucket_variant) {
    std::filesystem::create_directories(plots_dir);
    const VariantFocus focus = variant_focus(result);
    std::size_t bucket_index = focus.variants.empty() ? 0 : focus.variants.front();
    for (std::size_t i = 0; i < result.variants.size(); ++i)
        if (result.variants[i].name == bucket_variant) bucket_index = i;
    std::vector<Plot> plots;
    for (auto plot :
         {write_throughput_plot(result, plots_dir), write_attempts_plot(result, plots_dir),
          write_rate_429_plot(result, plots_dir), write_server_queue_plot(result, plots_dir),
          write_bucket_plot(result, plots_dir, bucket_index),
          write_latency_cdf_plot(result, plots_dir)})
        if (plot) plots.push_back(std::move(*plot));
    // With two or more client groups, each group's throughput after the organization's.
    if (!result.variants.empty())
        for (std::size_t g = 0; g < result.variants.front().groups.size(); ++g)
            if (auto plot = write_throughput_plot(result, plots_dir, result.variants.front().groups[g].name))
                plots.insert(plots.begin() + static_cast<std::ptrdiff_t>(1 + g), std::move(*plot));
    for (auto& plot : write_sweep_plots(result, plots_dir)) plots.push_back(std::move(plot));
    return plots;
}

}  // namespace ratesim::output
