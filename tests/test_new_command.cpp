// `ratesim new`: a starter scenario that validates (by the loader and by the
// schema's independent validator) and runs as written, with the modeline and,
// run from the build directory, a copy of the schema beside it.
#include <catch2/catch.hpp>

#include "tests/support/program.hpp"

namespace test_new_command {

using namespace ratesim::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::string in(const TempDir& dir) { return "cd " + quote(dir.path().string()) + " &&"; }

// The independent validator's verdict line on `file` against `schema`.
std::string verdict(const fs::path& schema, const fs::path& file, const TempDir& dir) {
    const std::string command = fmt::format(
        "/usr/bin/python3 {} {} {} >{} 2>&1", quote((fs::path(kSource) / "tests/schema/validate.py").string()),
        quote(schema.string()), quote(file.string()), quote((dir / "verdict.txt").string()));
    const int status = std::system(command.c_str());
    INFO(read_file(dir / "verdict.txt"));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return read_file(dir / "verdict.txt");
}

}  // namespace

TEST_CASE("ratesim new with no arguments writes a scenario that validates and runs as written", "[new]") {
    TempDir dir;
    REQUIRE(run_ratesim("new", dir.path(), in(dir)) == 0);
    CHECK_THAT(read_file(dir / "stdout.txt"), Contains("wrote my-scenario.yaml and scenario.schema.json"));
    const std::string text = read_file(dir / "my-scenario.yaml");
    CHECK_THAT(text, StartsWith("# yaml-language-server: $schema=scenario.schema.json\n"));
    CHECK_THAT(text, Contains("name: my-scenario"));

    // The copy of the schema is the program's own.
    const std::string copy = read_file(dir / "scenario.schema.json");
    REQUIRE(run_ratesim("schema", dir.path()) == 0);
    CHECK(copy == read_file(dir / "stdout.txt"));
    CHECK(verdict(dir / "scenario.schema.json", dir / "my-scenario.yaml", dir) ==
          (dir / "my-scenario.yaml").string() + "\tvalid\n");

    REQUIRE(run_ratesim("validate my-scenario.yaml", dir.path(), in(dir)) == 0);
    const std::string validated = read_file(dir / "stdout.txt");
    CHECK_THAT(validated, Contains("my-scenario.yaml: ok: "));
    CHECK_THAT(validated, Contains("2 variant(s) x 3 replication(s)"));
    REQUIRE(run_ratesim("run my-scenario.yaml --no-plots -q", dir.path(), in(dir)) == 0);
    const std::string summary = read_file(dir / "out/my-scenario/summary.csv");
    CHECK_THAT(summary, Contains("full-jitter"));
    CHECK_THAT(summary, Contains("header-proactive"));
}

TEST_CASE("ratesim new takes its name, tier preset, workers and strategies from the command line", "[new]") {
    TempDir dir;
    REQUIRE(run_ratesim("new nightly --preset anthropic-2026/build --workers 3 --strategies naive,sdk-default",
                        dir.path(), in(dir)) == 0);
    const std::string text = read_file(dir / "nightly.yaml");
    CHECK_THAT(text, Contains("preset: anthropic-2026/build"));
    CHECK_THAT(text, Contains("strategies: [naive, sdk-default]"));
    CHECK(verdict(dir / "scenario.schema.json", dir / "nightly.yaml", dir) ==
          (dir / "nightly.yaml").string() + "\tvalid\n");
    REQUIRE(run_ratesim("validate nightly.yaml", dir.path(), in(dir)) == 0);
    const std::string validated = read_file(dir / "stdout.txt");
    CHECK_THAT(validated, Contains("2 variant(s)"));
    CHECK_THAT(validated, Contains("naive"));
    CHECK_THAT(validated, Contains("sdk-default"));
    REQUIRE(run_ratesim("run nightly.yaml --no-plots -q --replications 1", dir.path(), in(dir)) == 0);
    CHECK_THAT(read_file(dir / "out/nightly/summary.json"), Contains("\"workers\": 3"));
}

TEST_CASE("ratesim new refuses a bad name, preset or strategy and an existing file, with exit 2", "[new]") {
    TempDir dir;
    CHECK(run_ratesim("new 'a b'", dir.path(), in(dir)) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Contains("allowed: letters, digits"));
    CHECK(run_ratesim("new x --preset anthropic-2025/tier-9", dir.path(), in(dir)) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Contains("unknown preset 'anthropic-2025/tier-9'"));
    CHECK(run_ratesim("new x --strategies naive,ful-jitter", dir.path(), in(dir)) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Contains("did you mean 'full-jitter'?"));
    CHECK(run_ratesim("new x --workers 0", dir.path(), in(dir)) == 2);
    CHECK_FALSE(fs::exists(dir / "x.yaml"));

    write_file(dir / "mine.yaml", "my own\n");
    CHECK(run_ratesim("new mine", dir.path(), in(dir)) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Contains("mine.yaml exists; allowed: another NAME, or --force"));
    CHECK(read_file(dir / "mine.yaml") == "my own\n");
    REQUIRE(run_ratesim("new mine --force", dir.path(), in(dir)) == 0);
    CHECK_THAT(read_file(dir / "mine.yaml"), Contains("name: mine"));
}

}  // namespace test_new_command
