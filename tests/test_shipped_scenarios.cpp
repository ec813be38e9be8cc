// Every shipped scenario (scenarios/*.yaml) validates, and runs in a reduced
// form (fewer items, replications or strategies, a shorter window) with its
// headline asserted: what its description, the README or docs/ say it shows.
// A scenario added to scenarios/ without a case here fails the first test.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/output/csv_reader.hpp"
#include "support/program.hpp"
#include "support/summary_file.hpp"

namespace test_shipped_scenarios {

using namespace ratesim::testing;

// The shipped scenarios with a reduced run below.
const std::set<std::string> kCovered{
    "azure-conv-tier2.yaml", "batch-vs-realtime.yaml", "haiku-routing.yaml", "legacy-tpm.yaml",
    "metastable.yaml", "overload-529.yaml",
    "overload-midstream.yaml", "peak-hour.yaml", "plan-tier.yaml", "quickstart.yaml",
    "retry-storm.yaml", "shared-org.yaml", "strategy-zoo.yaml", "two-services.yaml",
    "workers-sweep.yaml"};

std::string scenario(const std::string& file) { return quote(kSource + "/scenarios/" + file); }

// `ratesim run scenarios/FILE ARGS --no-plots --quiet -o DIR/out`; the summary it writes.
SummaryFile run_reduced(const TempDir& tmp, const std::string& file, const std::string& args,
                        const std::string& out = "out") {
    REQUIRE(run_ratesim(fmt::format("run {} {} --no-plots --quiet -o {}", scenario(file), args,
                                    quote((tmp / out).string())),
                        tmp.path()) == 0);
    return SummaryFile(tmp / out / "summary.csv");
}

// The `mean` cells of a curves.csv, keyed "VALUE,STRATEGY,METRIC".
std::map<std::string, double> curve_means(const fs::path& file) {
    std::map<std::string, double> means;
    std::istringstream in(read_file(file));
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "parameter,value,strategy,metric,mean,ci_low,ci_high");
    while (std::getline(in, line)) {
        const auto f = ratesim::output::csv_fields(line);
        REQUIRE(f.size() == 7);
        means[f[1] + "," + f[2] + "," + f[3]] = std::strtod(f[4].c_str(), nullptr);
    }
    return means;
}

TEST_CASE("every shipped scenario validates and has a reduced run in this file", "[shipped]") {
    const TempDir tmp;
    std::set<std::string> shipped;
    for (const auto& entry : fs::directory_iterator(fs::path(kSource) / "scenarios"))
        if (entry.path().extension() == ".yaml") shipped.insert(entry.path().filename().string());
    CHECK(shipped == kCovered);
    for (const std::string& file : shipped) {
        const int code = run_ratesim("validate " + scenario(file), tmp.path());
        INFO(file << ": " << read_file(tmp / "stderr.txt"));
        CHECK(code == 0);
        CHECK_THAT(read_file(tmp / "stdout.txt"), Catch::Matchers::Contains(": ok: "));
    }
}

TEST_CASE(
    "shared-org: ITPM binds, naive sends the most attempts, header-proactive has the lowest 429 "
    "rate",
    "[shipped]") {
    const TempDir tmp;
    const SummaryFile s = run_reduced(tmp, "shared-org.yaml",
                                      "--replications 2 --set clients.batch.workload.items=300");
    const std::vector<std::string> variants{"exponential", "full-jitter", "header-proactive",
                                            "naive"};
    REQUIRE(s.variants() == variants);
    for (const std::string& v : variants) {
        INFO(v);
        CHECK(s.mean(v, "succeeded") == 300);
        CHECK(s.mean(v, "util_itpm") > 0.95);
        CHECK(s.mean(v, "util_itpm") > s.mean(v, "util_otpm") + 0.2);
        CHECK(s.mean(v, "util_itpm") > s.mean(v, "util_rpm") + 0.1);
        CHECK(s.mean(v, "r429_input_tokens") >= 0.9 * s.mean(v, "r429"));
        if (v != "naive") CHECK(s.mean("naive", "attempts") > 10 * s.mean(v, "attempts"));
        if (v != "header-proactive")
            CHECK(s.mean("header-proactive", "rate_429") < s.mean(v, "rate_429") / 4);
    }
}

