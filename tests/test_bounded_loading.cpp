// Bounded loading and the last misleading messages of issue 13: list and
// map lengths capped before the YAML tree is built (sim/scenario/
// yaml_size_caps.hpp), `list scenarios` reading files bounded, an alias
// shared with a preset-merged pool, serve's record files checked at close,
// `plot` naming the user's summary.json, and the memory estimate counting
// traces and empirical values and saying when its fixed base dominates.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/program.hpp"
#include <filesystem>
#include <string>

#include "sim/output/live_record_files.hpp"
#include "sim/run/memory_budget.hpp"
#include "sim/scenario/input_error.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_summary.hpp"
#include "sim/scenario/yaml_size_caps.hpp"

namespace test_bounded_loading {

using namespace ratesim;
using namespace ratesim::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const char* const kClients = "clients:\n  - name: batch\n    workers: 8\n    workload: {kind: batch, items: 100}\n"
                             "    request: {model: claude-sonnet-4-5, max_tokens: 1024}\n    strategy: full-jitter\n";

std::string error_of(const std::string& yaml) {
    try {
        scenario::load_scenario_text(yaml, "t.yaml");
    } catch (const scenario::InputError& e) {
        return e.what();
    }
    FAIL("no InputError was thrown");
    return "";
}

// A scenario with `n` scheduled incidents, one a line from line 6 on.
std::string incidents(int n) {
    std::string text = "name: t\napi:\n  pools:\n    sonnet: {models: [claude-sonnet-4-5], rpm: 50}\n"
                       "  capacity:\n    incidents:\n";
    for (int i = 0; i < n; ++i) text += fmt::format("      - {{at: {}s, for: 1s, overload: 0.5}}\n", i);
    return text + kClients;
}

}  // namespace

