// The FIFO behind per-worker wait lists: order kept across growth and wrap.
#include <catch2/catch.hpp>

#include <deque>

#include "models/fifo_queue.hpp"
#include "sim/engine/random.hpp"
#include "support/test_purpose.hpp"

namespace test_fifo_queue {

using namespace ratesim;
using ratesim::testing::kTestPurpose;

TEST_CASE("the fifo queue gives back what it was given in order, across growth and wrap-around",
          "[fifo]") {
    models::FifoQueue<std::uint32_t> fifo;
    std::deque<std::uint32_t> reference;
    engine::RandomStream rng(1, 0, 0, kTestPurpose);
    std::uint32_t next = 0;
    for (int step = 0; step < 20000; ++step) {
        // Pushes slightly more often than pops, so it grows while wrapping.
        if (reference.empty() || rng.uniform() < 0.52) {
            fifo.push_back(next);
            reference.push_back(next++);
        } else {
            REQUIRE(fifo.front() == reference.front());
            fifo.pop_front();
            reference.pop_front();
        }
        REQUIRE(fifo.size() == reference.size());
        REQUIRE(fifo.empty() == reference.empty());
    }
    while (!reference.empty()) {
        REQUIRE(fifo.front() == reference.front());
        fifo.pop_front();
        reference.pop_front();
    }
    CHECK(fifo.empty());
}

}  // namespace test_fifo_queue
