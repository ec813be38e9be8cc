// Trace workloads: a CSV of arrivals and token counts, replayed exactly, and
// refused with the line number when a row is malformed.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/program.hpp"
#include <filesystem>
#include <fstream>

#include "models/world.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/trace_reader.hpp"

namespace test_trace {

using namespace ratesim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::filesystem::path write_trace(const ratesim::testing::TempDir& tmp, const std::string& name,
                                  const std::string& text) {
    const auto path = tmp / name;
    std::ofstream(path) << text;
    return path;
}

std::string scenario_for(const std::filesystem::path& trace, const std::string& extra = "") {
    return "name: t\napi:\n  pools:\n    free: {models: [claude-sonnet-4-5]}\n"
           "  latency: {round_trip: 100ms, time_to_first_token: 300ms, output_tokens_per_second: 50}\n"
           "clients:\n  - name: replay\n    workers: 1000\n    coordination: shared\n"
           "    workload: {kind: trace, file: '" + trace.string() + "'" + extra + "}\n"
           "    request: {model: claude-sonnet-4-5, max_tokens: 100}\n    strategy: sdk-default\n";
}

std::string error_of(const std::string& yaml) {
    try {
        scenario::load_scenario_text(yaml, "t.yaml");
    } catch (const scenario::ScenarioError& e) {
        return e.what();
    }
    FAIL("no ScenarioError was thrown");
    return "";
}

class TraceRecorder final : public models::Observer {
public:
    std::vector<engine::Time> created;
    double input = 0, output = 0;
    std::int64_t non_ok = 0, succeeded = 0;
    void items_created(int, engine::Time at, std::int64_t n) override {
        for (std::int64_t i = 0; i < n; ++i) created.push_back(at);
    }
    void attempt_sent(int, std::uint32_t, engine::Time) override {}
    void attempt_answered(const models::AttemptObservation& a) override {
        if (a.status != models::status::ok) ++non_ok;
    }
    void attempt_billed(const models::BilledObservation& b) override {
        input += b.input_tokens;
        output += b.output_tokens;
    }
    void item_finished(const models::ItemObservation& item) override { succeeded += item.succeeded; }
    void sample(const models::WorldSample&) override {}
};

}  // namespace

TEST_CASE("trace times are seconds or timestamps with fractions", "[trace]") {
    CHECK(*scenario::parse_trace_time("12.5") == 12.5);
    const double a = *scenario::parse_trace_time("2023-11-16 18:15:46.6805900");
    const double b = *scenario::parse_trace_time("2023-11-17T00:00:00");
    CHECK(b - a == Approx(5 * 3600 + 44 * 60 + 13.31941).margin(1e-6));
    CHECK(*scenario::parse_trace_time("1970-01-02 00:00:00") == 86400);
    CHECK_FALSE(scenario::parse_trace_time("2023-13-01 00:00:00"));
    CHECK_FALSE(scenario::parse_trace_time("2023-11-16 18:15"));
    CHECK_FALSE(scenario::parse_trace_time("2023-11-16 18:15:46.x"));
    CHECK_FALSE(scenario::parse_trace_time("soon"));
}

TEST_CASE("a trace replayed without limits reproduces its arrivals and token totals exactly",
          "[trace]") {
    const ratesim::testing::TempDir tmp;
    const auto path = write_trace(tmp, "ok.csv",
                                  "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                                  "2023-11-16 18:15:46.5,374,44\n"
                                  "2023-11-16 18:15:50.75,396,109\n"
                                  "2023-11-16 18:15:50.75,879,55\n"
                                  "2023-11-16 18:16:01.25,91,160\n");  // 160 > max_tokens 100
    for (const double scale : {1.0, 0.5}) {
        INFO("time_scale " << scale);
        const auto s = scenario::load_scenario_text(
            scenario_for(path, ", time_scale: " + std::to_string(scale)), "t.yaml");
        models::WorldConfig config;
        config.api = s.api;
        config.groups = s.clients;
        config.groups[0].start = engine::seconds(5);
        engine::Scheduler scheduler;
        TraceRecorder recorder;
        models::World world(config, scheduler, recorder);
        world.start();
        scheduler.run_until(engine::seconds(3600), world);
        const std::vector<engine::Time> expected = {
            engine::seconds(5), engine::seconds(5) + engine::from_seconds(4.25 * scale),
            engine::seconds(5) + engine::from_seconds(4.25 * scale),
            engine::seconds(5) + engine::from_seconds(14.75 * scale)};
        CHECK(recorder.created == expected);
        CHECK(recorder.input == 374 + 396 + 879 + 91);
        CHECK(recorder.output == 44 + 109 + 55 + 160);
        CHECK(recorder.succeeded == 4);
        CHECK(recorder.non_ok == 0);
        CHECK(world.pending_items() == 0);
    }
}