TEST_CASE("10001 scheduled incidents are refused at the one past the cap, before the tree is built",
          "[loader-caps]") {
    // 10001 incidents: lines 7 to 10007; the 10001st is on line 10007, column 9 (after "      - ").
    const std::string err = error_of(incidents(10'001));
    CHECK_THAT(err, StartsWith("t.yaml:10007:9: error: api.capacity.incidents: the list has more than "
                               "10000 entries; allowed: at most 10000 scheduled incidents"));
    CHECK_THAT(err, Contains("api.capacity.random"));
}

TEST_CASE("a list or map past its cap names its path, the cap and where the entry past it starts",
          "[loader-caps]") {
    std::string pools = "name: t\napi:\n  pools:\n";
    for (int i = 0; i < 1001; ++i) pools += fmt::format("    p{}: {{models: [m{}]}}\n", i, i);
    CHECK_THAT(error_of(pools + kClients),
               StartsWith("t.yaml:1004:5: error: api.pools: the map has more than 1000 entries; "
                          "allowed: at most 1000 pools"));
    std::string groups = "name: t\napi:\n  pools:\n    sonnet: {models: [claude-sonnet-4-5]}\nclients:\n";
    for (int i = 0; i < 1001; ++i) groups += fmt::format("  - {{name: g{}, workers: 1}}\n", i);
    CHECK_THAT(error_of(groups),
               StartsWith("t.yaml:1006:5: error: clients: the list has more than 1000 entries; "
                          "allowed: at most 1000 client groups"));
    std::string models = "name: t\napi:\n  pools:\n    sonnet:\n      models:\n";
    for (int i = 0; i < 10'001; ++i) models += fmt::format("        - m{}\n", i);
    CHECK_THAT(error_of(models + kClients),
               StartsWith("t.yaml:10006:11: error: api.pools.sonnet.models: the list has more than 10000 "
                          "entries; allowed: at most 10000 entries in one list or map"));
}

TEST_CASE("a document past its cap of values is refused where the one past the cap starts",
          "[loader-caps]") {
    // The cap of 200000 values, lowered to 1000 so that the check stays fast: "name: t"
    // and "x:" are 4 values and the list under x one more, then 9 rows of 111 values
    // (the row's list and 110 numbers) reach 1004; the 1001st value is on row 9 (line 11).
    const std::string row = "  - [" + std::string(219, ',') + "]\n";
    std::string text = "name: t\nx:\n";
    for (int i = 0; i < 10; ++i) {
        std::string r = row;
        for (std::size_t c = 5; c < r.size() - 2; c += 2) r[c] = '1';
        text += r;
    }
    const auto problem = scenario::yaml_size_problem(text, 1000);
    REQUIRE(problem.has_value());
    CHECK(problem->line + 1 == 11);
    CHECK(problem->message == "the document has more than 1000 values (nodes); allowed: at most 1000 in a scenario");
    CHECK_FALSE(scenario::yaml_size_problem(text, 2000).has_value());
    CHECK(scenario::kMaxYamlNodes == 200'000);
}

TEST_CASE("list scenarios reads each file bounded: a FIFO among scenarios/ is named, not waited on",
          "[list]") {
    TempDir tmp;
    std::filesystem::create_directories(tmp / "scenarios");
    write_file(tmp / "scenarios" / "a.yaml", "name: a\ndescription: the first\n");
    REQUIRE(mkfifo((tmp / "scenarios" / "b.yaml").c_str(), 0600) == 0);
    // `timeout`: a reader that opens the FIFO would wait for a writer forever.
    CHECK(run_ratesim("list scenarios", tmp.path(), "cd " + quote(tmp.path().string()) + " && timeout 20") == 0);
    const std::string out = read_file(tmp / "stdout.txt");
    CHECK_THAT(out, Contains("scenarios/a.yaml\n    the first\n"));
    CHECK_THAT(out, Contains("scenarios/b.yaml\n    (not read: cannot read scenario file 'scenarios/b.yaml': "
                             "it is a FIFO (named pipe), not a regular file)"));
}

TEST_CASE("an alias shared by two pools that a tier preset fills gives each pool its own preset keys, "
          "and its own errors their place", "[preset]") {
    const std::string head = "name: t\napi:\n  preset: anthropic-2025/tier-1\n  pools:\n";
    const auto config = scenario::load_scenario_text(
        head + "    sonnet: &p {rpm: 40}\n    opus: *p\n" + kClients, "t.yaml");
    REQUIRE(config.api.pools.size() == 3);
    const auto& sonnet = config.api.pools[0];
    const auto& opus = config.api.pools[1];
    CHECK(sonnet.name == "sonnet");
    CHECK(opus.name == "opus");
    CHECK(sonnet.rpm == 40.0);
    CHECK(opus.rpm == 40.0);
    CHECK(sonnet.models.at(0) == "claude-sonnet-4-0");
    CHECK(opus.models == std::vector<std::string>{"claude-opus-4-5", "claude-opus-4-6"});
    CHECK(opus.itpm == 30'000.0);  // tier 1's opus row, merged under the alias
    // A bad value written under the anchor is reported where it is written,
    // in the scenario file, for the first path that reads it.
    CHECK_THAT(error_of(head + "    sonnet: &p {rpm: 40, otpm: lots}\n    opus: *p\n" + kClients),
               StartsWith("t.yaml:5:32: error: api.pools.sonnet.otpm: 'lots' is not a count"));
}

TEST_CASE("a full disk while serve writes its record files is a write failure naming the file",
          "[messages]") {
    REQUIRE(std::filesystem::exists("/dev/full"));  // Linux always has it: no silent skip
    output::RecordAppender record("/dev/full");
    output::RequestRecord r;
    r.request_id = "req_1";
    record.add(r);
    record.flush();
    try {
        record.close();
        FAIL("no error");
    } catch (const scenario::InputError&) {
        FAIL("a write failure was reported as bad input");
    } catch (const std::runtime_error& e) {
        CHECK_THAT(e.what(), StartsWith("cannot write /dev/full") && Contains("No space left on device"));
    }
}

TEST_CASE("ratesim plot on a malformed summary.json names the user's file, not the staging copy",
          "[plot-command]") {
    TempDir tmp;
    const auto dir = tmp / "result";
    std::filesystem::create_directories(dir);
    write_file(dir / "summary.json", "{\"scenario\": {,");
    write_file(dir / ".ratesim-output", "written by ratesim\n");
    CHECK(run_ratesim("plot " + quote(dir.string()), tmp.path()) == 2);
    const std::string err = read_file(tmp / "stderr.txt");
    CHECK_THAT(err, StartsWith((dir / "summary.json").string() + ": error: not valid JSON at byte"));
    CHECK_THAT(err, !Contains(".tmp-"));
    CHECK(read_file(dir / "summary.json") == "{\"scenario\": {,");
}

TEST_CASE("the memory estimate counts a trace's rows and an empirical distribution's values, by their keys",
          "[memory]") {
    TempDir tmp;
    std::string trace = "TIMESTAMP,ContextTokens,GeneratedTokens\n";
    for (int i = 0; i < 1000; ++i) trace += fmt::format("{},10,10\n", i);
    write_file(tmp / "trace.csv", trace);
    std::string values = "input\n";
    for (int i = 0; i < 500; ++i) values += fmt::format("{}\n", 100 + i);
    write_file(tmp / "values.csv", values);
    const auto config = scenario::load_scenario_text(
        "name: t\napi:\n  pools:\n    free: {models: [claude-sonnet-4-5]}\nclients:\n"
        "  - name: replay\n    workers: 10\n    coordination: shared\n"
        "    workload: {kind: trace, file: '" + (tmp / "trace.csv").string() + "'}\n"
        "    request: {model: claude-sonnet-4-5, max_tokens: 100}\n    strategy: sdk-default\n"
        "  - name: batch\n    workers: 2\n    workload: {kind: batch, items: 10}\n"
        "    request: {model: claude-sonnet-4-5, max_tokens: 100, output_tokens: 50, input_tokens: "
        "{dist: empirical, file: '" + (tmp / "values.csv").string() + "', column: input}}\n"
        "    strategy: sdk-default\n",
        "t.yaml");
    const auto parts = run::estimate_memory(config, 1);
    const auto part = [&](const std::string& key) {
        for (const auto& p : parts)
            if (p.key == key) return p;
        FAIL("no part for " << key);
        return run::MemoryUse{};
    };
    CHECK(part("clients[0].workload.file").bytes == 1000.0 * 16);
    CHECK_THAT(part("clients[0].workload.file").what, Contains("the 1000 rows of the trace"));
    CHECK(part("clients[1].request.input_tokens").bytes == 500.0 * 8);
    CHECK_THAT(part("clients[1].request.input_tokens").what, Contains("the 500 values of the empirical distribution"));
}

TEST_CASE("a budget below the program's fixed base says so, instead of blaming a scenario key",
          "[memory]") {
    TempDir tmp;
    CHECK(run_ratesim("validate " + quote(kSource + "/scenarios/quickstart.yaml") + " --max-memory 1M",
                      tmp.path()) == 2);
    const std::string err = read_file(tmp / "stderr.txt");
    CHECK_THAT(err, Contains("quickstart.yaml: error: this run needs about 64"));
    CHECK_THAT(err, Contains("most of it is the program's fixed base of 64 MiB, and the largest part "
                             "that a scenario key drives is"));
    CHECK_THAT(err, Contains("allowed: a --max-memory of at least 64"));
    CHECK_THAT(err, !Contains("allowed: a smaller output.bin"));
    // A scenario refused for memory is never called "ok" first.
    CHECK(read_file(tmp / "stdout.txt") == "");
}

}  // namespace test_bounded_loading
