// The command line as a user meets it: the subcommands register themselves
// (sim/cli/subcommand.hpp), so their order in --help and their exit codes
// are checked here rather than read off main.cpp.
#include <catch2/catch.hpp>

#include <sstream>

#include "support/program.hpp"

namespace test_command_line {

using namespace ratesim::testing;

TEST_CASE("ratesim --help lists the subcommands in their registered order", "[cli]") {
    TempDir dir;
    REQUIRE(run_ratesim("--help", dir.path()) == 0);
    const std::string help = read_file(dir / "stdout.txt");
    std::size_t at = 0;
    for (const char* name : {"run", "plan", "validate", "plot", "list"}) {
        const std::size_t found = help.find(std::string("\n  ") + name + " ", at);
        INFO(name << " in:\n" << help);
        REQUIRE(found != std::string::npos);
        at = found + 1;
    }
}

TEST_CASE("a malformed --sweep or --bisect is a usage error with exit code 2", "[cli]") {
    TempDir dir;
    const std::string scenario = quote(kSource + "/scenarios/quickstart.yaml");
    CHECK(run_ratesim("run " + scenario + " --sweep no-equals-sign", dir.path()) == 2);
    CHECK(read_file(dir / "stderr.txt") ==
          "--sweep no-equals-sign: error: expected PATH=VALUES; allowed: e.g. --sweep "
          "clients.batch.workers=1,2,4 or --sweep clients.batch.workers=1..64x2\n");
    CHECK(run_ratesim("plan " + scenario + " --target 'makespan<=1h' --bisect api.pools.sonnet.rpm=9",
                      dir.path()) == 2);
    CHECK(read_file(dir / "stderr.txt").rfind("--bisect api.pools.sonnet.rpm=9: error: ", 0) == 0);
}

TEST_CASE("an unknown subcommand exits 2 and suggests the registered one it resembles", "[cli]") {
    TempDir dir;
    CHECK(run_ratesim("rn", dir.path()) == 2);
    CHECK(read_file(dir / "stderr.txt") ==
          "rn: error: unknown subcommand (did you mean 'run'?); allowed: new, run, merge, plan, validate, serve, plot, playground, list, "
          "import-limits, schema, completion\n");
    CHECK(run_ratesim("frobnicate", dir.path()) == 2);
    CHECK(read_file(dir / "stderr.txt") ==
          "frobnicate: error: unknown subcommand; allowed: new, run, merge, plan, validate, serve, plot, playground, list, "
          "import-limits, schema, completion\n");
    CHECK(run_ratesim("", dir.path()) == 2);
    CHECK(read_file(dir / "stderr.txt") == "A subcommand is required\nRun with --help for more information.\n");
}

TEST_CASE("an unknown option exits 2 and suggests the option of that subcommand it resembles", "[cli]") {
    TempDir dir;
    const std::string scenario = quote(kSource + "/scenarios/quickstart.yaml");
    CHECK(run_ratesim("run " + scenario + " --thread 2", dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"),
               Catch::Matchers::StartsWith("--thread: error: unknown option of `ratesim run` (did you mean "
                                           "'--threads'?); allowed: --help, -h, --set"));
    CHECK(run_ratesim("validate " + scenario + " --seeds=3", dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"),
               Catch::Matchers::StartsWith("--seeds: error: unknown option of `ratesim validate` (did you mean '--seed'?)"));
    CHECK(run_ratesim("--verison", dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Catch::Matchers::Contains("(did you mean '--version'?)"));
    CHECK(run_ratesim("validate " + scenario + " " + scenario, dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Catch::Matchers::Contains("error: unexpected argument of `ratesim validate`"));
}

TEST_CASE("ratesim --version and -V print the version, the git commit and the build type", "[cli]") {
    TempDir dir;
    for (const char* flag : {"--version", "-V"}) {
        REQUIRE(run_ratesim(flag, dir.path()) == 0);
        const std::string out = read_file(dir / "stdout.txt");
        INFO(out);
        CHECK_THAT(out, Catch::Matchers::Matches(std::string("ratesim ") + RATESIM_VERSION +
                                                 R"( \(commit ([0-9a-f]{12}(\+dirty)?|unknown), [A-Za-z]+ build\)\n)"));
    }
}

TEST_CASE("ratesim list presets shows each tier's RPM, ITPM and OTPM per pool", "[cli]") {
    TempDir dir;
    REQUIRE(run_ratesim("list presets", dir.path()) == 0);
    const std::string out = read_file(dir / "stdout.txt");
    // scenarios/presets/anthropic-2025.yaml, tier-2: sonnet {rpm: 1000, itpm: 450k, otpm: 90k}.
    const std::size_t tier = out.find("anthropic-2025/tier-2");
    REQUIRE(tier != std::string::npos);
    const std::size_t sonnet = out.find("sonnet", tier);
    REQUIRE(sonnet != std::string::npos);
    const std::string line = out.substr(sonnet, out.find('\n', sonnet) - sonnet);
    CHECK(line == "sonnet   RPM    1000  ITPM    450k  OTPM     90k");
}

TEST_CASE("ratesim validate - reads the scenario from standard input and names it <stdin>", "[cli]") {
    TempDir dir;
    const std::string scenario = quote(kSource + "/scenarios/quickstart.yaml");
    REQUIRE(run_ratesim("validate - <" + scenario, dir.path()) == 0);
    CHECK_THAT(read_file(dir / "stdout.txt"), Catch::Matchers::StartsWith("<stdin>: ok: 1 pool(s), 1 client group(s)"));
    write_file(dir / "bad.yaml", "name: x\napi: 3\n");
    CHECK(run_ratesim("validate - <" + quote((dir / "bad.yaml").string()), dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Catch::Matchers::StartsWith("<stdin>:2:6: error: api: expected a map"));
    // Only validate reads standard input: for run, `-` is a file name like any other.
    CHECK(run_ratesim("run - --no-plots -o " + quote((dir / "o").string()) + " <" + scenario, dir.path()) == 2);
}

TEST_CASE("ratesim list scenarios outside the source tree exits 2 with its message on stderr", "[cli]") {
    TempDir dir;
    CHECK(run_ratesim("list scenarios", dir.path(), "cd " + quote(dir.path().string()) + " &&") == 2);
    CHECK(read_file(dir / "stdout.txt").empty());
    CHECK_THAT(read_file(dir / "stderr.txt"),
               Catch::Matchers::StartsWith("list scenarios: error: no scenarios/ directory in "));
}

TEST_CASE("the table after a run fits 80 columns when COLUMNS=80 and keeps one block otherwise", "[cli]") {
    TempDir dir;
    const std::string run = "run " + quote(kSource + "/scenarios/strategy-zoo.yaml") +
                            " --replications 1 --no-plots -o " + quote((dir / "z").string());
    REQUIRE(run_ratesim(run, dir.path(), "COLUMNS=80") == 0);
    const std::string narrow = read_file(dir / "stdout.txt");
    const std::size_t table = narrow.find("\nvariant ");
    REQUIRE(table != std::string::npos);
    // Every line fits: the description above the table, the table, its notes and the lines below it.
    std::istringstream lines(narrow);
    int headers = 0;
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        CHECK(line.size() <= 80);
        headers += line.rfind("variant ", 0) == 0;
    }
    CHECK(headers >= 2);  // split into blocks, each with the variant column
    CHECK_THAT(narrow, Catch::Matchers::Contains(" runs (") && Catch::Matchers::Contains("\nwrote "));
    // Not a terminal and no COLUMNS: one block, as wide as it needs.
    REQUIRE(run_ratesim(run, dir.path(), "env -u COLUMNS") == 0);
    const std::string wide = read_file(dir / "stdout.txt");
    const std::size_t header = wide.find("\nvariant ");
    REQUIRE(header != std::string::npos);
    CHECK(wide.find("\nvariant ", header + 1) == std::string::npos);
    CHECK(wide.find('\n', header + 1) - header - 1 > 80);
}

TEST_CASE("with several client groups every line printed after a run fits 80 columns when COLUMNS=80", "[cli]") {
    TempDir dir;
    const std::string run = "run " + quote(kSource + "/scenarios/two-services.yaml") +
                            " --replications 2 --no-plots -o " + quote((dir / "t").string());
    REQUIRE(run_ratesim(run, dir.path(), "COLUMNS=80") == 0);
    const std::string out = read_file(dir / "stdout.txt");
    CHECK_THAT(out, Catch::Matchers::Contains("\ngroup chat: ") && Catch::Matchers::Contains("figures are means"));
    std::istringstream lines(out);
    int headers = 0;
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        CHECK(line.size() <= 80);
        headers += line.rfind("variant ", 0) == 0;
    }
    CHECK(headers >= 6);  // three blocks (organization, chat, batch), each split in two or more
}

}  // namespace test_command_line
