#include "sim/output/latency_cdf_file.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <fstream>
#include <stdexcept>

#include "sim/output/csv_text.hpp"
#include "sim/run/latency_histogram.hpp"

namespace ratesim::output {

void write_latency_cdf_csv(const std::filesystem::path& file,
                           const std::vector<run::VariantResult>& results) {
    std::ofstream out(file);
    out << "variant,replication,fraction,latency_s\n";
    const auto& fractions = run::latency_cdf_fractions();
    for (const auto& r : results)
        for (const auto& run : r.runs)
            for (std::size_t i = 0; i < run.latency_cdf_s.size() && i < fractions.size(); ++i)
                fmt::print(out, "{},{},{:g},{:.6g}\n", csv_text(r.variant.name), run.replication,
                           fractions[i], run.latency_cdf_s[i]);
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace ratesim::output
