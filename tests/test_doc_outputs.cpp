// The docs' output blocks marked <!-- checked by tests/test_doc_outputs.cpp -->,
// compared byte for byte with what the command they show prints now: the
// flagship's and the two services' tables and the plan's answer in README.md, the retry storm's in
// docs/strategies.md and the error of docs/writing-a-strategy.md. A change that moves one of them
// updates the doc in the same commit (docs/testing.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <string>

#include <fmt/format.h>

#include "support/doc_blocks.hpp"
#include "support/program.hpp"

namespace test_doc_outputs {

using namespace ratesim::testing;

// The text of the first fenced block of `doc` that opens after the line
// holding `anchor`.
std::string block_after(const std::string& doc, const std::string& anchor) {
    const std::string markdown = read_file(fs::path(kSource) / doc);
    const std::size_t at = markdown.find(anchor);
    INFO(doc << " has no '" << anchor << "'");
    REQUIRE(at != std::string::npos);
    const int anchor_line =
        1 + static_cast<int>(std::count(markdown.begin(), markdown.begin() + at, '\n'));
    for (const DocBlock& b : fenced_blocks(markdown))
        if (b.line > anchor_line) return b.text;
    FAIL(doc << " has no block after '" << anchor << "'");
    return "";
}

// What `ratesim ARGS` prints on stdout, run in the source tree (paths as the
// docs give them), from the table on: without the scenario's description
// above it, and without what follows it (the note on replications, and the
// count of runs with the wall time, which varies).
std::string printed_table(const TempDir& tmp, const std::string& args) {
    REQUIRE(run_ratesim(args + " -o " + quote((tmp / "out").string()), tmp.path(),
                        "cd " + quote(kSource) + " && env -u COLUMNS") == 0);
    const std::string out = read_file(tmp / "stdout.txt");
    const std::size_t start = out.find("\n\n");
    REQUIRE(start != std::string::npos);
    std::smatch trailer;
    static const std::regex after(R"(\n(figures are means|[0-9]+ runs? \())");
    const std::string rest = out.substr(start + 2);
    REQUIRE(std::regex_search(rest, trailer, after));
    return rest.substr(0, static_cast<std::size_t>(trailer.position(0)));
}

// The block of `doc` after `anchor` against the table `ratesim ARGS` prints.
void check_table(const std::string& doc, const std::string& anchor, const std::string& args) {
    const TempDir tmp;
    const std::string expected = block_after(doc, anchor), actual = printed_table(tmp, args);
    INFO(doc << ", the block after '" << anchor << "': first difference at "
             << first_difference(expected, actual));
    CHECK(actual == expected);
}

TEST_CASE("README.md's flagship table is what ratesim run scenarios/shared-org.yaml prints",
          "[docs]") {
    check_table("README.md", "each replication and the 95% confidence half-widths):",
                "run scenarios/shared-org.yaml --no-plots");
}

TEST_CASE("README.md's two-services tables are what ratesim run scenarios/two-services.yaml prints",
          "[docs]") {
    check_table("README.md", "the same split):", "run scenarios/two-services.yaml --no-plots");
}

TEST_CASE("docs/strategies.md's retry-storm table is what its command prints", "[docs]") {
    check_table("docs/strategies.md",
                "[exponential, full-jitter, equal-jitter, decorrelated-jitter]}'`):",
                "run scenarios/retry-storm.yaml --no-plots --set 'compare={strategies: "
                "[exponential, full-jitter, equal-jitter, decorrelated-jitter]}'");
}

TEST_CASE(
    "README.md's two-services plan answer is what ratesim plan scenarios/two-services.yaml "
    "prints",
    "[docs]") {
    const TempDir tmp;
    const std::string expected = block_after("README.md", "are no miss). It answers:");
    REQUIRE(run_ratesim(
                "plan scenarios/two-services.yaml --no-plots -o " + quote((tmp / "out").string()),
                tmp.path(), "cd " + quote(kSource) + " && env -u COLUMNS") == 0);
    // The answer, from its heading to the blank line before "wrote ...".
    const std::string out = read_file(tmp / "stdout.txt");
    const std::size_t start = out.find("\nanswer:\n"), end = out.find("\n\nwrote ");
    REQUIRE(start != std::string::npos);
    REQUIRE(end != std::string::npos);
    const std::string actual = out.substr(start + 1, end - start);
    INFO("README.md, the plan's answer: first difference at "
         << first_difference(expected, actual));
    CHECK(actual == expected);
}

TEST_CASE("docs/writing-a-strategy.md's error for a decrease of 2 is the loader's, at line 12",
          "[docs]") {
    const TempDir tmp;
    const std::string expected =
        block_after("docs/writing-a-strategy.md",
                    "With `pacing: {kind: adaptive-rate, decrease: 2}` on line 12:");
    // A scenario whose line 12 holds that pacing at column 47's value.
    write_file(tmp / "s.yaml",
               "name: s\n"
               "api:\n"
               "  pools:\n"
               "    sonnet: {models: [claude-sonnet-4-5], rpm: 50}\n"
               "clients:\n"
               "  - name: a\n"
               "    workers: 2\n"
               "    workload: {kind: batch, items: 4}\n"
               "    request: {model: claude-sonnet-4-5, input_tokens: 100, max_tokens: 10,\n"
               "              output_tokens: 10}\n"
               "    strategy:\n"
               "      pacing: {kind: adaptive-rate, decrease: 2}\n");
    CHECK(run_ratesim("validate s.yaml", tmp.path(), "cd " + quote(tmp.path().string()) + " &&") ==
          2);
    CHECK(read_file(tmp / "stderr.txt") == expected);
}

}  // namespace test_doc_outputs
