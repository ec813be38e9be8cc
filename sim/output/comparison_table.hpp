#pragma once
// The compact comparison table printed after a run: one row per variant. A
// variant that gave up on items or left some pending is marked (its items
// cell reads "83 ok / 517 failed", its name carries a '*', and a note says
// what that means); the utilization shown is of the binding dimension, by
// name; a note explains utilization above 100%.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

// `width` > 0: the table is split into blocks of columns (each repeating the
// variant column) so that no line is longer than `width`; 0: one block.
std::string comparison_table(const std::vector<run::VariantResult>& results, std::size_t width = 0);

// The table's cells, for other renderings (report.html): a header, then one
// row per variant from its name and its means in metric_columns() order.
struct ComparisonCells {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> unfinished;     // per row: the variant failed items or left some pending
    std::vector<std::string> notes;   // what the marks and any utilization above 100% mean
};
ComparisonCells comparison_cells(const std::vector<std::pair<std::string, std::vector<double>>>& means);

// "600 ok", "83 ok / 517 failed", "590 ok / 10 pending": a variant's items.
std::string items_text(double succeeded, double failed, double pending);

// Whether a variant with these mean counts did not finish every item.
bool unfinished(double failed, double pending);

}  // namespace ratesim::output
