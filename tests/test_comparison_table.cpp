// The comparison table: a variant that did not finish every item is marked
// in its name and items cell and explained in a note; the utilization shown
// is of the binding dimension, by name; above 100% it is explained.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "sim/output/comparison_table.hpp"
#include "sim/run/metric_columns.hpp"

namespace test_comparison_table {

using ratesim::output::comparison_cells;
using ratesim::output::items_text;
using ratesim::output::undone;

namespace {

// Means in metric_columns() order from the metrics named; the rest NaN.
std::vector<double> means_of(const std::map<std::string, double>& values) {
    std::vector<double> means;
    for (const auto& c : ratesim::run::metric_columns()) {
        const auto it = values.find(c.name);
        means.push_back(it == values.end() ? NAN : it->second);
    }
    return means;
}

}  // namespace

TEST_CASE("items read as ok, failed, pending and in-flight counts", "[table]") {
    CHECK(items_text(600, undone(0, 0, 0)) == "600 ok");
    CHECK(items_text(83, undone(517, 0, 0)) == "83 ok / 517 failed");
    CHECK(items_text(590, undone(0, 10, 10)) == "590 ok / 10 pending");
    CHECK(items_text(500, undone(60, 40, 40)) == "500 ok / 60 failed / 40 pending");
    CHECK(items_text(3600, undone(0, 2, 0)) == "3600 ok / 2 in flight");
    CHECK(items_text(3000, undone(0, 700, 690)) == "3000 ok / 690 pending / 10 in flight");
    // A mean of half an item over two replications reads as such, not as "0".
    CHECK(items_text(61, undone(0, 0.5, 0)) == "61 ok / 0.5 in flight");
    CHECK(items_text(99, undone(0.5, 0, 0)) == "99 ok / 0.5 failed");
    // A result file from before the owed column: every pending item is owed.
    CHECK(items_text(590, undone(0, 10, NAN)) == "590 ok / 10 pending");
}

TEST_CASE("an open-loop group's requests still in flight at the end do not mark a variant", "[table]") {
    const auto cells = comparison_cells({
        {"keeps-up", means_of({{"succeeded", 3616}, {"failed", 0}, {"pending", 2}, {"owed", 0}})},
        {"falls-behind", means_of({{"succeeded", 3000}, {"failed", 0}, {"pending", 700}, {"owed", 690}})},
    });
    REQUIRE(cells.rows.size() == 2);
    CHECK(cells.rows[0][0] == "keeps-up");
    CHECK(cells.rows[0][1] == "3616 ok / 2 in flight");
    CHECK(cells.rows[1][0] == "falls-behind *");
    CHECK(cells.unfinished == std::vector<bool>{false, true});
    REQUIRE(cells.notes.size() == 2);
    CHECK(cells.notes[1].rfind("in flight:", 0) == 0);
}

TEST_CASE("a variant that gave up on items is marked in its row and explained in a note", "[table]") {
    const auto cells = comparison_cells({
        {"finisher", means_of({{"succeeded", 600}, {"failed", 0}, {"pending", 0}, {"util_rpm", 0.5}})},
        {"quitter", means_of({{"succeeded", 83}, {"failed", 517}, {"pending", 0}, {"util_rpm", 0.9}})},
    });
    REQUIRE(cells.rows.size() == 2);
    CHECK(cells.rows[0][0] == "finisher");
    CHECK(cells.rows[0][1] == "600 ok");
    CHECK(cells.rows[1][0] == "quitter *");
    CHECK(cells.rows[1][1] == "83 ok / 517 failed");
    CHECK(cells.unfinished == std::vector<bool>{false, true});
    REQUIRE(cells.notes.size() == 1);
    CHECK(cells.notes[0].rfind("* did not finish every item", 0) == 0);
}

TEST_CASE("the table shows the utilization of the dimension the variants used most, by name", "[table]") {
    const auto itpm = comparison_cells({
        {"a", means_of({{"util_rpm", 0.7}, {"util_itpm", 0.95}, {"util_otpm", 0.6}})},
        {"b", means_of({{"util_rpm", 0.6}, {"util_itpm", 0.9}, {"util_otpm", 0.5}})},
    });
    CHECK(itpm.header[6] == "util ITPM");
    CHECK(itpm.rows[0][6] == "95.0%");
    CHECK(itpm.notes.empty());
    const auto rpm = comparison_cells({{"a", means_of({{"util_rpm", 1.236}, {"util_otpm", 0.3}})}});
    CHECK(rpm.header[6] == "util RPM");
    CHECK(rpm.rows[0][6] == "123.6%");
    REQUIRE(rpm.notes.size() == 1);
    CHECK(rpm.notes[0].rfind("util RPM above 100%: the RPM bucket starts full", 0) == 0);
}

TEST_CASE("the terminal table splits into blocks no wider than asked", "[table]") {
    ratesim::run::VariantResult r;
    r.variant.name = "a-rather-long-variant-name";
    r.summary.mean = means_of({{"succeeded", 83}, {"failed", 517}, {"attempts", 123456}, {"util_rpm", 0.5}});
    const std::string narrow = ratesim::output::comparison_table({r}, 60);
    std::size_t start = 0, blocks = 0;
    while (start < narrow.size()) {
        const std::size_t end = narrow.find('\n', start);
        const std::string line = narrow.substr(start, end - start);
        INFO(line);
        CHECK(line.size() <= 60);
        blocks += line.rfind("variant ", 0) == 0;
        start = end + 1;
    }
    CHECK(blocks >= 2);
    const std::string wide = ratesim::output::comparison_table({r});
    CHECK(wide.find("\nvariant ") == std::string::npos);
}

}  // namespace test_comparison_table
