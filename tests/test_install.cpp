// `cmake --install` (what `scripts/setup.sh --install` runs) puts the
// binary, the man page, the completions and the scenario schema under the
// prefix; checked with DESTDIR in a temporary directory, and the installed
// program is run from there.
#include <catch2/catch.hpp>

#include "tests/support/program.hpp"

namespace test_install {

using namespace ratesim::testing;
using Catch::Matchers::Contains;

namespace {

int shell(const std::string& command, const TempDir& dir) {
    const std::string full = command + " >" + quote((dir / "out.txt").string()) + " 2>" +
                             quote((dir / "err.txt").string());
    const int status = std::system(full.c_str());
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("cmake --install puts the binary, man page, completions and schema under the prefix",
          "[install]") {
    TempDir dir;
    const fs::path root = dir / "root";
    const std::string install = fmt::format("DESTDIR={} {} --install {} --prefix /opt/ratesim", quote(root.string()),
                                            quote(RATESIM_CMAKE), quote(RATESIM_BUILD_DIR));
    INFO(install);
    REQUIRE(shell(install, dir) == 0);
    INFO(read_file(dir / "err.txt"));
    const fs::path prefix = root / "opt/ratesim";
    for (const char* file : {"bin/ratesim", "share/man/man1/ratesim.1",
                             "share/bash-completion/completions/ratesim",
                             "share/zsh/site-functions/_ratesim",
                             "share/fish/vendor_completions.d/ratesim.fish",
                             "share/ratesim/scenario.schema.json"}) {
        INFO(file);
        CHECK(fs::is_regular_file(prefix / file));
    }
    CHECK(read_file(prefix / "share/ratesim/scenario.schema.json") ==
          read_file(fs::path(kSource) / "docs/scenario.schema.json"));

    // The installed program runs, and its man page and completion are its own output.
    const std::string installed = quote((prefix / "bin/ratesim").string());
    REQUIRE(shell(installed + " --version", dir) == 0);
    CHECK_THAT(read_file(dir / "out.txt"), Contains(RATESIM_VERSION));
    REQUIRE(shell(installed + " completion bash", dir) == 0);
    CHECK(read_file(dir / "out.txt") == read_file(prefix / "share/bash-completion/completions/ratesim"));
    REQUIRE(shell(installed + " man", dir) == 0);
    CHECK(read_file(dir / "out.txt") == read_file(prefix / "share/man/man1/ratesim.1"));

    // `ratesim new` from the installed program points at the installed schema, and writes no copy.
    fs::create_directories(dir / "work");
    REQUIRE(shell("cd " + quote((dir / "work").string()) + " && " + installed + " new starter", dir) == 0);
    const std::string text = read_file(dir / "work/starter.yaml");
    CHECK(text.rfind("# yaml-language-server: $schema=" +
                         fs::canonical(prefix / "share/ratesim/scenario.schema.json").string() + "\n",
                     0) == 0);
    CHECK_FALSE(fs::exists(dir / "work/scenario.schema.json"));
}

}  // namespace test_install
