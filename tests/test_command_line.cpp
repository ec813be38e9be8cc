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

TEST_CASE("an unknown subcommand exits 2 and asks for one of the registered ones", "[cli]") {
    TempDir dir;
    CHECK(run_ratesim("rn", dir.path()) == 2);
    CHECK(read_file(dir / "stderr.txt") == "A subcommand is required\nRun with --help for more information.\n");
}
