// The layers hold: no file includes from a layer above its own, the engine
// and the models do no I/O, and libraries stay where they belong. The check
// reads #include lines only (tests/support/layering.hpp); fixtures under
// tests/fixtures/layering/ keep it able to fail.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/layering.hpp"
#include "support/program.hpp"

namespace test_layering {

using namespace ratesim::testing;

namespace {

std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A fixture's first line says which repository path it stands for: "// as: PATH".
std::vector<std::string> fixture_violations(const std::string& name) {
    const std::string text = contents(fs::path(kSource) / "tests/fixtures/layering" / name);
    const std::string marker = "// as: ";
    REQUIRE(text.rfind(marker, 0) == 0);
    const std::string as = text.substr(marker.size(), text.find('\n') - marker.size());
    return layering_violations(as, text);
}

bool mentions(const std::vector<std::string>& violations, const std::string& what) {
    for (const auto& v : violations)
        if (v.find(what) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("no source file includes from a layer above its own", "[layering]") {
    std::vector<std::string> violations;
    int files = 0;
    for (const auto& layer : layers()) {
        for (const auto& entry : fs::recursive_directory_iterator(fs::path(kSource) / layer.folder)) {
            const auto ext = entry.path().extension();
            if (ext != ".cpp" && ext != ".hpp") continue;
            ++files;
            const std::string path = fs::relative(entry.path(), kSource).generic_string();
            for (auto& v : layering_violations(path, contents(entry.path()))) violations.push_back(v);
        }
    }
    INFO("files read: " << files);
    for (const auto& v : violations) UNSCOPED_INFO(v);
    CHECK(files > 100);
    CHECK(violations.empty());
}

TEST_CASE("the layering check flags an engine header that includes a model", "[layering]") {
    const auto v = fixture_violations("engine_includes_models.hpp");
    REQUIRE(v.size() == 1);
    CHECK(v[0] == "sim/engine/clock.hpp:6: includes models/server.hpp: engine may not include models, "
                  "a layer above it");
}

TEST_CASE("the layering check flags a model that reads YAML, opens files or prints", "[layering]") {
    const auto v = fixture_violations("model_does_io.cpp");
    CHECK(v.size() == 4);
    CHECK(mentions(v, "models/server_log.cpp:4: includes fmt/ostream.h: models may not include fmt/"));
    CHECK(mentions(v, "models/server_log.cpp:5: includes yaml-cpp/yaml.h: models may not include yaml-cpp/"));
    CHECK(mentions(v, "models/server_log.cpp:7: includes fstream: models does no file or terminal I/O"));
    CHECK(mentions(v, "models/server_log.cpp:11: prints"));
}

TEST_CASE("the layering check flags the runner including the output layer", "[layering]") {
    const auto v = fixture_violations("run_includes_output.cpp");
    REQUIRE(v.size() == 1);
    CHECK(v[0] == "sim/run/metrics_sink.cpp:3: includes sim/output/csv_text.hpp: run may not include "
                  "output, a layer above it");
}

TEST_CASE("the layering check lets a file include its own layer, the layers below and its libraries",
          "[layering]") {
    const auto v = fixture_violations("output_within_its_layers.cpp");
    for (const auto& line : v) UNSCOPED_INFO(line);
    CHECK(v.empty());
}

TEST_CASE("docs/architecture.md lists the layers in the order and folders the check enforces",
          "[layering][docs]") {
    const std::string doc = contents(fs::path(kSource) / "docs/architecture.md");
    // Rows of the layer table: "| N | `name` | `folder/` | ..."
    static const std::regex row(R"(\|\s*(\d+)\s*\|\s*`(\w+)`\s*\|\s*`([\w/]+)/`\s*\|)");
    std::vector<Layer> documented;
    for (std::sregex_iterator it(doc.begin(), doc.end(), row), end; it != end; ++it)
        documented.push_back({(*it)[2], (*it)[3]});
    REQUIRE(documented.size() == layers().size());
    for (std::size_t i = 0; i < layers().size(); ++i) {
        CHECK(documented[i].name == layers()[i].name);
        CHECK(documented[i].folder == layers()[i].folder);
    }
}

TEST_CASE("every repository path docs/architecture.md names exists", "[layering][docs]") {
    const std::string doc = contents(fs::path(kSource) / "docs/architecture.md");
    static const std::regex path_ref(
        R"(`((?:sim|models|tests|scripts|docs|scenarios|bench|cmake|fuzz)/[\w./*-]*)`)");
    int checked = 0;
    for (std::sregex_iterator it(doc.begin(), doc.end(), path_ref), end; it != end; ++it) {
        std::string path = (*it)[1];
        // A glob names its folder: `sim/cli/*_command.cpp` asks for sim/cli/.
        if (const auto star = path.find('*'); star != std::string::npos)
            path = path.substr(0, path.rfind('/', star) + 1);
        INFO(path);
        CHECK(fs::exists(fs::path(kSource) / path));
        ++checked;
    }
    CHECK(checked >= 20);
}

}  // namespace test_layering
