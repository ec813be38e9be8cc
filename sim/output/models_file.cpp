#include "sim/output/models_file.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <fstream>

#include "sim/output/csv_text.hpp"
#include "sim/output/written_file.hpp"

namespace ratesim::output {

namespace {
constexpr const char* kModelsHeader =
    "variant,replication,group,model,attempts,ok,r429,r529,items_succeeded,items_failed,cost_usd";
}

bool has_model_results(const std::vector<run::VariantResult>& results) {
    for (const auto& r : results)
        for (const auto& run : r.runs)
            if (!run.models.empty()) return true;
    return false;
}

std::string model_split_table(const std::vector<run::VariantResult>& results) {
    if (!has_model_results(results)) return "";
    std::size_t vw = 7, mw = 5;  // the widths of the variant and model columns
    for (const auto& r : results) {
        vw = std::max(vw, r.variant.name.size());
        if (!r.runs.empty())
            for (const auto& m : r.runs.front().models) mw = std::max(mw, m.model.size());
    }
    std::string out = fmt::format("\nwhere the traffic went (all groups; means over replications; models.csv has each run)\n"
                                  "{:<{}}  {:<{}} {:>10} {:>10} {:>8} {:>8} {:>10}\n",
                                  "variant", vw, "model", mw, "attempts", "ok", "429", "529", "cost");
    for (const auto& r : results) {
        if (r.runs.empty()) continue;
        const std::size_t rows = r.runs.front().models.size();
        for (std::size_t i = 0; i < rows; ++i) {
            const run::ModelMetrics& first = r.runs.front().models[i];
            if (first.group != run::kAllGroups) continue;
            double attempts = 0, ok = 0, r429 = 0, r529 = 0, cost = 0;
            for (const auto& run : r.runs) {
                const run::ModelMetrics& m = run.models[i];
                attempts += static_cast<double>(m.attempts);
                ok += static_cast<double>(m.ok);
                r429 += static_cast<double>(m.r429);
                r529 += static_cast<double>(m.r529);
                cost += m.cost_usd;
            }
            const double n = static_cast<double>(r.runs.size());
            out += fmt::format("{:<{}}  {:<{}} {:>10.1f} {:>10.1f} {:>8.1f} {:>8.1f} {:>10}\n", r.variant.name, vw,
                               first.model, mw, attempts / n, ok / n, r429 / n, r529 / n,
                               fmt::format("${:.2f}", cost / n));
        }
    }
    return out;
}

void write_models_csv(const std::filesystem::path& file, const std::vector<run::VariantResult>& results) {
    std::ofstream out(file);
    out << kModelsHeader << '\n';
    for (const auto& r : results)
        for (const auto& run : r.runs)
            for (const run::ModelMetrics& m : run.models)
                fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{}\n", csv_text(r.variant.name), run.replication,
                           csv_text(m.group), csv_text(m.model), m.attempts, m.ok, m.r429, m.r529,
                           m.items_succeeded, m.items_failed, csv_number(m.cost_usd));
    close_written(out, file);
}

}  // namespace ratesim::output
