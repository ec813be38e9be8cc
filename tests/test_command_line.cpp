// The command line as a user meets it: the subcommands register themselves
// (sim/cli/subcommand.hpp), so their order in --help and their exit codes
// are checked here rather than read off main.cpp.
#include <catch2/catch.hpp>

#include "support/program.hpp"

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
          "rn: error: unknown subcommand (did you mean 'run'?); allowed: run, plan, validate, plot, list\n");
    CHECK(run_ratesim("frobnicate", dir.path()) == 2);
    CHECK(read_file(dir / "stderr.txt") ==
          "frobnicate: error: unknown subcommand; allowed: run, plan, validate, plot, list\n");
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
