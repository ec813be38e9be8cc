// What `ratesim serve` counts and records: the input-token rule, which
// attempts are one item, the live variant made from the record, and the
// command's result directory and `run --with-live`.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>

#include "models/response.hpp"

#include "sim/output/csv_reader.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/serve/input_token_estimate.hpp"
#include "sim/serve/item_linker.hpp"
#include "sim/serve/live_variant.hpp"
#include "tests/support/program.hpp"

namespace test_serve_record {

using nlohmann::json;
using namespace ratesim;
using namespace ratesim::testing;

namespace {

const char* const kScenario = R"(name: serve-record
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 60}
  latency: {round_trip: 1ms, time_to_first_token: 10ms, output_tokens_per_second: 1000}
clients:
  - name: app
    workload: {kind: batch, items: 4}
    request: {model: claude-sonnet-4-5, output_tokens: 10}
    strategy: sdk-ts
output: {bin: 1s}
)";

output::RequestRecord record(double arrival, double answered, int status, std::int64_t item, int attempt) {
    output::RequestRecord r;
    r.arrival_s = arrival;
    r.answered_s = answered;
    r.status = status;
    r.item = item;
    r.attempt = attempt;
    r.model = "claude-sonnet-4-5";
    if (status == 429) r.exceeded = "requests";
    if (status == 200) {
        r.input_tokens = 100;
        r.output_tokens = 10;
    }
    return r;
}

}  // namespace

TEST_CASE("input tokens are a quarter of the text's code points, rounded up per piece, plus 4 per message",
          "[serve]") {
    const auto tokens = [](const char* request) { return serve::estimate_input_tokens(json::parse(request)); };
    CHECK(tokens(R"({"messages":[{"role":"user","content":"hello there"}]})") == 4 + 3);
    CHECK(tokens(R"({"messages":[{"role":"user","content":"héllo"}]})") == 4 + 2);  // 5 code points, 6 bytes
    CHECK(tokens(R"({"system":"abcd","messages":[{"role":"user","content":"abcde"}]})") == 4 + 1 + 4 + 2);
    CHECK(tokens(R"({"messages":[{"role":"user","content":[{"type":"text","text":"abcdefgh"},
                   {"type":"image","source":{"type":"base64","data":"AAAAAAAAAAAAAAAAAAAAAAAA"}}]}]})") == 4 + 2);
    CHECK(tokens(R"({"messages":[{"role":"assistant","content":[{"type":"tool_use","input":{"a":1}}]},
                   {"role":"user","content":[{"type":"tool_result","content":"12345678"}]}]})") ==
          4 + 2 + 4 + 2);  // {"a":1} is 7 characters
    CHECK(tokens(R"({"messages":[{"role":"user","content":"a"}],"tools":[{"name":"f"}]})") ==
          4 + 1 + 3);  // {"name":"f"} is 12 characters
}

TEST_CASE("an SDK retry joins the item of the same key and body whose last attempt it follows", "[serve]") {
    serve::ItemLinker linker;
    const auto a0 = linker.link("k", "body-a", 0, 0);
    const auto b0 = linker.link("k", "body-b", 0, 1);
    const auto a1 = linker.link("k", "body-a", 1, 2);
    const auto other_key = linker.link("j", "body-a", 1, 3);
    const auto a2 = linker.link("k", "body-a", 2, 4);
    const auto unnumbered = linker.link("k", "body-a", -1, 5);
    CHECK(a0.item == 0);
    CHECK(b0.item == 1);
    CHECK((a1.item == 0 && a1.attempt == 1));
    CHECK((other_key.item == 2 && other_key.attempt == 0));  // no such item of key j: a new one
    CHECK((a2.item == 0 && a2.attempt == 2));
    CHECK((unnumbered.item == 3 && unnumbered.attempt == 0));  // without the header: always a new item
    linker.finished(b0);
    CHECK(linker.link("k", "body-b", 1, 6).attempt == 0);  // a finished item takes no more attempts
}

