#include "sim/output/latency_cdf_file.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "sim/output/written_file.hpp"
#include "sim/output/csv_reader.hpp"
#include "sim/output/csv_text.hpp"
#include "sim/run/latency_histogram.hpp"

namespace ratesim::output {

namespace {
constexpr const char* kLatencyCdfHeader = "variant,replication,fraction,latency_s";
}

void write_latency_cdf_csv(const std::filesystem::path& file,
                           const std::vector<run::VariantResult>& results) {
    std::ofstream out(file);
    out << kLatencyCdfHeader << '\n';
    const auto& fractions = run::latency_cdf_fractions();
    for (const auto& r : results)
        for (const auto& run : r.runs)
            for (std::size_t i = 0; i < run.latency_cdf_s.size() && i < fractions.size(); ++i)
                fmt::print(out, "{},{},{:g},{:.6g}\n", csv_text(r.variant.name), run.replication,
                           fractions[i], run.latency_cdf_s[i]);
    close_written(out, file);
}

std::vector<std::vector<double>> read_latency_cdf_csv(const std::filesystem::path& file,
                                                      const std::map<std::string, std::size_t>& index,
                                                      std::size_t variants) {
    const auto& fractions = run::latency_cdf_fractions();
    const std::size_t points = fractions.size();
    std::vector<std::vector<double>> cdf(variants, std::vector<double>(points, 0.0));
    std::vector<std::vector<int>> counts(variants, std::vector<int>(points, 0));
    read_csv_rows(file, kLatencyCdfHeader, 4, [&](std::size_t line, const std::vector<std::string>& f) {
        const auto it = index.find(f[0]);
        if (it == index.end()) return;
        const double fraction = number_field(file, line, f[2]);
        for (std::size_t i = 0; i < points; ++i)
            if (std::fabs(fractions[i] - fraction) < 1e-9) {
                cdf[it->second][i] += number_field(file, line, f[3]);
                ++counts[it->second][i];
            }
    });
    for (std::size_t v = 0; v < variants; ++v) {
        bool complete = true;
        for (std::size_t i = 0; i < points; ++i) {
            complete &= counts[v][i] > 0;
            if (counts[v][i] > 0) cdf[v][i] /= counts[v][i];
        }
        if (!complete) cdf[v].clear();
    }
    return cdf;
}

}  // namespace ratesim::output
