// timeseries.csv: the rows a run's series is written as, and what the reader
// makes of them, from one table of names.
#include <catch2/catch.hpp>

#include "support/program.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include <unistd.h>

#include "sim/output/timeseries_file.hpp"

namespace test_timeseries_file {

using namespace ratesim;

namespace {

// Two bins of 10 s (the second cut short at 15 s), the levels at 10 s, one
// pool whose output tokens have no limit (nor the legacy TPM and TPD: a
// level per models::Dimension, NaN where not limited).
run::RunSeries two_bins(int replication) {
    run::RunSeries s;
    s.variant = "a, \"b\"";
    s.replication = replication;
    s.pools = {"sonnet"};
    s.bins.emplace_back(run::BinCounts{0, engine::seconds(10), 4, 3, 1, 0, 0});
    s.bins.emplace_back(run::BinLevels{engine::seconds(10), 2, 5});
    const double none = std::numeric_limits<double>::quiet_NaN();
    s.bucket_fill = {0.5, 0.25, none, none, none};
    s.bins.emplace_back(run::BinCounts{engine::seconds(10), engine::seconds(15), 1, 1, 0, 0, 0});
    return s;
}

}  // namespace

TEST_CASE("timeseries.csv rows come in run order and read back summed", "[output]") {
    const ratesim::testing::TempDir tmp;
    const auto file = tmp / "timeseries.csv";
    {
        output::TimeseriesWriter writer(file);
        writer.take(two_bins(0));
        writer.take(two_bins(1));
        writer.check_written();
    }
    std::ifstream in(file);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    const std::string v = "\"a, \"\"b\"\"\"";
    const std::string a = v + ",all";
    CHECK(text.rfind("variant,group,replication,t_s,metric,value\n" + a + ",0,10,attempts,4\n" + a +
                         ",0,10,ok,3\n" + a + ",0,10,r429,1\n" + a + ",0,10,r529,0\n" + a +
                         ",0,10,timeouts,0\n" + a + ",0,10,goodput_rpm,18\n" + a +
                         ",0,10,in_flight,2\n" + a + ",0,10,queued,5\n" + a +
                         ",0,10,bucket_sonnet_requests,0.5\n" + a +
                         ",0,10,bucket_sonnet_input_tokens,0.25\n" + a + ",0,15,attempts,1\n",
                     0) == 0);
    CHECK(text.find("output_tokens") == std::string::npos);  // no limit, no row
    CHECK(text.find("tokens_per_") == std::string::npos);
    CHECK(text.find(a + ",0,15,goodput_rpm,12\n") != std::string::npos);

    const auto timelines = output::read_timeseries_csv(file, {{"a, \"b\"", 0}}, 1, 10);
    REQUIRE(timelines.size() == 1);
    const auto& bins = timelines[0].bins;
    REQUIRE(bins.size() == 2);
    CHECK(bins.at(10).attempts == 8);
    CHECK(bins.at(10).ok == 6);
    CHECK(bins.at(10).r429 == 2);
    CHECK(bins.at(20).attempts == 2);  // the partial bin counts as a whole one
    const auto& buckets = timelines[0].buckets;
    REQUIRE(buckets.size() == 2);
    CHECK(buckets.at("sonnet_requests") == std::vector<std::pair<double, double>>{{10, 0.5}});
}

TEST_CASE("timeseries.csv gives each group's counts after the organization's, and reads them back",
          "[output]") {
    const ratesim::testing::TempDir tmp;
    const auto file = tmp / "timeseries.csv";
    run::RunSeries s;
    s.variant = "v";
    s.groups = {"chat", "nightly"};
    s.bins.emplace_back(run::BinCounts{0, engine::seconds(10), 5, 4, 1, 0, 0});
    run::BinCounts chat{0, engine::seconds(10), 2, 2, 0, 0, 0};
    chat.group = 0;
    run::BinCounts nightly{0, engine::seconds(10), 3, 2, 1, 0, 0};
    nightly.group = 1;
    s.bins.emplace_back(chat);
    s.bins.emplace_back(nightly);
    s.bins.emplace_back(run::BinLevels{engine::seconds(10), 2, 5});
    {
        output::TimeseriesWriter writer(file);
        writer.take(s);
        writer.check_written();
    }
    std::ifstream in(file);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    CHECK(text.find("v,all,0,10,attempts,5\n") != std::string::npos);
    CHECK(text.find("v,chat,0,10,attempts,2\n") != std::string::npos);
    CHECK(text.find("v,nightly,0,10,r429,1\n") != std::string::npos);
    CHECK(text.find("v,all,0,10,queued,5\n") != std::string::npos);  // levels are the organization's
    const auto timelines = output::read_timeseries_csv(file, {{"v", 0}}, 1, 10);
    REQUIRE(timelines.size() == 1);
    CHECK(timelines[0].bins.at(10).attempts == 5);
    REQUIRE(timelines[0].group_bins.size() == 2);
    CHECK(timelines[0].group_bins.at("chat").at(10).ok == 2);
    CHECK(timelines[0].group_bins.at("nightly").at(10).r429 == 1);
}

}  // namespace test_timeseries_file