TEST_CASE("quickstart: a 20 RPM pool refuses most of naive's attempts and fewer of full-jitter's",
          "[shipped]") {
    const TempDir tmp;
    const SummaryFile s = run_reduced(tmp, "quickstart.yaml", "");
    for (const char* v : {"naive", "full-jitter"}) CHECK(s.mean(v, "succeeded") == 100);
    CHECK(s.mean("naive", "rate_429") > 0.95);
    CHECK(s.mean("full-jitter", "r429") > 0);
    CHECK(s.mean("naive", "attempts") > 20 * s.mean("full-jitter", "attempts"));
}

TEST_CASE(
    "strategy-zoo: the strategies without a budget finish every item, the budgeted ones give some "
    "up, "
    "header-proactive refuses least of those that keep up, the sliding window matched to the pool "
    "is never refused",
    "[shipped]") {
    const TempDir tmp;
    const SummaryFile s = run_reduced(tmp, "strategy-zoo.yaml",
                                      "--replications 1 --set clients.batch.workload.items=300");
    REQUIRE(s.variants().size() == 19);
    const std::vector<std::string> finish{"naive",
                                          "exponential",
                                          "full-jitter",
                                          "equal-jitter",
                                          "decorrelated-jitter",
                                          "retry-after",
                                          "header-proactive",
                                          "client-token-bucket",
                                          "retry-budget",
                                          "aimd",
                                          "adaptive-rate",
                                          "sliding-window"};
    for (const std::string& v : finish) {
        INFO(v);
        CHECK(s.mean(v, "succeeded") == 300);
        if (v != "header-proactive" && v != "client-token-bucket" && v != "sliding-window")
            CHECK(s.mean("header-proactive", "rate_429") < s.mean(v, "rate_429") / 10);
    }
    for (const char* v : {"sdk-default", "sdk-ts", "aws-standard", "aws-adaptive", "sre-throttle", "grpc",
                          "circuit-breaker"}) {
        INFO(v);
        CHECK(s.mean(v, "failed") > 0);
        CHECK(s.mean(v, "succeeded") + s.mean(v, "failed") == 300);
    }
    // grpc's throttle gives up most; the client-side bucket never gets a 429 but takes twice as
    // long.
    CHECK(s.mean("grpc", "failed") > 150);
    CHECK(s.mean("client-token-bucket", "r429") == 0);
    // 50 sends and 80k input tokens in any minute is what the pool admits: not one 429, one
    // attempt per item.
    CHECK(s.mean("sliding-window", "r429") == 0);
    CHECK(s.mean("sliding-window", "attempts") == 300);
    CHECK(s.mean("client-token-bucket", "makespan_s") >
          2 * s.mean("header-proactive", "makespan_s"));
}

TEST_CASE(
    "retry-storm: plain exponential leaves items pending after the hour, full jitter finishes in "
    "minutes",
    "[shipped]") {
    const TempDir tmp;
    const SummaryFile s =
        run_reduced(tmp, "retry-storm.yaml",
                    "--set 'compare={strategies: [exponential, full-jitter, header-proactive]}'");
    CHECK(s.mean("exponential", "pending") > 100);
    CHECK(s.mean("full-jitter", "succeeded") == 1000);
    CHECK(s.mean("full-jitter", "makespan_s") < 15 * 60);
    // Every header-proactive worker waits for the same reset and they wake together.
    CHECK(s.mean("header-proactive", "succeeded") == 1000);
    CHECK(s.mean("header-proactive", "attempts") > 10 * s.mean("full-jitter", "attempts"));
}

