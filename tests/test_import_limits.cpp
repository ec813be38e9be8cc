// `ratesim import-limits`: a saved Rate Limits API response (the fixtures in
// tests/fixtures/rate-limits/, written from the documented shape) becomes an
// `api:` section that a scenario loads with the response's own limits; groups
// with no pool are skipped with a note; a paged response, malformed JSON and
// a missing file are refused with exit 2.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>

#include "sim/scenario/loader.hpp"
#include "tests/support/program.hpp"

namespace test_import_limits {

using namespace ratesim;
using namespace ratesim::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const fs::path kFixtures = fs::path(kSource) / "tests/fixtures/rate-limits";

std::string fixture(const std::string& name) { return (kFixtures / name).string(); }

const char* const kClients = R"(name: imported
clients:
  - name: app
    workload: {kind: batch, items: 10}
    request: {model: claude-sonnet-4-6}
    strategy: full-jitter
)";

// The fixture's limiter values of the model group `display_name`, by limiter type.
std::map<std::string, double> fixture_limits(const std::string& display_name) {
    const auto response = nlohmann::json::parse(read_file(kFixtures / "response.json"));
    std::map<std::string, double> limits;
    for (const auto& entry : response["data"])
        if (entry["group"].value("display_name", "") == display_name)
            for (const auto& l : entry["limits"]) limits[l["type"]] = l["value"];
    REQUIRE(limits.size() == 3);
    return limits;
}

const models::PoolConfig& pool(const scenario::ScenarioConfig& s, const std::string& name) {
    for (const auto& p : s.api.pools)
        if (p.name == name) return p;
    FAIL("no pool " << name);
    return s.api.pools.front();
}

}  // namespace

TEST_CASE("import-limits writes an api section that a scenario loads with the response's limits",
          "[import-limits]") {
    TempDir dir;
    const fs::path out = dir / "limits.yaml";
    REQUIRE(run_ratesim("import-limits " + quote(fixture("response.json")) + " -o " + quote(out.string()),
                        dir.path()) == 0);
    const std::string section = read_file(out);
    CHECK_THAT(section, Contains("platform.claude.com/docs/en/api/admin/rate_limits/list"));

    // Standard output carries the same section.
    REQUIRE(run_ratesim("import-limits " + quote(fixture("response.json")), dir.path()) == 0);
    CHECK(read_file(dir / "stdout.txt") == section);

    const auto s = scenario::load_scenario_text(section + kClients, "imported.yaml");
    REQUIRE(s.api.pools.size() == 2);
    const struct {
        const char* pool;
        const char* group;
        std::vector<std::string> models;
    } expected[] = {{"sonnet-4-x", "Claude Sonnet 4.x", {"claude-sonnet-4-6", "claude-sonnet-4-5"}},
                    {"haiku-4-5", "Claude Haiku 4.5", {"claude-haiku-4-5", "claude-haiku-4-5-20251001"}}};
    for (const auto& e : expected) {
        INFO(e.pool);
        const auto& p = pool(s, e.pool);
        const auto limits = fixture_limits(e.group);
        CHECK(p.models == e.models);
        REQUIRE(p.rpm);
        REQUIRE(p.itpm);
        REQUIRE(p.otpm);
        CHECK(*p.rpm == limits.at("requests_per_minute"));
        CHECK(*p.itpm == limits.at("input_tokens_per_minute"));
        CHECK(*p.otpm == limits.at("output_tokens_per_minute"));
    }
    REQUIRE(s.api.message_batches.rpm);
    CHECK(*s.api.message_batches.rpm == 2000);  // the batch group's requests_per_minute in response.json
}

TEST_CASE("import-limits skips the groups that map to no pool, with a note for each", "[import-limits]") {
    TempDir dir;
    REQUIRE(run_ratesim("import-limits " + quote(fixture("response.json")), dir.path()) == 0);
    const std::string notes = read_file(dir / "stderr.txt");
    for (const char* group : {"files", "web_search", "token_count", "skills"}) {
        INFO(group);
        CHECK_THAT(notes, Contains(fmt::format("skipped the '{}' group", group)));
        CHECK_THAT(read_file(dir / "stdout.txt"), !Contains(fmt::format("rlg_fixture_{}", group)));
    }
    CHECK_THAT(notes, !Contains("'batch' group"));
    CHECK_THAT(notes, !Contains("'model_group' group"));
}

TEST_CASE("import-limits refuses a response that says more pages follow, saying how to fetch them all",
          "[import-limits]") {
    TempDir dir;
    const fs::path out = dir / "limits.yaml";
    REQUIRE(run_ratesim("import-limits " + quote(fixture("paged.json")) + " -o " + quote(out.string()),
                        dir.path()) == 2);
    const std::string error = read_file(dir / "stderr.txt");
    CHECK_THAT(error, StartsWith(fixture("paged.json") + ": error: the response says more pages follow"));
    CHECK_THAT(error, Contains("next_page: \"page_fixture_cursor_2\""));
    CHECK_THAT(error, Contains("without the `limit` parameter"));
    CHECK_THAT(error, Contains("?page=<next_page>"));
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("import-limits reports malformed JSON at its line and column with exit 2", "[import-limits]") {
    TempDir dir;
    REQUIRE(run_ratesim("import-limits " + quote(fixture("malformed.json")), dir.path()) == 2);
    // The parser stops on the token after the missing comma: the string
    // "value" of line 4, read to its closing quote.
    std::istringstream lines(read_file(kFixtures / "malformed.json"));
    std::string line;
    for (int i = 0; i < 4; ++i) std::getline(lines, line);
    const auto token = line.find("\"value\"");
    REQUIRE(token != std::string::npos);
    const std::string error = read_file(dir / "stderr.txt");
    CHECK_THAT(error, StartsWith(fmt::format("{}:4:{}: error: not valid JSON", fixture("malformed.json"),
                                             token + std::string("\"value\"").size())));
    CHECK(read_file(dir / "stdout.txt").empty());
}

TEST_CASE("import-limits names a missing file and exits 2, leaving the output file as it was",
          "[import-limits]") {
    TempDir dir;
    const fs::path out = dir / "limits.yaml";
    {
        std::ofstream(out) << "kept\n";
    }
    const fs::path missing = dir / "no-such-response.json";
    REQUIRE(run_ratesim("import-limits " + quote(missing.string()) + " -o " + quote(out.string()),
                        dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"),
               StartsWith("import-limits: error: cannot open '" + missing.string() + "'"));
    CHECK(read_file(out) == "kept\n");
}

}  // namespace test_import_limits
