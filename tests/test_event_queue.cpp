// The event engine: EventQueue ordering and the Scheduler's run loop.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "sim/engine/event_queue.hpp"
#include "sim/engine/random.hpp"
#include "sim/engine/scheduler.hpp"
#include "support/test_purpose.hpp"

namespace test_event_queue {

using ratesim::engine::Event;
using ratesim::engine::EventQueue;
using ratesim::engine::RandomStream;
using ratesim::engine::Scheduler;
using ratesim::engine::seconds;
using ratesim::engine::Time;
using ratesim::testing::kTestPurpose;

namespace {

// The tag travels as the event's target.
Event tagged(std::uint64_t tag) { return Event{1, static_cast<std::uint32_t>(tag)}; }

// Pops everything, returning (time, tag) pairs in pop order.
std::vector<std::pair<Time, std::uint64_t>> drain(EventQueue& q) {
    std::vector<std::pair<Time, std::uint64_t>> out;
    while (!q.empty()) {
        Time t = -1;
        const Event e = q.pop(t);
        out.emplace_back(t, e.target);
    }
    return out;
}

// A handler that records what it ran and when, optionally stopping after a
// number of events, optionally rescheduling itself.
struct Recorder {
    Scheduler* scheduler = nullptr;
    std::vector<std::pair<Time, std::uint64_t>> ran;
    std::size_t stop_after = SIZE_MAX;
    Time reschedule_every = 0;  // 0 = never