TEST_CASE(
    "overload-midstream: the SDK fails the items whose streams broke, the backoff kinds retry "
    "them and finish everything, and every variant pays for the broken streams",
    "[shipped]") {
    const TempDir tmp;
    const SummaryFile s =
        run_reduced(tmp, "overload-midstream.yaml", "--set duration=32m --set drain=10m");
    for (const char* v : {"exponential", "full-jitter", "sdk-default"}) {
        INFO(v);
        CHECK(s.mean(v, "midstream_errors") > 0);
        CHECK(s.mean(v, "wasted_usd") > 0);
        CHECK(s.mean(v, "items") == s.mean(v, "succeeded") + s.mean(v, "failed") + s.mean(v, "pending"));
    }
    // The SDK does not retry an error event in the stream: each broken stream fails its item.
    CHECK(s.mean("sdk-default", "failed") >= s.mean("sdk-default", "midstream_errors"));
    for (const char* v : {"exponential", "full-jitter"}) CHECK(s.mean(v, "failed") == 0);
}

TEST_CASE(
    "overload-529: the incident answers 70% of the attempts in its window with 529, and none "
    "outside",
    "[shipped]") {
    // Shortened to 32 minutes of arrivals: the file's incident, 20m to 30m, and two minutes
    // after it; then up to 10 minutes to finish what arrived.
    const TempDir tmp;
    const SummaryFile s =
        run_reduced(tmp, "overload-529.yaml", "--set duration=32m --set drain=10m");
    // 30 s bins, named by their end: the incident's are 1230..1800; a 529 answered just
    // after its end lands in 1830.
    double attempts = 0, r529 = 0;
    std::istringstream in(read_file(tmp / "out" / "timeseries.csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto f = ratesim::output::csv_fields(line);
        if (f[1] != "all") continue;
        const double t = std::strtod(f[3].c_str(), nullptr),
                     value = std::strtod(f[5].c_str(), nullptr);
        const bool window = t >= 1230 && t <= 1800;
        if (f[4] == "r529" && value > 0) {
            INFO(line);
            CHECK((window || t == 1830));
            r529 += value;
        }
        if (window && f[4] == "attempts") attempts += value;
    }
    // 25,480 attempts in the window (four strategies), 69.2% of them 529: one
    // standard error of the share is 0.003, so 0.02 is 7 of them; an overload
    // of 0.66 or 0.74 instead of 0.7 fails.
    REQUIRE(attempts > 20000);
    CHECK(std::abs(r529 / attempts - 0.7) < 0.02);
    for (const char* v : {"naive", "exponential", "full-jitter"}) {
        INFO(v);
        CHECK(s.mean(v, "failed") == 0);
        CHECK(s.mean(v, "succeeded") == s.mean("naive", "items"));
    }
    CHECK(s.mean("naive", "r429") == 0);
    CHECK(s.mean("sdk-default", "failed") >
          0.05 * s.mean("sdk-default", "items"));  // two retries, then it gives up
}

TEST_CASE("metastable: the server queue stays full after the incident under plain retries and drains under a retry budget or a circuit breaker",
          "[shipped]") {
    // Shortened to 40 minutes of arrivals: the incident (30m to 32m) and eight minutes after it.
    // The queue timeout Q = 60 s caps the queue at Q c / E[S] = 60 x 100 / 6 s = 1000 attempts;
    // under plain retries the offered work (up to 4 attempts an item, 240 s a second for 100
    // servers) keeps it near that cap, so at 38, 39 and 40 minutes it holds more than half of it.
    // The budgeted variants offer at most 72 s of work a second: drained (0) by then
    // (tests/test_server_queue.cpp derives the drain time, about 2 minutes).
    const TempDir tmp;
    const SummaryFile s = run_reduced(tmp, "metastable.yaml", "--set duration=40m");
    std::map<std::string, std::map<double, double>> queue;  // variant -> t_s -> server_queue
    std::istringstream in(read_file(tmp / "out" / "timeseries.csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto f = ratesim::output::csv_fields(line);
        if (f[4] == "server_queue") queue[f[0]][std::strtod(f[3].c_str(), nullptr)] = std::strtod(f[5].c_str(), nullptr);
    }
    for (const double t : {2280.0, 2340.0, 2400.0}) {
        INFO("t = " << t << " s");
        CHECK(queue["plain-retries"].at(t) > 500);
        CHECK(queue["retry-budget"].at(t) == 0);
        CHECK(queue["circuit-breaker"].at(t) == 0);
    }
    // Plain retries fail nearly every item that arrives from the incident on (10 of 40 minutes);
    // the budgeted variants only those of the few minutes until the queue drains.
    CHECK(s.mean("plain-retries", "failed") > 0.2 * s.mean("plain-retries", "items"));
    for (const char* v : {"retry-budget", "circuit-breaker"}) {
        INFO(v);
        CHECK(s.mean(v, "failed") < 0.5 * s.mean("plain-retries", "failed"));
    }
}

TEST_CASE(
    "azure-conv-tier2: Tier 2 refuses the bursts of the hour and sdk-default fails some, Tier 3 "
    "serves all without a 429",
    "[shipped]") {
    const TempDir tmp;
    const std::string sdk = "--set 'compare={strategies: [sdk-default]}'";
    const SummaryFile tier2 = run_reduced(tmp, "azure-conv-tier2.yaml", sdk, "tier2");
    CHECK(tier2.mean("sdk-default", "rate_429") > 0.05);
    CHECK(tier2.mean("sdk-default", "failed") > 0);
    CHECK(tier2.mean("sdk-default", "r429_input_tokens") == tier2.mean("sdk-default", "r429"));
    const SummaryFile tier3 = run_reduced(tmp, "azure-conv-tier2.yaml",
                                          sdk + " --set api.preset=anthropic-2025/tier-3", "tier3");
    CHECK(tier3.mean("sdk-default", "succeeded") == 19366);
    CHECK(tier3.mean("sdk-default", "r429") == 0);
    CHECK(tier3.mean("sdk-default", "cost_usd") == Approx(128.42).margin(0.005));
}

TEST_CASE("batch-vs-realtime: the same items as Message Batches cost half and get no 429",
          "[shipped]") {
    const TempDir tmp;
    const std::string reduced =
        "--set clients.jobs.workload.items=4000 --set 'compare={strategies: [retry-after]}'";
    const SummaryFile live = run_reduced(tmp, "batch-vs-realtime.yaml", reduced, "realtime");
    const SummaryFile batches = run_reduced(
        tmp, "batch-vs-realtime.yaml", reduced + " --set clients.jobs.batch_size=2000", "batches");
    for (const SummaryFile* s : {&live, &batches})
        CHECK(s->mean("retry-after", "succeeded") == 4000);
    CHECK(live.mean("retry-after", "r429") > 0);
    CHECK(batches.mean("retry-after", "r429") == 0);
    CHECK(batches.mean("retry-after", "attempts") == 4000);
    CHECK(batches.mean("retry-after", "cost_usd") ==
          Approx(live.mean("retry-after", "cost_usd") / 2).epsilon(1e-6));
}

TEST_CASE(
    "workers-sweep: throughput grows with workers until the limit binds, then only the 429s grow",
    "[shipped]") {
    const TempDir tmp;
    run_reduced(tmp, "workers-sweep.yaml",
                "--replications 1 --set clients.batch.workload.items=300 --sweep "
                "clients.batch.workers=1,4,16,48 "
                "--set 'compare={strategies: [naive, header-proactive]}'");
    const auto m = curve_means(tmp / "out" / "curves.csv");
    for (const char* v : {"naive", "header-proactive"}) {
        INFO(v);
        const auto goodput = [&](int w) { return m.at(fmt::format("{},{},goodput_rpm", w, v)); };
        CHECK(goodput(4) == Approx(4 * goodput(1)).epsilon(0.05));  // below the limit: linear
        CHECK(goodput(16) > 1.5 * goodput(4));
        CHECK(goodput(48) < 1.05 * goodput(16));  // past it: flat
        CHECK(m.at(fmt::format("4,{},rate_429", v)) == 0);
    }
    CHECK(m.at("16,naive,rate_429") > 0.95);
    CHECK(m.at("48,naive,rate_429") > m.at("16,naive,rate_429"));
    CHECK(m.at("48,header-proactive,rate_429") > m.at("16,header-proactive,rate_429"));
    CHECK(m.at("48,header-proactive,rate_429") < m.at("48,naive,rate_429") / 2);
}

TEST_CASE("plan-tier: full-jitter needs Tier 3 for under 2% of 429s, header-proactive Tier 2",
          "[shipped]") {
    const TempDir tmp;
    REQUIRE(
        run_ratesim(
            fmt::format("plan {} --set replications=2 --set clients.nightly.workload.items=1500 "
                        "--no-plots -o {}",
                        scenario("plan-tier.yaml"), quote((tmp / "out").string())),
            tmp.path()) == 0);
    const std::string out = read_file(tmp / "stdout.txt");
    CHECK_THAT(out, Catch::Matchers::Contains(
                        "\nfull-jitter: api.preset = anthropic-2025/tier-3 (the first candidate"));
    CHECK_THAT(out,
               Catch::Matchers::Contains(
                   "\nheader-proactive: api.preset = anthropic-2025/tier-2 (the first candidate"));
    CHECK(fs::is_regular_file(tmp / "out" / "plan.csv"));
}

TEST_CASE("peak-hour: the diurnal peak needs Tier 3 where its daily mean, held constant, fits Tier 2",
          "[shipped]") {
    // The mean, 72 requests a minute of ~5,000 input tokens (lognormal,
    // median 4,000, p95 12,000), is ~360k ITPM: under Tier 2's 450k. The
    // peak, 1.8 times that, is ~650k: over Tier 2, under Tier 3's 800k.
    const TempDir tmp;
    auto answers = [&](const std::string& sets, const std::string& dir) {
        REQUIRE(run_ratesim(fmt::format("plan {} --set replications=2 {} --no-plots -o {}",
                                        scenario("peak-hour.yaml"), sets, quote((tmp / dir).string())),
                            tmp.path()) == 0);
        return read_file(tmp / "stdout.txt");
    };
    const std::string peak = answers("", "peak");
    const std::string flat = answers("--set clients.chat.workload.rate=1.2/s", "flat");
    for (const char* strategy : {"full-jitter", "header-proactive"}) {
        INFO(strategy);
        CHECK_THAT(peak, Catch::Matchers::Contains(fmt::format(
                             "\n{}: api.preset = anthropic-2025/tier-3 (the first candidate", strategy)));
        CHECK_THAT(flat, Catch::Matchers::Contains(fmt::format(
                             "\n{}: api.preset = anthropic-2025/tier-2 (the first candidate", strategy)));
    }
}

TEST_CASE(
    "two-services: full-jitter keeps chat's p99 under 10 s, header-proactive's pacing holds chat "
    "behind "
    "the batch, sdk-default gives batch items up",
    "[shipped]") {
    const TempDir tmp;
    const SummaryFile s =
        run_reduced(tmp, "two-services.yaml",
                    "--replications 2 --set duration=20m --set clients.batch.workload.items=1500");
    CHECK(s.mean("full-jitter", "latency_p99_s", "chat") < 10);
    CHECK(s.mean("header-proactive", "latency_p99_s", "chat") >
          3 * s.mean("full-jitter", "latency_p99_s", "chat"));
    for (const char* v : {"full-jitter", "header-proactive"}) {
        INFO(v);
        CHECK(s.mean(v, "succeeded", "batch") == 1500);
        CHECK(s.mean(v, "failed", "chat") == 0);
    }
    CHECK(s.mean("header-proactive", "rate_429") < s.mean("full-jitter", "rate_429") / 10);
    CHECK(s.mean("sdk-default", "failed", "batch") > 100);
}

// models.csv's `all` rows summed over replications, keyed "VARIANT,MODEL,COLUMN".
std::map<std::string, double> model_sums(const fs::path& file) {
    std::map<std::string, double> sums;
    std::istringstream in(read_file(file));
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "variant,replication,group,model,attempts,ok,r429,r529,items_succeeded,items_failed,cost_usd");
    const std::vector<std::string> header = ratesim::output::csv_fields(line);
    while (std::getline(in, line)) {
        const auto f = ratesim::output::csv_fields(line);
        REQUIRE(f.size() == header.size());
        if (f[2] != "all") continue;
        for (std::size_t i = 4; i < f.size(); ++i)
            sums[f[0] + "," + f[3] + "," + header[i]] += std::strtod(f[i].c_str(), nullptr);
    }
    return sums;
}

TEST_CASE(
    "haiku-routing: 30% routed to Haiku shortens the Sonnet-bound batch and cuts its bill, a fallback "
    "on 429 more, and models.csv shows where the items went",
    "[shipped][routing]") {
    const TempDir tmp;
    const SummaryFile s =
        run_reduced(tmp, "haiku-routing.yaml", "--replications 2 --set clients.docs.workload.items=1000");
    const std::string plain = "retry-after claude-haiku-4-5=0%", routed = "retry-after claude-haiku-4-5=30%",
                      fallback = "retry-after+fallback claude-haiku-4-5=0%";
    for (const std::string& v : {plain, routed, fallback}) {
        INFO(v);
        CHECK(s.mean(v, "succeeded") == 1000);
    }
    CHECK(s.mean(routed, "makespan_s") < 0.8 * s.mean(plain, "makespan_s"));
    CHECK(s.mean(routed, "cost_usd") < 0.85 * s.mean(plain, "cost_usd"));
    CHECK(s.mean(routed, "rate_429") < s.mean(plain, "rate_429"));
    CHECK(s.mean(fallback, "makespan_s") < s.mean(routed, "makespan_s"));
    CHECK(s.mean(fallback, "rate_429") < s.mean(routed, "rate_429") / 2);

    const auto m = model_sums(tmp / "out" / "models.csv");
    const std::string sonnet = ",claude-sonnet-4-5,", haiku = ",claude-haiku-4-5,";
    CHECK(m.at(plain + haiku + "attempts") == 0);
    CHECK(m.at(plain + sonnet + "items_succeeded") == 2000);
    // 2 x 1000 items, each to Haiku with probability 0.3: within 3 standard errors.
    const double share = m.at(routed + haiku + "items_succeeded") / 2000;
    CHECK(std::fabs(share - 0.3) < 3 * std::sqrt(0.3 * 0.7 / 2000));
    // Every item starts on Sonnet; each of Sonnet's 429s sends its item to Haiku
    // once (Haiku's limits do not bind here), where it succeeds.
    CHECK(m.at(fallback + haiku + "r429") == 0);
    CHECK(m.at(fallback + sonnet + "attempts") == 2000);
    CHECK(m.at(fallback + haiku + "attempts") == m.at(fallback + sonnet + "r429"));
    CHECK(m.at(fallback + haiku + "items_succeeded") + m.at(fallback + sonnet + "items_succeeded") == 2000);
}

TEST_CASE(
    "legacy-tpm: every 429 names a legacy limit, the Python SDK fails the most items at the daily cap, "
    "honoring retry-after finishes the job as the daily bucket refills",
    "[shipped][legacy]") {
    const TempDir tmp;
    const SummaryFile s = run_reduced(tmp, "legacy-tpm.yaml", "");
    for (const char* v : {"sdk-default", "sdk-ts", "retry-after"}) {
        INFO(v);
        CHECK(s.mean(v, "r429") > 0);
        // No RPM, ITPM or OTPM here: every 429 is TPM's or TPD's.
        CHECK(s.mean(v, "r429_requests") + s.mean(v, "r429_input_tokens") + s.mean(v, "r429_output_tokens") == 0);
    }
    CHECK(s.mean("retry-after", "succeeded") == 800);
    CHECK(s.mean("sdk-default", "failed") > s.mean("sdk-ts", "failed"));
    CHECK(s.mean("sdk-ts", "failed") > 0);
    // The job counts about 800 x (1500 + 200) = 1.36M tokens, sd 800^0.5 x
    // 300 = 8.5k; the daily bucket starts with 1M and refills 1M / 24 h, so
    // the last ~360k take at least (360k - 3 sd - 1M x 10 min / 24 h) /
    // (1M / 24 h): over 7 h, and the run's 12 h are enough.
    CHECK(s.mean("retry-after", "makespan_s") > 7 * 3600);
    CHECK(s.mean("retry-after", "makespan_s") < 12 * 3600);
}

}  // namespace test_shipped_scenarios
