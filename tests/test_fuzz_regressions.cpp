// Inputs the fuzzers once broke ratesim with (tests/fuzz-regressions/), and
// the UTF-8 check the first of them called for. Each input must load or be
// refused with a ScenarioError, never crash or throw anything else; a loaded
// one must also describe itself as summary.json would.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz/fuzz_input.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_json.hpp"
#include "sim/scenario/text_encoding.hpp"

namespace test_fuzz_regressions {

using namespace ratesim;

namespace {

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("every saved fuzzer input loads or is refused with a scenario error", "[fuzz]") {
    const std::filesystem::path dir = std::filesystem::path(RATESIM_SOURCE_DIR) / "tests/fuzz-regressions";
    int inputs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
        ++inputs;
        const std::string bytes = read_bytes(entry.path());
        const fuzz::FuzzInput input =
            fuzz::split_input(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        INFO(entry.path().filename().string());
        try {
            const scenario::ScenarioConfig s = scenario::load_scenario_text(input.text, "fuzz.yaml", input.sets);
            CHECK_FALSE(run::variants_of(s).empty());
            CHECK_FALSE(scenario::scenario_to_json(s).dump().empty());
        } catch (const scenario::ScenarioError& e) {
            CHECK(std::string(e.what()).rfind("fuzz.yaml", 0) == 0);
        }
    }
    CHECK(inputs >= 1);
}

TEST_CASE("a description that is not UTF-8 is refused at its line and column", "[fuzz]") {
    const std::string bytes = read_bytes(std::filesystem::path(RATESIM_SOURCE_DIR) /
                                         "tests/fuzz-regressions/invalid-utf8-in-description.yaml");
    CHECK_THROWS_WITH(scenario::load_scenario_text(bytes, "storm.yaml"),
                      Catch::StartsWith("storm.yaml:3:53: error: byte 0x92 is not UTF-8 text"));
}

TEST_CASE("a --set value that is not UTF-8 is refused and names the set", "[fuzz]") {
    const std::string yaml = read_bytes(std::filesystem::path(RATESIM_SOURCE_DIR) / "scenarios/quickstart.yaml");
    CHECK_NOTHROW(scenario::load_scenario_text(yaml, "q.yaml", {"description=caf\xC3\xA9"}));
    CHECK_THROWS_WITH(scenario::load_scenario_text(yaml, "q.yaml", {"description=caf\xE9"}),
                      Catch::StartsWith("--set description=caf") && Catch::Contains("byte 0xE9"));
}

TEST_CASE("the UTF-8 check accepts every well-formed sequence and finds the first ill-formed byte",
          "[fuzz]") {
    CHECK_FALSE(scenario::first_invalid_utf8("plain ascii\nand a second line"));
    CHECK_FALSE(scenario::first_invalid_utf8("\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBB\xBF"));
    CHECK_FALSE(scenario::first_invalid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point

    const auto at = [](std::string_view text) {
        const auto p = scenario::first_invalid_utf8(text);
        REQUIRE(p);
        return std::tuple{p->offset, p->line, p->column};
    };
    CHECK(at("ab\ncd\x80") == std::tuple{std::size_t{5}, 2, 3});  // a lone continuation byte
    CHECK(at("\xC0\xAF") == std::tuple{std::size_t{0}, 1, 1});     // overlong '/'
    CHECK(at("x\xE0\x80\xAF") == std::tuple{std::size_t{1}, 1, 2}); // overlong, 3 bytes
    CHECK(at("\xED\xA0\x80") == std::tuple{std::size_t{0}, 1, 1});  // a surrogate
    CHECK(at("\xF4\x90\x80\x80") == std::tuple{std::size_t{0}, 1, 1});  // past U+10FFFF
    CHECK(at("ok \xE2\x82") == std::tuple{std::size_t{3}, 1, 4});  // cut short at the end
    CHECK(at("\xFF") == std::tuple{std::size_t{0}, 1, 1});
}

TEST_CASE("a NUL byte, which yaml-cpp would turn into text that is not UTF-8, is refused where it is",
          "[fuzz]") {
    const std::string bytes = read_bytes(std::filesystem::path(RATESIM_SOURCE_DIR) /
                                         "tests/fuzz-regressions/nul-byte-in-description.yaml");
    CHECK_THROWS_WITH(scenario::load_scenario_text(bytes, "org.yaml"),
                      Catch::StartsWith("org.yaml:3:55: error: byte 0x00 is a control character"));
}

TEST_CASE("control characters are found, and tabs and line breaks are not", "[fuzz]") {
    CHECK_FALSE(scenario::first_control_character("a\tb\r\nc d\n"));
    const auto bad = scenario::first_control_character("ok\nx\x7F");
    REQUIRE(bad);
    CHECK(bad->offset == 4);
    CHECK(bad->line == 2);
    CHECK(bad->column == 2);
    CHECK(scenario::first_control_character(std::string_view("\0", 1)));
    CHECK(scenario::first_control_character("\x1B[0m"));
}

}  // namespace test_fuzz_regressions