TEST_CASE("the live variant counts the record as a run counts its attempts and items", "[serve]") {
    const auto scenario = scenario::load_scenario_text(kScenario, "serve-record.yaml");
    std::vector<output::RequestRecord> rows = {
        record(0.0, 0.1, 200, 0, 0),  record(0.2, 0.21, 429, 1, 0), record(1.5, 1.6, 200, 1, 1),
        record(2.0, 2.01, 529, 2, 0), record(2.5, 2.51, 400, 3, 0),
    };
    rows[4].error_type = "invalid_request_error";
    output::BucketSample sample{1.0, 1, {{"sonnet_requests", 0.5}}};
    const serve::LiveVariant live = serve::live_variant(scenario, rows, {sample}, 3.0);
    const run::RunMetrics& m = live.result.runs.at(0);
    CHECK(live.result.variant.name == "live");
    CHECK(m.items == 3);  // the 400 never reached the limits
    CHECK(m.attempts == 4);
    CHECK(m.ok == 2);
    CHECK(m.r429 == 1);
    CHECK(m.r429_requests == 1);
    CHECK(m.r529 == 1);
    CHECK(m.succeeded == 2);
    CHECK(m.pending == 1);
    CHECK(m.amplification == Approx(4.0 / 3.0));
    CHECK(m.simulated_s == 3.0);
    CHECK(m.goodput_rpm == Approx(2 / (3.0 / 60)));
    CHECK(m.latency_max_s == Approx(1.4).epsilon(0.02));  // item 1: created at 0.2, done at 1.6
    // Bins of 1 s, and the sample's bucket level.
    int bins = 0;
    for (const auto& b : live.series.bins) bins += std::holds_alternative<run::BinCounts>(b);
    CHECK(bins == 3);
    // One pool: one level per dimension (RPM, ITPM, OTPM, TPM, TPD), NaN where the record has none.
    REQUIRE(live.series.bucket_fill.size() == static_cast<std::size_t>(models::kDimensions));
    CHECK(live.series.bucket_fill[0] == 0.5);
    CHECK(std::isnan(live.series.bucket_fill[1]));
}

TEST_CASE("serve --for writes a result directory with the variant live, and run --with-live shows it "
          "beside the simulated strategies", "[serve]") {
    TempDir dir;
    write_file(dir / "s.yaml", kScenario);
    const std::string live = (dir / "live").string();
    REQUIRE(run_ratesim(fmt::format("serve {} --for 1s -o {} --no-plots", quote((dir / "s.yaml").string()),
                                    quote(live)),
                        dir.path()) == 0);
    const std::string out = read_file(dir / "stdout.txt");
    CHECK_THAT(out, Catch::Matchers::StartsWith("listening on http://127.0.0.1:"));
    for (const char* file : {"requests.jsonl", "bucket_samples.jsonl", "summary.csv", "summary.json",
                             "timeseries.csv", "latency_cdf.csv", "report.html"})
        CHECK(fs::exists(fs::path(live) / file));
    CHECK(json::parse(read_file(fs::path(live) / "summary.json"))["variants"][0]["name"] == "live");

    REQUIRE(run_ratesim(fmt::format("run {} --with-live {} -o {} --no-plots -q", quote((dir / "s.yaml").string()),
                                    quote(live), quote((dir / "both").string())),
                        dir.path()) == 0);
    const json both = json::parse(read_file(dir / "both" / "summary.json"));
    REQUIRE(both["variants"].size() == 2);
    CHECK(both["variants"][0]["name"] == "sdk-ts");
    CHECK(both["variants"][1]["name"] == "live");
    CHECK(read_file(dir / "both" / "timeseries.csv").find("\nlive,all,0,") != std::string::npos);
}

TEST_CASE("serve and run --with-live refuse bad input with exit code 2 and a message", "[serve]") {
    TempDir dir;
    write_file(dir / "s.yaml", kScenario);
    const std::string scenario = quote((dir / "s.yaml").string());
    CHECK(run_ratesim("serve " + scenario + " --for 0s", dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Catch::Matchers::Contains("--for 0s: error"));
    CHECK(run_ratesim("run " + scenario + " --with-live " + quote((dir / "nothing").string()), dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Catch::Matchers::Contains("requests.jsonl: error: cannot read it"));
    write_file(dir / "bad.yaml", std::string(kScenario) + "serve: {group: ap}\n");
    CHECK(run_ratesim("serve " + quote((dir / "bad.yaml").string()), dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"),
               Catch::Matchers::Contains("bad.yaml:12:16: error: serve.group: unknown client group 'ap' "
                                         "(did you mean 'app'?)"));
}

TEST_CASE("with several client groups the live traffic is serve.group's and the others are empty", "[serve]") {
    std::string yaml = kScenario;
    yaml.replace(yaml.find("output:"), std::string::npos, R"(  - name: other
    workload: {kind: batch, items: 4}
    request: {model: claude-sonnet-4-5}
    strategy: naive
serve: {group: other}
)");
    const auto scenario = scenario::load_scenario_text(yaml, "serve-record.yaml");
    const serve::LiveVariant live =
        serve::live_variant(scenario, {record(0.0, 0.1, 200, 0, 0), record(0.2, 0.3, 429, 1, 0)}, {}, 1.0);
    const run::RunMetrics& m = live.result.runs.at(0);
    REQUIRE(m.groups.size() == 2);
    CHECK(m.groups[0].group == "app");
    CHECK(m.groups[0].attempts == 0);
    CHECK(m.groups[1].group == "other");
    CHECK(m.groups[1].attempts == 2);
    CHECK(m.groups[1].ok == 1);
    CHECK(m.attempts == 2);
    REQUIRE(live.result.groups.size() == 2);
    CHECK(live.result.groups[1].name == "other");
}

}  // namespace test_serve_record
