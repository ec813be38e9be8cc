// The test binary compiles as a unity build, so each test file keeps its body
// (everything after its #include lines) in a namespace named after the file:
// helpers of the same name in two files then never meet in one batch.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/program.hpp"

namespace test_unity_namespaces {

using namespace ratesim::testing;

namespace {

std::vector<std::string> lines_of(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Empty when FILE's body after its last #include opens `namespace STEM {` and
// its last line closes it; otherwise what is wrong.
std::string namespace_problem(const fs::path& file) {
    const auto lines = lines_of(file);
    const std::string stem = file.stem().string();
    std::size_t after_includes = 0;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].rfind("#include", 0) == 0) after_includes = i + 1;
    std::size_t first = after_includes;
    while (first < lines.size() && lines[first].empty()) ++first;
    if (first == lines.size() || lines[first] != "namespace " + stem + " {")
        return file.filename().string() + ": the first line after the includes is not 'namespace " + stem + " {'";
    std::size_t last = lines.size();
    while (last > 0 && lines[last - 1].empty()) --last;
    if (last == 0 || lines[last - 1] != "}  // namespace " + stem)
        return file.filename().string() + ": the last line is not '}  // namespace " + stem + "'";
    return "";
}

}  // namespace

TEST_CASE("every test file keeps its body in a namespace named after the file", "[layering]") {
    int files = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(kSource) / "tests")) {
        const auto& path = entry.path();
        if (path.extension() != ".cpp" || path.filename() == "main.cpp") continue;
        ++files;
        INFO(path.string());
        CHECK(namespace_problem(path) == "");
    }
    CHECK(files > 50);
}

TEST_CASE("a test file without its namespace is named with what is missing", "[layering]") {
    TempDir dir;
    const fs::path file = dir.path() / "test_example.cpp";
    std::ofstream(file) << "#include <catch2/catch.hpp>\n\nTEST_CASE(\"x\") {}\n";
    CHECK(namespace_problem(file) ==
          "test_example.cpp: the first line after the includes is not 'namespace test_example {'");
    std::ofstream(file) << "#include <catch2/catch.hpp>\n\nnamespace test_example {\n\nTEST_CASE(\"x\") {}\n";
    CHECK(namespace_problem(file) == "test_example.cpp: the last line is not '}  // namespace test_example'");
    std::ofstream(file) << "#include <catch2/catch.hpp>\n\nnamespace test_example {\n}  // namespace test_example\n";
    CHECK(namespace_problem(file) == "");
}

}  // namespace test_unity_namespaces
