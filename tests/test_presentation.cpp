// Numbers that do not flatter, in plots a reviewer can read: the report's
// sentences never rank a variant that did not finish above one that did,
// say when no 429 makes the strategies indistinguishable, and plots use a
// log axis past 100x, labels that never overlap and a style per variant.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/output/bar_labels.hpp"
#include "sim/output/plot_style.hpp"
#include "sim/output/run_story.hpp"

namespace test_presentation {

using namespace ratesim::output;

namespace {

VariantSummary variant(const std::string& name, std::map<std::string, double> mean) {
    VariantSummary v;
    v.name = name;
    v.mean = std::move(mean);
    return v;
}

std::string joined(const std::vector<std::string>& sentences) {
    std::string out;
    for (const auto& s : sentences) out += s + "\n";
    return out;
}

// A scenario's result with a variant that gave up on most items and so
// looks fastest on every per-minute and per-run figure.
ResultDir with_a_quitter() {
    ResultDir r;
    r.scenario = nlohmann::json::object();
    r.variants.push_back(variant("steady", {{"items", 600}, {"succeeded", 600}, {"failed", 0}, {"pending", 0},
                                            {"goodput_rpm", 40}, {"makespan_s", 900}, {"rate_429", 0.4},
                                            {"r429", 400}, {"attempts", 1000}, {"amplification", 1.67}}));
    r.variants.push_back(variant("slow", {{"items", 600}, {"succeeded", 600}, {"failed", 0}, {"pending", 0},
                                          {"goodput_rpm", 20}, {"makespan_s", 1800}, {"rate_429", 0.5},
                                          {"r429", 600}, {"attempts", 1200}, {"amplification", 2}}));
    r.variants.push_back(variant("quitter", {{"items", 600}, {"succeeded", 83}, {"failed", 517}, {"pending", 0},
                                             {"goodput_rpm", 87}, {"makespan_s", 240}, {"rate_429", 0.01},
                                             {"r429", 1}, {"attempts", 100}, {"amplification", 0.17}}));
    r.timelines.resize(3);
    r.latency_cdf.resize(3);
    return r;
}

}  // namespace

TEST_CASE("the report never calls a variant that gave up fastest, lowest or best", "[story]") {
    const std::string story = joined(what_happened(with_a_quitter()));
    INFO(story);
    CHECK_THAT(story, Catch::Matchers::Contains("quitter left 517 of 600 items unfinished (517 gave up)."));
    CHECK_THAT(story, Catch::Matchers::Contains("steady finished the batch first"));
    CHECK_THAT(story, Catch::Matchers::Contains("Of the variants that finished every item, steady had the lowest 429 rate"));
    CHECK_THAT(story, Catch::Matchers::Contains("Goodput ranged from 20.0 (slow) to 40.0 (steady)"));
    CHECK_THAT(story, Catch::Matchers::Contains("leaving out quitter, which did not finish every item"));
    CHECK_THAT(story, !Catch::Matchers::Contains("quitter finished"));
    CHECK_THAT(story, !Catch::Matchers::Contains("quitter had the lowest"));
    CHECK_THAT(story, !Catch::Matchers::Contains("(quitter)"));
    CHECK_THAT(story, !Catch::Matchers::Contains("cannot be told apart"));
}

TEST_CASE("the report ranks a variant whose only undone requests were in flight, and names what others owe",
          "[story]") {
    ResultDir r = with_a_quitter();
    // steady's 3 pending requests were an open-loop group's, in flight: nothing owed.
    r.variants[0].mean["pending"] = 3, r.variants[0].mean["owed"] = 0;
    // slow's 3 were owed (never served, or a batch's).
    r.variants[1].mean["pending"] = 3, r.variants[1].mean["owed"] = 3;
    r.variants[2].mean["owed"] = 0;
    const std::string story = joined(what_happened(r));
    INFO(story);
    CHECK_THAT(story, !Catch::Matchers::Contains("steady left"));
    CHECK_THAT(story, Catch::Matchers::Contains("slow left 3 of 600 items unfinished (3 still pending when the run stopped)."));
    // steady is the one variant left to rank: its goodput is the figure given.
    CHECK_THAT(story, Catch::Matchers::Contains("Goodput was 40.0 successful requests per minute (leaving out slow and quitter"));
}

TEST_CASE("when no variant got a 429 the report says the strategies cannot be told apart", "[story]") {
    ResultDir r = with_a_quitter();
    for (auto& v : r.variants) v.mean["r429"] = 0, v.mean["rate_429"] = 0;
    CHECK_THAT(joined(what_happened(r)),
               Catch::Matchers::Contains("No variant got a 429: the limits never pushed back, so the strategies "
                                         "cannot be told apart here."));
}

TEST_CASE("the attempts axis is logarithmic exactly when the bars span more than 100x", "[plots]") {
    CHECK_FALSE(needs_log_scale({600, 1019, 60000}));  // 100x
    CHECK(needs_log_scale({600, 1019, 60001}));
    CHECK(needs_log_scale({600, 75535}));
    CHECK_FALSE(needs_log_scale({0, 600, 50000}));  // an empty bar does not count
    CHECK_FALSE(needs_log_scale({}));
}

TEST_CASE("bar labels never overlap, for any number of bars and name lengths", "[plots]") {
    for (std::size_t bars = 1; bars <= 120; ++bars)
        for (std::size_t longest : {3u, 8u, 19u, 40u}) {
            const BarLabelLayout layout = bar_label_layout(bars, longest, 1000);
            INFO(bars << " bars, " << longest << " characters: angle " << layout.angle << ", font "
                      << layout.font_pt);
            CHECK(bar_label_clearance(layout, bars, longest, 1000) >= 1.0);
            CHECK(layout.font_pt >= 1);
        }
    CHECK(bar_label_layout(2, 11, 1000).angle == 0);   // quickstart: level
    CHECK(bar_label_layout(17, 19, 1000).angle == 35);  // strategy-zoo: slanted
    CHECK(bar_label_layout(50, 19, 1000).angle == 90);
}

TEST_CASE("no two variant slots share colour and dash, finished or not", "[plots]") {
    std::set<std::string> styles;
    for (std::size_t slot = 0; slot < 80; ++slot)
        for (const bool unfinished : {false, true}) styles.insert(variant_line_style(slot, unfinished));
    CHECK(styles.size() == 160);
    std::set<std::string> colors;
    for (std::size_t slot = 0; slot < 20; ++slot) colors.insert(variant_color(slot));
    CHECK(colors.size() == 20);
    CHECK(variant_dash(0, false) == 1);
    CHECK(variant_dash(0, true) != 1);
}

TEST_CASE("the report judges the makespan gap on the paired differences of the replications",
          "[story]") {
    // The same three replications, slow always 50-70 s behind fast: the gap
    // of 60 s is far outside the paired interval, though the makespans
    // themselves spread over 10 minutes.
    ResultDir r;
    r.scenario = nlohmann::json::object();
    r.confidence = 0.95;
    for (const auto& [name, runs] : {std::pair<std::string, std::vector<double>>{"fast", {600, 900, 1200}},
                                     {"slow", {650, 960, 1270}}}) {
        VariantSummary v = variant(name, {{"items", 60}, {"succeeded", 60}, {"failed", 0}, {"pending", 0},
                                          {"makespan_s", (runs[0] + runs[1] + runs[2]) / 3},
                                          {"r429", name == "fast" ? 95.0 : 5.0},
                                          {"r429_requests", name == "fast" ? 95.0 : 0.0},
                                          {"r429_input_tokens", name == "fast" ? 0.0 : 5.0}});
        v.runs["makespan_s"] = runs;
        r.variants.push_back(v);
    }
    r.timelines.resize(2);
    r.latency_cdf.resize(2);
    const std::string story = joined(what_happened(r));
    INFO(story);
    // Differences 50, 60, 70: sd 10, so t(0.95, 2) * 10 / sqrt(3) = 24.8 s.
    CHECK_THAT(story, Catch::Matchers::Contains(
                          "fast finished the batch first (15.0m), 60.0s ahead of slow (16.0m); paired replication "
                          "by replication, the gap is 60.0s ± 24.8s (95%)."));
    // 95 of the 100 429s named the RPM limit: most, not all.
    CHECK_THAT(story, Catch::Matchers::Contains("95.0% of the 429s named the request limit (RPM)."));
    r.variants[1].mean["r429_input_tokens"] = 0, r.variants[1].mean["r429"] = 0;
    CHECK_THAT(joined(what_happened(r)), Catch::Matchers::Contains("All of the 429s named the request limit (RPM)."));
}

TEST_CASE("the report names the fastest finished variant first and the slowest as the one it beat",
          "[story]") {
    ResultDir r;
    r.scenario = nlohmann::json::object();
    for (const auto& [name, makespan] : {std::pair<std::string, double>{"middle", 900},
                                         {"fast", 600}, {"slow", 1800}})
        r.variants.push_back(variant(name, {{"items", 60}, {"succeeded", 60}, {"failed", 0}, {"pending", 0},
                                            {"goodput_rpm", 3600 / makespan}, {"makespan_s", makespan},
                                            {"rate_429", 0.1}, {"r429", 7}, {"attempts", 67},
                                            {"amplification", 1.1}}));
    r.timelines.resize(3);
    r.latency_cdf.resize(3);
    const auto story = what_happened(r);
    INFO(joined(story));
    CHECK(std::count(story.begin(), story.end(),
                     "fast finished the batch first (10.0m), 20.0m ahead of slow (30.0m).") == 1);
}

}  // namespace test_presentation
