// Every fenced block of README.md and docs/*.md that shows a command's
// output (a bare ``` fence: commands, YAML and code carry a language) says
// what it is, on the last non-blank line above it:
//   <!-- illustrative -->               not compared with anything, or
//   <!-- checked by tests/NAME.cpp -->  compared with the program's output
//                                       by that test file, which names the doc.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/doc_blocks.hpp"
#include "support/program.hpp"

namespace test_doc_blocks {

using namespace ratesim::testing;

// The problems with the output blocks of `doc` (a path relative to the
// source tree, as a test file names it): one line each, "" when none.
std::string unmarked_blocks(const std::string& doc, const std::string& markdown) {
    static const std::regex checked(R"(<!-- checked by (tests/[a-z0-9_]+\.cpp) -->)");
    std::string problems;
    for (const DocBlock& b : fenced_blocks(markdown)) {
        if (!b.info.empty() && b.info != "text" && b.info != "console") continue;
        std::smatch m;
        if (b.marker == "<!-- illustrative -->") continue;
        if (std::regex_match(b.marker, m, checked)) {
            const fs::path test = fs::path(kSource) / m[1].str();
            if (!fs::exists(test))
                problems += fmt::format("{}:{}: {} does not exist\n", doc, b.line, m[1].str());
            else if (read_file(test).find(doc) == std::string::npos)
                problems += fmt::format("{}:{}: {} never names {}\n", doc, b.line, m[1].str(), doc);
            continue;
        }
        problems += fmt::format(
            "{}:{}: an output block with neither <!-- illustrative --> nor <!-- checked by "
            "tests/NAME.cpp --> above it (found: '{}')\n",
            doc, b.line, b.marker);
    }
    return problems;
}

TEST_CASE("an output block without a marker, or naming a test file that is missing, is reported",
          "[docs]") {
    const std::string md =
        "Text.\n\n```sh\nratesim run x.yaml\n```\n\n```\nnaive 600 ok\n```\n\n"
        "<!-- illustrative -->\n```\nok\n```\n"
        "<!-- checked by tests/test_no_such_file.cpp -->\n  ```\n  ok\n  ```\n"
        "<!-- checked by tests/test_doc_blocks.cpp -->\n```text\nok\n```\n";
    // A name that occurs nowhere in this file, so that this file does not name it.
    const std::string doc = std::string(3, 'q') + ".md";
    CHECK(
        unmarked_blocks(doc, md) ==
        fmt::format("{0}:7: an output block with neither <!-- illustrative --> nor <!-- checked by "
                    "tests/NAME.cpp --> above it (found: '')\n"
                    "{0}:16: tests/test_no_such_file.cpp does not exist\n"
                    "{0}:20: tests/test_doc_blocks.cpp never names {0}\n",
                    doc));
}

TEST_CASE(
    "every output block of README.md and docs/*.md is marked illustrative or checked by a test",
    "[docs]") {
    std::vector<std::string> docs{"README.md"};
    for (const auto& entry : fs::directory_iterator(fs::path(kSource) / "docs"))
        if (entry.path().extension() == ".md")
            docs.push_back("docs/" + entry.path().filename().string());
    REQUIRE(docs.size() > 10);
    std::string problems;
    for (const std::string& doc : docs)
        problems += unmarked_blocks(doc, read_file(fs::path(kSource) / doc));
    CHECK(problems == "");
}

}  // namespace test_doc_blocks
