// The shipped playground pages (docs/playground/*.html) are what
// scripts/build-playground-pages writes today: each is regenerated here from
// the repository root, as the script does, and must match byte for byte.
// The pages hold the WebAssembly module, so this needs it built
// (scripts/build-playground-module); without it the test fails and says so.
#include <catch2/catch.hpp>

#include "support/program.hpp"

namespace test_playground_pages {

using namespace ratesim::testing;

TEST_CASE("each shipped playground page is what scripts/build-playground-pages writes now",
          "[playground-pages]") {
    const fs::path module = RATESIM_PLAYGROUND_MODULE;  // the asan build uses the release build's
    if (!fs::is_regular_file(module))
        FAIL("the WebAssembly module " << module.string() << " is missing, so the shipped pages cannot be "
             "checked: build it with scripts/build-playground-module (it needs Debian's emscripten: "
             "apt-get install emscripten)");
    TempDir dir;
    // As scripts/build-playground-pages writes them.
    const std::pair<std::string, std::string> pages[] = {
        {"retry-storm", "--pick exponential --pick full-jitter"}, {"shared-org", ""}};
    for (const auto& [name, picks] : pages) {
        INFO(name);
        const fs::path shipped = fs::path(kSource) / "docs" / "playground" / (name + ".html");
        if (!fs::is_regular_file(shipped))
            FAIL(shipped.string() << " is missing: run scripts/build-playground-pages and commit it");
        const fs::path fresh = dir / (name + ".html");
        REQUIRE(run_ratesim(fmt::format("playground scenarios/{}.yaml {} --module {} -o {}", name, picks,
                                        quote(module.string()), quote(fresh.string())),
                            dir.path(), "cd " + quote(kSource) + " &&") == 0);
        const std::string expected = read_file(shipped), actual = read_file(fresh);
        INFO("stale: run scripts/build-playground-pages and commit the pages; " << expected.size() << " vs "
             << actual.size() << " bytes");
        const bool same = expected == actual;  // not the pages themselves in the message
        CHECK(same);
    }
}

}  // namespace test_playground_pages
