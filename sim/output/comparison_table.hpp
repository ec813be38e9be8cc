#pragma once
// The compact comparison table printed after a run: one row per variant.
#include <string>
#include <utility>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

std::string comparison_table(const std::vector<run::VariantResult>& results);

// The table's cells, for other renderings (report.html): a header, then one
// row per variant from its name and its means in metric_columns() order.
struct ComparisonCells {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};
ComparisonCells comparison_cells(const std::vector<std::pair<std::string, std::vector<double>>>& means);

}  // namespace ratesim::output