    bool keep_running() const { return ran.size() < stop_after; }
    void handle(const Event& e) {
        ran.emplace_back(scheduler->now(), e.target);
        if (reschedule_every > 0)
            scheduler->at(scheduler->now() + reschedule_every, Event{0, e.target + 1});
    }
};

}  // namespace

TEST_CASE("events pop in order of time, ties in insertion order", "[engine]") {
    EventQueue q;
    CHECK(q.empty());
    CHECK(q.size() == 0);
    // tag = insertion index; times with several ties, pushed out of order.
    const Time times[] = {50, 10, 30, 10, 50, 0, 30, 10, 70, 0};
    for (std::uint64_t i = 0; i < std::size(times); ++i) q.push(times[i], tagged(i));
    CHECK(q.size() == std::size(times));
    CHECK(q.next_time() == 0);

    const auto popped = drain(q);
    const std::vector<std::pair<Time, std::uint64_t>> expected = {
        {0, 5}, {0, 9}, {10, 1}, {10, 3}, {10, 7}, {30, 2}, {30, 6}, {50, 0}, {50, 4}, {70, 8}};
    CHECK(popped == expected);
    CHECK(q.empty());
}

TEST_CASE("events pushed at one time pop in insertion order, whatever the heap shape", "[engine]") {
    EventQueue q;
    for (std::uint64_t i = 0; i < 1000; ++i) q.push(42, tagged(i));
    const auto popped = drain(q);
    REQUIRE(popped.size() == 1000);
    bool in_order = true;
    for (std::uint64_t i = 0; i < popped.size(); ++i)
        in_order = in_order && popped[i].first == 42 && popped[i].second == i;
    CHECK(in_order);
}

TEST_CASE("an event keeps its kind and target", "[engine]") {
    EventQueue q;
    q.push(7, Event{3, 0xdeadbeefU});
    Time t = 0;
    const Event e = q.pop(t);
    CHECK(t == 7);
    CHECK(e.kind == 3);
    CHECK(e.target == 0xdeadbeefU);
}

TEST_CASE("the queue agrees with a sorted reference over random push and pop", "[engine]") {
    // Reference: an ordered set of (time, insertion number, tag); the tag is
    // the event's target.
    using Key = std::tuple<Time, std::uint64_t, std::uint64_t>;
    std::set<Key> reference;

    EventQueue q;
    RandomStream rng(7, 0, 0, kTestPurpose);
    std::uint64_t next_tag = 0, insertion = 0;
    Time clock = 0;  // pops move it forward; pushes go at or after it (as a simulation does)
    int ops = 0, pops = 0;
    std::string first_mismatch;
    auto mismatch = [&](const std::string& what) {
        if (first_mismatch.empty()) first_mismatch = "op " + std::to_string(ops) + ": " + what;
    };

    for (ops = 0; ops < 30000; ++ops) {
        const std::uint64_t r = rng.below(100);
        if (r < 55 || reference.empty()) {
            // Small time range so that ties are frequent.
            const Time at = clock + static_cast<Time>(rng.below(20));
            const std::uint64_t tag = next_tag++;
            q.push(at, tagged(tag));
            reference.insert(Key{at, insertion++, tag});
        } else {
            ++pops;
            const Key expected = *reference.begin();
            reference.erase(reference.begin());
            if (q.next_time() != std::get<0>(expected)) mismatch("next_time differs");
            Time t = -1;
            const Event e = q.pop(t);
            if (t != std::get<0>(expected) || e.target != std::get<2>(expected))
                mismatch("popped (" + std::to_string(t) + ", " + std::to_string(e.target) +
                         "), expected (" + std::to_string(std::get<0>(expected)) + ", " +
                         std::to_string(std::get<2>(expected)) + ")");
            clock = t;
        }
        if (q.size() != reference.size()) mismatch("size differs");
        if (!first_mismatch.empty()) break;
    }
    INFO(first_mismatch);
    CHECK(first_mismatch.empty());
    CHECK(pops > 10000);

    // Whatever is left comes out in reference order.
    std::vector<std::pair<Time, std::uint64_t>> expected_rest;
    for (const auto& k : reference) expected_rest.emplace_back(std::get<0>(k), std::get<2>(k));
    CHECK(drain(q) == expected_rest);
}

TEST_CASE("run_until runs events up to and including end, and stops the clock at end", "[engine]") {
    Scheduler s;
    Recorder rec;
    rec.scheduler = &s;
    s.at(seconds(1), Event{0, 1});
    s.at(seconds(3), Event{0, 3});
    s.at(seconds(2), Event{0, 2});
    s.at(seconds(5), Event{0, 5});
    CHECK(s.now() == 0);
    CHECK(s.pending() == 4);

    CHECK(s.run_until(seconds(3), rec) == 3);  // the event at exactly `end` runs
    const std::vector<std::pair<Time, std::uint64_t>> expected = {
        {seconds(1), 1}, {seconds(2), 2}, {seconds(3), 3}};
    CHECK(rec.ran == expected);
    CHECK(s.now() == seconds(3));
    CHECK(s.pending() == 1);

    // Nothing due before 4s: the clock still moves to 4s, the later event waits.
    CHECK(s.run_until(seconds(4), rec) == 0);
    CHECK(s.now() == seconds(4));
    CHECK(s.pending() == 1);

    s.at(s.now() + seconds(2), Event{0, 6});  // at 6s
    CHECK(s.run_until(seconds(10), rec) == 2);
    CHECK(rec.ran.back() == std::make_pair(seconds(6), std::uint64_t{6}));
    CHECK(s.now() == seconds(10));  // the queue ran dry before end: the clock reaches end
    CHECK(s.pending() == 0);
}

TEST_CASE("run_until leaves the clock at the last event when the handler stops", "[engine]") {
    Scheduler s;
    Recorder rec;
    rec.scheduler = &s;
    rec.stop_after = 2;
    for (std::uint32_t i = 1; i <= 5; ++i) s.at(seconds(static_cast<std::int64_t>(i)), Event{0, i});
    CHECK(s.run_until(seconds(100), rec) == 2);
    CHECK(s.now() == seconds(2));
    CHECK(s.pending() == 3);
}

TEST_CASE("events a handler schedules during the run are run in time order", "[engine]") {
    Scheduler s;
    Recorder rec;
    rec.scheduler = &s;
    rec.reschedule_every = seconds(1);
    s.at(0, Event{0, 0});
    // Chain at 0, 1, ..., 10 s (inclusive), then one more pending at 11 s.
    CHECK(s.run_until(seconds(10), rec) == 11);
    REQUIRE(rec.ran.size() == 11);
    for (std::size_t i = 0; i < rec.ran.size(); ++i) {
        CHECK(rec.ran[i].first == seconds(static_cast<std::int64_t>(i)));
        CHECK(rec.ran[i].second == i);
    }
    CHECK(s.now() == seconds(10));
    CHECK(s.pending() == 1);
    CHECK(s.queue().next_time() == seconds(11));
}

// ---- FIFO lanes ----------------------------------------------------------

TEST_CASE("lanes pop in the heap's order over random pushes with constant offsets, random ones and ties",
          "[engine][lanes]") {
    // The same pushes into a queue without lanes and one with three: each
    // push goes to a lane chosen at random (kHeap too), at now + the lane's
    // constant offset (0, 200, 1000) or, one push in 50, that offset moved
    // by up to 100 either way: earlier than the lane's last, it goes to the
    // heap. Pops run now forward, about 100 events pending. The pop
    // sequences must be equal, time and tag.
    EventQueue plain, laned;
    const ratesim::engine::Lane lanes[] = {laned.add_lane(), laned.add_lane(), laned.add_lane()};
    const Time offsets[] = {0, 200, 1000};
    RandomStream rng(11, 0, 0, kTestPurpose);
    Time now = 0;
    std::uint64_t tag = 0, pushes = 0, to_heap = 0;
    std::vector<std::pair<Time, std::uint64_t>> from_plain, from_laned;
    auto pop_both = [&] {
        Time a = -1, b = -1;
        const Event ea = plain.pop(a), eb = laned.pop(b);
        from_plain.emplace_back(a, ea.target);
        from_laned.emplace_back(b, eb.target);
        now = a;
    };
    for (int op = 0; op < 200000; ++op) {
        if (plain.size() < 100 || rng.below(2) == 0) {
            const std::uint64_t which = rng.below(4);
            Time at = now + (which < 3 ? offsets[which] : static_cast<Time>(rng.below(1500)));
            if (which < 3 && rng.below(50) == 0) at = std::max(now, at - 100 + static_cast<Time>(rng.below(201)));
            const ratesim::engine::Lane lane = which < 3 ? lanes[which] : ratesim::engine::kHeap;
            plain.push(at, tagged(tag));
            laned.push(at, tagged(tag), lane);
            ++tag;
            ++pushes;
            if (lane == ratesim::engine::kHeap) ++to_heap;
        } else {
            pop_both();
        }
        REQUIRE(plain.size() == laned.size());
        if (!plain.empty()) REQUIRE(plain.next_time() == laned.next_time());
    }
    while (!plain.empty()) pop_both();
    CHECK(laned.empty());
    REQUIRE(from_plain.size() == pushes);
    CHECK(from_plain == from_laned);
    // Both paths were taken: most events meant for a lane went to it, and
    // some that would have broken its order went to the heap.
    CHECK(plain.heap_pushes() == pushes);
    const std::uint64_t fallbacks = laned.heap_pushes() - to_heap;
    CHECK(fallbacks > 1000);
    CHECK(fallbacks < (pushes - to_heap) / 2);
}

TEST_CASE("an event earlier than its lane's last goes to the heap and still pops first", "[engine][lanes]") {
    EventQueue q;
    const auto lane = q.add_lane();
    q.push(10, tagged(0), lane);
    q.push(10, tagged(1), lane);  // a tie keeps the lane's order
    CHECK(q.heap_pushes() == 0);
    q.push(5, tagged(2), lane);  // would break the lane's order
    CHECK(q.heap_pushes() == 1);
    CHECK(q.next_time() == 5);
    q.push(20, tagged(3), lane);
    CHECK(q.heap_pushes() == 1);
    const std::vector<std::pair<Time, std::uint64_t>> expected = {{5, 2}, {10, 0}, {10, 1}, {20, 3}};
    CHECK(drain(q) == expected);
}

TEST_CASE("events at one time pop in push order across the heap and the lanes", "[engine][lanes]") {
    EventQueue q;
    const auto a = q.add_lane(), b = q.add_lane();
    q.push(7, tagged(0));
    q.push(7, tagged(1), b);
    q.push(7, tagged(2), a);
    q.push(7, tagged(3));
    q.push(7, tagged(4), b);
    q.push(3, tagged(5), a);  // earlier than lane a's last: to the heap, and first
    CHECK(q.size() == 6);
    const std::vector<std::pair<Time, std::uint64_t>> expected = {{3, 5}, {7, 0}, {7, 1}, {7, 2}, {7, 3}, {7, 4}};
    CHECK(drain(q) == expected);
}

TEST_CASE("a lane keeps its order across the growth of its ring", "[engine][lanes]") {
    EventQueue q;
    const auto lane = q.add_lane();
    // Pops and pushes interleaved, so the ring wraps before it grows.
    std::uint64_t next = 0, expected_next = 0;
    bool in_order = true;
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 40 + round * 7; ++i) {
            q.push(static_cast<Time>(next), tagged(next), lane);
            ++next;
        }
        for (int i = 0; i < 30; ++i) {
            Time t = 0;
            const Event e = q.pop(t);
            in_order = in_order && e.target == expected_next && t == static_cast<Time>(expected_next);
            ++expected_next;
        }
    }
    while (!q.empty()) {
        Time t = 0;
        in_order = in_order && q.pop(t).target == expected_next++;
    }
    CHECK(in_order);
    CHECK(expected_next == next);
    CHECK(q.heap_pushes() == 0);
}

}  // namespace test_event_queue
