// Pinned outputs: each small scenario of tests/golden/NAME/ (listed in
// tests/golden/README.md, with what it covers) is run as
//   ratesim run scenario.yaml -o DIR --quiet --no-plots
// and every other file of its directory must equal the file of that name the
// run writes, byte for byte. On a mismatch the first differing line is
// printed. Only scripts/regen-goldens.sh rewrites the goldens (it prints the
// diff); no test does.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <fmt/format.h>

#include "support/program.hpp"

namespace test_goldens {

using namespace ratesim::testing;

// The names of the files pinned for `golden`: every file beside scenario.yaml.
std::set<std::string> pinned_files(const fs::path& golden) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(golden))
        if (entry.is_regular_file() && entry.path().filename() != "scenario.yaml")
            names.insert(entry.path().filename().string());
    return names;
}

// Runs tests/golden/NAME/scenario.yaml and compares its pinned files.
void check_golden(const std::string& name, const std::set<std::string>& expected_files) {
    const fs::path golden = fs::path(kSource) / "tests/golden" / name;
    REQUIRE(pinned_files(golden) == expected_files);
    const TempDir tmp;
    // From the golden's directory, so the scenario's path is the same wherever the tree is.
    REQUIRE(run_ratesim(fmt::format("run scenario.yaml -o {} --quiet --no-plots",
                                    quote((tmp / "out").string())),
                        tmp.path(), "cd " + quote(golden.string()) + " &&") == 0);
    for (const std::string& file : expected_files) {
        const std::string expected = read_file(golden / file);
        REQUIRE(fs::exists(tmp / "out" / file));
        const std::string actual = read_file(tmp / "out" / file);
        INFO(fmt::format(
            "tests/golden/{}/{} (regenerate with scripts/regen-goldens.sh once the change is "
            "meant): first difference at {}",
            name, file, first_difference(expected, actual)));
        CHECK(actual == expected);
    }
}

TEST_CASE(
    "Golden output: replications, an incident, timeouts and header pacing, in every result file",
    "[golden]") {
    check_golden("overload", {"latency_cdf.csv", "summary.csv", "summary.json", "timeseries.csv"});
}

TEST_CASE("Golden output: a sweep's curves.csv and result files", "[golden]") {
    check_golden("sweep", {"curves.csv", "latency_cdf.csv", "summary.csv", "summary.json",
                           "timeseries.csv"});
}

TEST_CASE("The first difference names the line and both versions of it", "[golden]") {
    CHECK(first_difference("a\nb\nc\n", "a\nb\nc\n") == "no difference");
    CHECK(first_difference("a\nb\nc\n", "a\nB\nc\n") == "line 2:\n  expected: b\n  actual:   B");
    CHECK(first_difference("a\n", "a\nb\n") == "line 2:\n  expected: <end>\n  actual:   b");
}

}  // namespace test_goldens
