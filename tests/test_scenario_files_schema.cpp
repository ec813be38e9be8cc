// Scenario files against the schema, checked by an independent validator
// (tests/schema/validate.py: Debian's python3-jsonschema, draft-07, and
// python3-ruamel.yaml, YAML 1.2 as yaml-cpp reads it, run with
// /usr/bin/python3): every shipped scenario and fixture validates and names
// the schema in its modeline, and the bad corpus (tests/bad-scenarios/),
// which the loader refuses, is refused by the schema too wherever a schema
// can say the error; the files that say `schema: cannot express` list the
// rest, and must still validate, so that the list stays true.
#include <catch2/catch.hpp>

#include <map>

#include "sim/scenario/loader.hpp"
#include "tests/support/program.hpp"

namespace test_scenario_files_schema {

using namespace ratesim;
using namespace ratesim::testing;
using Catch::Matchers::Contains;

namespace {

const fs::path kPython = "/usr/bin/python3";

struct Verdict {
    bool valid = false;
    std::string why;
};

// The validator's verdict on each file, by path.
std::map<std::string, Verdict> validate(const std::vector<fs::path>& files, const TempDir& dir) {
    REQUIRE(fs::exists(kPython));
    std::string command = quote(kPython.string()) + " " +
                          quote((fs::path(kSource) / "tests/schema/validate.py").string()) + " " +
                          quote((fs::path(kSource) / "docs/scenario.schema.json").string());
    for (const fs::path& file : files) command += " " + quote(file.string());
    const fs::path out = dir / "verdicts.txt", err = dir / "validator-stderr.txt";
    const int status = std::system((command + " >" + quote(out.string()) + " 2>" + quote(err.string())).c_str());
    INFO(read_file(err));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    std::map<std::string, Verdict> verdicts;
    std::istringstream lines(read_file(out));
    for (std::string line; std::getline(lines, line);) {
        const auto tab = line.find('\t');
        REQUIRE(tab != std::string::npos);
        const std::string rest = line.substr(tab + 1);
        Verdict v;
        v.valid = rest == "valid";
        if (!v.valid) {
            REQUIRE(rest.rfind("invalid\t", 0) == 0);
            v.why = rest.substr(8);
        }
        verdicts[line.substr(0, tab)] = v;
    }
    REQUIRE(verdicts.size() == files.size());
    return verdicts;
}

std::vector<fs::path> yaml_files(const std::vector<std::string>& dirs) {
    std::vector<fs::path> files;
    for (const std::string& dir : dirs)
        for (const auto& entry : fs::recursive_directory_iterator(fs::path(kSource) / dir))
            if (entry.path().extension() == ".yaml" && entry.path().parent_path().filename() != "presets")
                files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// The value of a `# KEY: VALUE` line at the top of a corpus file.
std::string header(const std::string& text, const std::string& key) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line) && line.rfind("#", 0) == 0;)
        if (line.rfind("# " + key + ": ", 0) == 0) return line.substr(key.size() + 4);
    FAIL("no '# " << key << ":' line");
    return "";
}

}  // namespace

TEST_CASE("every shipped scenario and fixture validates against the schema", "[schema-files]") {
    TempDir dir;
    const std::vector<fs::path> files =
        yaml_files({"scenarios", "bench/scenarios", "tests/fixtures", "tests/golden", "tests/sdk"});
    REQUIRE(files.size() >= 15);
    for (const auto& [file, verdict] : validate(files, dir)) {
        INFO(file << ": " << verdict.why);
        CHECK(verdict.valid);
        // The loader reads it too: the schema accepts no less than it does.
        CHECK_NOTHROW(scenario::load_scenario(file));
    }
}

TEST_CASE("every shipped scenario's first line is the modeline naming docs/scenario.schema.json",
          "[schema-files]") {
    const fs::path schema = fs::canonical(fs::path(kSource) / "docs/scenario.schema.json");
    for (const fs::path& file : yaml_files({"scenarios", "bench/scenarios"})) {
        INFO(file.string());
        const std::string text = read_file(file);
        const std::string prefix = "# yaml-language-server: $schema=";
        REQUIRE(text.rfind(prefix, 0) == 0);
        const std::string location = text.substr(prefix.size(), text.find('\n') - prefix.size());
        CHECK(fs::path(location).is_relative());
        CHECK(fs::weakly_canonical(file.parent_path() / location) == schema);
    }
}

TEST_CASE("the loader refuses every bad scenario, and the schema does wherever a schema can say why",
          "[schema-files]") {
    TempDir dir;
    const std::vector<fs::path> files = yaml_files({"tests/bad-scenarios"});
    REQUIRE(files.size() >= 20);
    const auto verdicts = validate(files, dir);
    int refused = 0;
    std::string cannot;
    for (const fs::path& file : files) {
        const std::string text = read_file(file);
        const std::string loader = header(text, "loader");
        const std::string schema = header(text, "schema");
        INFO(file.filename().string() << " (schema: " << schema << ")");
        std::string message;
        try {
            scenario::load_scenario(file.string());
        } catch (const scenario::ScenarioError& e) {
            message = e.what();
        }
        CHECK_THAT(message, Contains(loader));
        const Verdict& verdict = verdicts.at(file.string());
        if (schema == "refuses") {
            CHECK_FALSE(verdict.valid);
            ++refused;
        } else {
            REQUIRE(schema.rfind("cannot express: ", 0) == 0);
            INFO("the schema refuses it now (" << verdict.why << "): mark it `# schema: refuses`");
            CHECK(verdict.valid);
            cannot += fmt::format("\n  {}: {}", file.filename().string(), schema.substr(16));
        }
    }
    CHECK(refused >= 15);
    WARN("errors a schema cannot express, which only the loader reports:" << cannot);
}

}  // namespace test_scenario_files_schema