TEST_CASE("the shipped Azure trace loads whole", "[trace]") {
    const auto s = scenario::load_scenario(std::string(RATESIM_SOURCE_DIR) + "/scenarios/azure-conv-tier2.yaml");
    const auto& w = s.clients.at(0).workload;
    REQUIRE(w.trace);
    CHECK(w.trace->size() == 19366);
    double input = 0, output = 0;
    for (const auto& row : *w.trace) {
        input += row.input_tokens;
        output += row.output_tokens;
    }
    // Totals computed from the CSV independently (python csv module).
    CHECK(input == 22361870);
    CHECK(output == 4088665);
    CHECK(w.trace->back().at == 3501721937);  // us: 19:14:08.4025270 - 18:15:46.6805900
}

TEST_CASE("a malformed trace row is an error with its line number", "[trace]") {
    const ratesim::testing::TempDir tmp;
    const std::string header = "TIMESTAMP,ContextTokens,GeneratedTokens\n";
    struct Case {
        const char* name;
        std::string rows;
        const char* line;
        const char* problem;
    };
    const Case cases[] = {
        {"tokens.csv", "1,10,5\n2,ten,5\n", ":3: error: column 'ContextTokens': 'ten' is not a token count",
         "whole numbers >= 0"},
        {"negative.csv", "1,10,5\n2,10,-5\n", ":3: error: column 'GeneratedTokens': '-5' is not a token count",
         "whole numbers >= 0"},
        {"time.csv", "1,10,5\n2023-11-16 25:00:00,10,5\n", ":3: error: column 'TIMESTAMP'",
         "is not a time"},
        {"fields.csv", "1,10,5\n2,10\n", ":3: error: the row has 2 fields, the header has 3",
         "as many comma-separated fields"},
        {"order.csv", "5,10,5\n4,10,5\n", ":3: error: column 'TIMESTAMP': '4' is earlier than the row before",
         "rows in arrival order"},
        {"blank.csv", "1,10,5\n\n2,10,5\n", ":3: error: empty row", "no blank lines"},
        {"empty.csv", "", ":1: error: the file has no data rows", "at least one request"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const auto path = write_trace(tmp, c.name, header + c.rows);
        const std::string message = error_of(scenario_for(path));
        CHECK_THAT(message, StartsWith(path.string() + c.line));
        CHECK_THAT(message, Contains(c.problem));
        CHECK_THAT(message, Contains("(trace of clients[0].workload, t.yaml:"));
    }
}

TEST_CASE("a trace column that is missing is named with the columns there are", "[trace]") {
    const ratesim::testing::TempDir tmp;
    const auto path = write_trace(tmp, "cols.csv", "t,in,out\n1,2,3\n");
    CHECK_THAT(error_of(scenario_for(path)),
               Contains("has no column 'TIMESTAMP' for time (give columns.time); allowed: t, in, out"));
    CHECK_NOTHROW(scenario::load_scenario_text(
        scenario_for(path, ", columns: {time: t, input_tokens: in, output_tokens: out}"), "t.yaml"));
    CHECK_THAT(error_of(scenario_for(path, ", columns: {time: t, input_tokens: inp, output_tokens: out}")),
               Contains("has no column 'inp' (did you mean 'in'?) for input_tokens; allowed: t, in, out"));
}

}  // namespace test_trace
