// The speed shortcuts must change no output: a skipped draw (a refused
// attempt skips its generation latency) moves a stream exactly as drawing it.
#include <catch2/catch.hpp>

#include "models/distribution.hpp"
#include "sim/engine/random.hpp"
#include "support/test_purpose.hpp"

namespace test_exact_shortcuts {

using namespace ratesim;
using ratesim::testing::kTestPurpose;

TEST_CASE("skipping a draw leaves a stream where sampling would, for every distribution kind",
          "[random]") {
    const models::Distribution kinds[] = {
        models::Distribution::constant(3),
        models::Distribution::uniform(1, 9),
        models::Distribution::normal(-1, 2),  // truncated at 0: takes a varying number of draws
        models::Distribution::lognormal_from_median_p95(1.5, 4),
        models::Distribution::exponential(2),
        models::Distribution::empirical({1, 2, 3, 5, 8}, "test"),
    };
    for (const auto& d : kinds) {
        INFO(d.describe());
        for (std::uint64_t entity = 0; entity < 200; ++entity) {
            engine::RandomStream sampled(7, 0, entity, kTestPurpose);
            engine::RandomStream skipped = sampled;
            for (int i = 0; i < 3; ++i) {
                (void)d.sample(sampled);
                d.skip(skipped);
            }
            REQUIRE(sampled.next_u64() == skipped.next_u64());
        }
    }
}

TEST_CASE("skipping a normal draw takes the same rejected pairs as drawing it", "[random]") {
    engine::RandomStream drawn(3, 1, 4, kTestPurpose);
    engine::RandomStream skipped = drawn;
    for (int i = 0; i < 1000; ++i) {
        (void)drawn.normal(0, 1);
        skipped.skip_normal();
    }
    CHECK(drawn.next_u64() == skipped.next_u64());
    // And a stream that draws nothing is elsewhere, so the check can fail.
    engine::RandomStream untouched(3, 1, 4, kTestPurpose);
    CHECK(untouched.next_u64() != skipped.next_u64());
}

}  // namespace test_exact_shortcuts
