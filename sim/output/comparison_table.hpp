#pragma once
// The compact comparison table printed after a run: one row per variant. A
// variant that gave up on items or left owed ones pending is marked (its items
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
// `dimension_of`: the results whose binding dimension the utilization column
// shows (the organization's, for a group's table, so that the groups' shares
// add up to it); null: these results' own.
std::string comparison_table(const std::vector<run::VariantResult>& results, std::size_t width = 0,
                             const std::vector<run::VariantResult>* dimension_of = nullptr);

// The table's cells, for other renderings (report.html): a header, then one
// row per variant from its name and its means in metric_columns() order.
struct ComparisonCells {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> unfinished;     // per row: the variant failed items or left owed ones pending
    std::vector<std::string> notes;   // what the marks and any utilization above 100% mean
};
using VariantMeans = std::vector<std::pair<std::string, std::vector<double>>>;
// `dimension_of` as for comparison_table: the means that choose the binding dimension.
ComparisonCells comparison_cells(const VariantMeans& means, const VariantMeans* dimension_of = nullptr);

// What a variant left undone, from its mean counts: `failed`, `owed` (the
// pending items it still owed, summary.csv's `owed`) and `in_flight` (an
// open-loop group's requests still being served when the run stopped: shown,
// but no mark). Result files from before the `owed` column (NaN) count
// every pending item as owed.
struct Undone {
    double failed = 0, owed = 0, in_flight = 0;
};
Undone undone(double failed, double pending, double owed);
// The same from anything with mean_of(column) (a VariantSummary).
template <class Summary>
Undone undone_of(const Summary& v) {
    return undone(v.mean_of("failed"), v.mean_of("pending"), v.mean_of("owed"));
}

// "600 ok", "83 ok / 517 failed", "590 ok / 10 pending", "3600 ok / 2 in
// flight": a variant's items.
std::string items_text(double succeeded, const Undone& left);

// Whether a variant failed items or left owed items pending: the plan's
// implied targets miss exactly such a variant.
bool unfinished(const Undone& left);

}  // namespace ratesim::output
