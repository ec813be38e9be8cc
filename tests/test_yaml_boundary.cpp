// Only the scenario layer reads YAML: outside sim/scenario no file includes
// yaml-cpp, directly or through a header of the repository.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace test_yaml_boundary {

namespace {

namespace fs = std::filesystem;

// The targets of a file's #include lines, as written ("sim/x.hpp", "yaml-cpp/yaml.h").
std::vector<std::string> includes_of(const fs::path& file) {
    std::vector<std::string> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto at = line.find("#include");
        if (at == std::string::npos || line.find_first_not_of(" \t") != at) continue;
        const auto open = line.find_first_of("<\"", at);
        const auto close = line.find_first_of(">\"", open + 1);
        if (open != std::string::npos && close != std::string::npos)
            out.push_back(line.substr(open + 1, close - open - 1));
    }
    return out;
}

// Whether `header` (a repository path) includes yaml-cpp, itself or through others.
bool reaches_yaml(const fs::path& root, const std::string& header,
                  std::map<std::string, bool>& known) {
    if (header.rfind("yaml-cpp/", 0) == 0) return true;
    if (const auto it = known.find(header); it != known.end()) return it->second;
    known[header] = false;  // cycles end here
    if (!fs::exists(root / header)) return false;  // a system header
    for (const std::string& target : includes_of(root / header))
        if (reaches_yaml(root, target, known)) return known[header] = true;
    return false;
}

}  // namespace

TEST_CASE("only sim/scenario includes yaml-cpp, directly or through a header", "[layers]") {
    const fs::path root = RATESIM_SOURCE_DIR;
    std::map<std::string, bool> known;
    int files = 0;
    for (const char* dir : {"sim", "models", "tests", "fuzz", "bench"})
        for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
            const fs::path& path = entry.path();
            if (path.extension() != ".cpp" && path.extension() != ".hpp") continue;
            const std::string relative = fs::relative(path, root).string();
            if (relative.rfind("sim/scenario/", 0) == 0) continue;
            // The layering check's fixtures break the rules on purpose.
            if (relative.rfind("tests/fixtures/layering/", 0) == 0) continue;
            ++files;
            for (const std::string& target : includes_of(path)) {
                INFO(relative << " includes " << target);
                CHECK_FALSE(reaches_yaml(root, target, known));
            }
        }
    CHECK(files > 50);
    // The check sees through headers: the scenario layer's YAML view is one.
    CHECK(reaches_yaml(root, "sim/scenario/sections.hpp", known));
}

}  // namespace test_yaml_boundary
