// validate implies run: a scenario name too long to stage and a strategy
// label that cannot be written on one line are refused by the loader (so by
// validate and by run, before simulating); every other label round-trips
// through the CSV files.
#include <filesystem>

#include <catch2/catch.hpp>

#include "sim/output/csv_reader.hpp"
#include "sim/output/csv_text.hpp"
#include "sim/output/staging_names.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/program.hpp"

namespace test_names_and_labels {

namespace fs = std::filesystem;
using namespace ratesim::testing;

namespace {

const std::string kQuickstart = kSource + "/scenarios/quickstart.yaml";

// quickstart.yaml with `from` replaced by `to`, written to `dir`/s.yaml.
fs::path quickstart_with(const TempDir& dir, const std::string& from, const std::string& to) {
    std::string text = read_file(kQuickstart);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    write_file(dir / "s.yaml", text.replace(at, from.size(), to));
    return dir / "s.yaml";
}

}  // namespace

TEST_CASE("Every scenario name the loader accepts fits as out/<name>-plan with its staging name", "[names]") {
    CHECK(ratesim::scenario::kMaxScenarioNameBytes + std::string("-plan").size() <=
          ratesim::output::kMaxOutputNameBytes);
}

TEST_CASE("A scenario name too long for its staging name is refused by validate and by run, at its line",
          "[names]") {
    TempDir tmp;
    const std::string name(ratesim::scenario::kMaxScenarioNameBytes + 1, 'n');
    const fs::path file = quickstart_with(tmp, "name: quickstart", "name: " + name);
    for (const char* command : {"validate", "run"}) {
        INFO(command);
        CHECK(run_ratesim(fmt::format("{} {}", command, quote(file.string())), tmp.path(), "cd " + quote(tmp.path().string()) + " &&") == 2);
        CHECK_THAT(read_file(tmp / "stderr.txt"),
                   Catch::Contains("s.yaml:2:7: error: name: the name is 161 bytes long; allowed:") &&
                       Catch::Contains("at most 160 bytes"));
    }
    CHECK_FALSE(fs::exists(tmp / "out"));
    // The longest accepted name runs.
    const std::string longest(ratesim::scenario::kMaxScenarioNameBytes, 'n');
    quickstart_with(tmp, "name: quickstart", "name: " + longest);
    CHECK(run_ratesim(fmt::format("run {} --quiet --no-plots", quote(file.string())), tmp.path(),
                      "cd " + quote(tmp.path().string()) + " &&") == 0);
    CHECK(fs::exists(tmp / "out" / longest / "summary.csv"));
}

TEST_CASE("A strategy label with a newline is refused by validate and by run, at its line", "[names]") {
    TempDir tmp;
    const fs::path file = quickstart_with(tmp, "strategies: [naive, full-jitter]",
                                          "strategies: [naive, {preset: full-jitter, name: \"a\\nb\"}]");
    for (const char* command : {"validate", "run"}) {
        INFO(command);
        CHECK(run_ratesim(fmt::format("{} {} ", command, quote(file.string())), tmp.path(),
                          "cd " + quote(tmp.path().string()) + " &&") == 2);
        CHECK_THAT(read_file(tmp / "stderr.txt"),
                   Catch::Contains("s.yaml:29:51: error: compare.strategies[1].name: the name holds a control "
                                   "character (byte 0x0a") &&
                       Catch::Contains("allowed: a label on one line"));
    }
    CHECK_FALSE(fs::exists(tmp / "out"));
}

TEST_CASE("Labels with commas, quotes, spaces and non-ASCII text round-trip through CSV", "[names][csv]") {
    for (const std::string label : {"a,b", "say \"hi\"", " padded ", "\"", ",", "ünïcødé, 漢字", "a\\b", "=1+2"}) {
        INFO(label);
        const auto fields = ratesim::output::csv_fields(ratesim::output::csv_text(label) + "," +
                                                        ratesim::output::csv_text(label));
        REQUIRE(fields.size() == 2);
        CHECK(fields[0] == label);
        CHECK(fields[1] == label);
    }
    // End to end: the run reads its own timeseries.csv back to plot.
    TempDir tmp;
    const fs::path file = quickstart_with(tmp, "strategies: [naive, full-jitter]",
                                          "strategies: [naive, {preset: full-jitter, name: 'a, \"b\" ü '}]");
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --no-plots", quote(file.string()),
                                    quote((tmp / "out").string())),
                        tmp.path()) == 0);
    CHECK_THAT(read_file(tmp / "out" / "timeseries.csv"), Catch::Contains("\"a, \"\"b\"\" ü \",all,0,"));
    CHECK_THAT(read_file(tmp / "out" / "report.html"), Catch::Contains("a, &quot;b&quot; ü "));
}

}  // namespace test_names_and_labels
