#include <catch2/catch.hpp>

#include "sim/scenario/units.hpp"
#include "sim/scenario/spelling_hints.hpp"

namespace test_units {

using namespace ratesim::engine;
using namespace ratesim::scenario;
using Catch::Matchers::Contains;

TEST_CASE("durations with every unit convert to microseconds", "[units]") {
    CHECK(*parse_duration("250ms").value == millis(250));
    CHECK(*parse_duration("30s").value == seconds(30));
    CHECK(*parse_duration("5m").value == seconds(300));
    CHECK(*parse_duration("2h").value == seconds(7200));
    CHECK(*parse_duration("1d").value == seconds(86400));
    CHECK(*parse_duration("1.5s").value == millis(1500));
    CHECK(*parse_duration("0.25ms").value == 250);
    CHECK(*parse_duration(".5s").value == millis(500));
    CHECK(*parse_duration("0").value == 0);
    CHECK(*parse_duration("0s").value == 0);
    CHECK(*parse_duration_seconds("80ms").value == Approx(0.08));
}

TEST_CASE("a duration without a unit is rejected with the allowed forms", "[units]") {
    const auto result = parse_duration("5");
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error,
               Contains("'5' has no unit") && Contains("allowed:") && Contains("250ms"));
}

TEST_CASE("malformed and negative durations are rejected", "[units]") {
    for (const char* text :
         {"5 minutes", "5 s", "-3s", "abc", "", "s", "1.2.3s", "5sec", "1e3s", "nan", "inf"}) {
        INFO(text);
        const auto result = parse_duration(text);
        CHECK_FALSE(result);
        CHECK_THAT(result.error, Contains("allowed: a number with a unit ms, s, m, h or d"));
    }
    CHECK_THAT(parse_duration("-3s").error, Contains("'-3s' is negative"));
    CHECK_THAT(parse_duration("5 minutes").error, Contains("no space"));
    CHECK_THAT(parse_duration("5sec").error, Contains("unknown unit 'sec'"));
}

TEST_CASE("absurdly long durations are rejected instead of overflowing", "[units]") {
    CHECK_FALSE(parse_duration("99999999999999999999d"));
    CHECK(parse_duration("3650d"));
}

TEST_CASE("rates convert to events per second", "[units]") {
    CHECK(*parse_rate("120/min").value == Approx(2.0));
    CHECK(*parse_rate("2/s").value == Approx(2.0));
    CHECK(*parse_rate("100/h").value == Approx(100.0 / 3600));
    CHECK(*parse_rate("0.5/s").value == Approx(0.5));
}

TEST_CASE("rates without a known unit are rejected with the allowed forms", "[units]") {
    for (const char* text : {"120", "120/minute", "-2/s", "x/s", "2/", "/s", "2 /s"}) {
        INFO(text);
        const auto result = parse_rate(text);
        CHECK_FALSE(result);
        CHECK_THAT(result.error, Contains("allowed: a number per unit s, min or h"));
    }
    CHECK_THAT(parse_rate("120").error, Contains("'120' has no unit"));
    CHECK_THAT(parse_rate("120/minute").error, Contains("unknown unit '/minute'"));
}

TEST_CASE("token counts accept k and M suffixes", "[units]") {
    CHECK(*parse_count("1000").value == 1000);
    CHECK(*parse_count("450k").value == 450000);
    CHECK(*parse_count("1.5k").value == 1500);
    CHECK(*parse_count("2M").value == 2000000);
    CHECK(*parse_count("0").value == 0);
}

TEST_CASE("malformed token counts are rejected with the allowed forms", "[units]") {
    for (const char* text : {"2m", "-5", "abc", "", "5 k", "1e6", "k"}) {
        INFO(text);
        const auto result = parse_count(text);
        CHECK_FALSE(result);
        CHECK_THAT(result.error, Contains("allowed: a number, optionally with k"));
    }
    CHECK_THAT(parse_count("2m").error, Contains("unknown suffix 'm'"));
}

TEST_CASE("plain numbers accept decimals and exponents but not words", "[units]") {
    CHECK(*parse_number("60").value == 60);
    CHECK(*parse_number("0.25").value == 0.25);
    CHECK(*parse_number("-2").value == -2);
    CHECK(*parse_number("1e3").value == 1000);
    CHECK_FALSE(parse_number("60tps"));
    CHECK_FALSE(parse_number(".inf"));
    CHECK_FALSE(parse_number(""));
}

TEST_CASE("durations format exactly and parse back to the same time", "[units]") {
    CHECK(format_duration(0) == "0s");
    CHECK(format_duration(millis(600)) == "600ms");
    CHECK(format_duration(seconds(60)) == "60s");
    CHECK(format_duration(millis(1500)) == "1.5s");
    CHECK(format_duration(250) == "0.25ms");
    CHECK(format_duration(kNever) == "none");
    for (Time t :
         {Time{1}, Time{999}, millis(1), millis(1234), seconds(3600) + 7, seconds(86400 * 30)})
        CHECK(*parse_duration(format_duration(t)).value == t);
    CHECK(format_duration_seconds(0.1) == "100ms");
}

TEST_CASE("rates format in the unit that reads as a whole number", "[units]") {
    CHECK(format_rate(2.0) == "2/s");
    CHECK(format_rate(0.5) == "30/min");
    CHECK(format_rate(100.0 / 3600) == "100/h");
}

TEST_CASE("did-you-mean suggests close keys and nothing for distant ones", "[units]") {
    CHECK(levenshtein("wokers", "workers") == 1);
    CHECK(levenshtein("", "abc") == 3);
    CHECK(levenshtein("ITPM", "itpm") == 0);
    CHECK(did_you_mean("wokers", {"name", "workers", "start"}) ==
          std::optional<std::string>("workers"));
    CHECK(did_you_mean("max_in_fligth", {"max_in_flight", "name"}) ==
          std::optional<std::string>("max_in_flight"));
    CHECK_FALSE(did_you_mean("zzzzzz", {"name", "workers", "start"}));
}

}  // namespace test_units
