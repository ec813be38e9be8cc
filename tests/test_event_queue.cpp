// The event engine: EventQueue ordering, cancellation and slot reuse, and the
// Scheduler's run loop.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "sim/engine/event_queue.hpp"
#include "sim/engine/random.hpp"
#include "sim/engine/scheduler.hpp"

using ratesim::engine::Event;
using ratesim::engine::EventHandle;
using ratesim::engine::EventQueue;
using ratesim::engine::Purpose;
using ratesim::engine::RandomStream;
using ratesim::engine::Scheduler;
using ratesim::engine::Time;
using ratesim::engine::seconds;

namespace {

Event tagged(std::uint64_t tag) { return Event{1, 2, tag}; }

// Pops everything, returning (time, data) pairs in pop order.
std::vector<std::pair<Time, std::uint64_t>> drain(EventQueue& q) {
    std::vector<std::pair<Time, std::uint64_t>> out;
    while (!q.empty()) {
        Time t = -1;
        const Event e = q.pop(t);
        out.emplace_back(t, e.data);
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
        ran.emplace_back(scheduler->now(), e.data);
        if (reschedule_every > 0) scheduler->after(reschedule_every, Event{0, 0, e.data + 1});
    }
};

}  // namespace

TEST_CASE("events pop in order of time, ties in insertion order", "[engine]") {
    EventQueue q;
    CHECK(q.empty());
    CHECK(q.size() == 0);
    // data = insertion index; times with several ties, pushed out of order.
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

TEST_CASE("an event keeps its kind, target and datum", "[engine]") {
    EventQueue q;
    q.push(7, Event{3, 99, 0xdeadbeefcafeULL});
    Time t = 0;
    const Event e = q.pop(t);
    CHECK(t == 7);
    CHECK(e.kind == 3);
    CHECK(e.target == 99);
    CHECK(e.data == 0xdeadbeefcafeULL);
}

TEST_CASE("an event cancelled before it fires never runs", "[engine]") {
    EventQueue q;
    const EventHandle a = q.push(10, tagged(0));
    const EventHandle b = q.push(20, tagged(1));
    const EventHandle c = q.push(30, tagged(2));
    (void)a;
    (void)c;
    CHECK(q.cancel(b));
    CHECK(q.size() == 2);
    const auto popped = drain(q);
    const std::vector<std::pair<Time, std::uint64_t>> expected = {{10, 0}, {30, 2}};
    CHECK(popped == expected);
}

TEST_CASE("cancelling the earliest, the latest or a middle event keeps the order", "[engine]") {
    EventQueue q;
    std::vector<EventHandle> h;
    for (std::uint64_t i = 0; i < 9; ++i) h.push_back(q.push(static_cast<Time>(i) * 10, tagged(i)));
    CHECK(q.cancel(h[0]));  // the root of the heap
    CHECK(q.next_time() == 10);
    CHECK(q.cancel(h[8]));  // the latest
    CHECK(q.cancel(h[4]));  // one in the middle
    const auto popped = drain(q);
    const std::vector<std::pair<Time, std::uint64_t>> expected = {
        {10, 1}, {20, 2}, {30, 3}, {50, 5}, {60, 6}, {70, 7}};
    CHECK(popped == expected);
}

TEST_CASE("cancelling twice, or after the event fired, returns false", "[engine]") {
    EventQueue q;
    const EventHandle a = q.push(10, tagged(0));
    const EventHandle b = q.push(20, tagged(1));
    CHECK(q.cancel(b));
    CHECK_FALSE(q.cancel(b));  // twice
    Time t = 0;
    q.pop(t);
    CHECK(t == 10);
    CHECK_FALSE(q.cancel(a));  // already fired
    CHECK(q.empty());
    CHECK_FALSE(q.cancel(EventHandle{}));  // a default handle names nothing
}

TEST_CASE("a stale handle cannot cancel the event that reused its slot", "[engine]") {
    SECTION("slot freed by firing") {
        EventQueue q;
        const EventHandle old = q.push(10, tagged(0));
        Time t = 0;
        q.pop(t);
        const EventHandle fresh = q.push(20, tagged(1));
        REQUIRE(fresh.slot == old.slot);  // the slot is reused...
        CHECK(fresh.generation != old.generation);
        CHECK_FALSE(q.cancel(old));  // ...but the old handle does not reach the new event
        CHECK(q.size() == 1);
        q.pop(t);
        CHECK(t == 20);
    }
    SECTION("slot freed by cancellation") {
        EventQueue q;
        const EventHandle old = q.push(10, tagged(0));
        REQUIRE(q.cancel(old));
        const EventHandle fresh = q.push(20, tagged(1));
        REQUIRE(fresh.slot == old.slot);
        CHECK_FALSE(q.cancel(old));
        CHECK(q.size() == 1);
        CHECK(q.cancel(fresh));
        CHECK(q.empty());
    }
    SECTION("slot freed by clear()") {
        // The header promises that stale handles are harmless; a handle taken
        // before clear() is stale afterwards.
        EventQueue q;
        const EventHandle old = q.push(10, tagged(0));
        q.clear();
        CHECK(q.empty());
        q.push(20, tagged(1));
        CHECK_FALSE(q.cancel(old));
        CHECK(q.size() == 1);
    }
}

TEST_CASE("the queue agrees with a sorted reference over random push, pop and cancel", "[engine]") {
    // Reference: an ordered set of (time, insertion number, tag); the tag is
    // the event's datum and the key of its handle.
    using Key = std::tuple<Time, std::uint64_t, std::uint64_t>;
    std::set<Key> reference;
    // Live events in a vector (for uniform random choice) plus tag -> index.
    struct Live {
        EventHandle handle;
        Key key;
    };
    std::vector<Live> live;
    std::unordered_map<std::uint64_t, std::size_t> index_of;
    auto remove_live = [&](std::size_t i) {
        index_of.erase(std::get<2>(live[i].key));
        if (i + 1 != live.size()) {
            live[i] = live.back();
            index_of[std::get<2>(live[i].key)] = i;
        }
        live.pop_back();
    };
    std::vector<EventHandle> dead;  // handles of events that fired or were cancelled

    EventQueue q;
    RandomStream rng(7, 0, 0, Purpose::test);
    std::uint64_t next_tag = 0, insertion = 0;
    Time clock = 0;  // pops move it forward; pushes go at or after it (as a simulation does)
    int ops = 0, pops = 0, cancels = 0, stale_attempts = 0;
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
            const Key key{at, insertion++, tag};
            const EventHandle h = q.push(at, tagged(tag));
            reference.insert(key);
            index_of[tag] = live.size();
            live.push_back({h, key});
        } else if (r < 80) {  // pops 25%
            ++pops;
            const Key expected = *reference.begin();
            reference.erase(reference.begin());
            if (q.next_time() != std::get<0>(expected)) mismatch("next_time differs");
            Time t = -1;
            const Event e = q.pop(t);
            if (t != std::get<0>(expected) || e.data != std::get<2>(expected))
                mismatch("popped (" + std::to_string(t) + ", " + std::to_string(e.data) +
                         "), expected (" + std::to_string(std::get<0>(expected)) + ", " +
                         std::to_string(std::get<2>(expected)) + ")");
            clock = t;
            auto it = index_of.find(e.data);
            if (it == index_of.end()) {
                mismatch("popped an event that is not live");
            } else {
                dead.push_back(live[it->second].handle);
                remove_live(it->second);
            }
        } else if (r < 92) {  // cancels 12%
            ++cancels;
            // Cancel a live event chosen uniformly at random.
            const std::size_t i = static_cast<std::size_t>(rng.below(live.size()));
            const Live victim = live[i];
            if (!q.cancel(victim.handle)) mismatch("cancel of a live event returned false");
            reference.erase(victim.key);
            dead.push_back(victim.handle);
            remove_live(i);
        } else if (!dead.empty()) {
            ++stale_attempts;
            const EventHandle h = dead[rng.below(dead.size())];
            if (q.cancel(h)) mismatch("a stale handle cancelled something");
        }
        if (q.size() != reference.size()) mismatch("size differs");
        if (!first_mismatch.empty()) break;
    }
    INFO(first_mismatch);
    CHECK(first_mismatch.empty());
    CHECK(pops > 5000);
    CHECK(cancels > 2000);
    CHECK(stale_attempts > 500);

    // Whatever is left comes out in reference order.
    std::vector<std::pair<Time, std::uint64_t>> expected_rest;
    for (const auto& k : reference) expected_rest.emplace_back(std::get<0>(k), std::get<2>(k));
    CHECK(drain(q) == expected_rest);
}

TEST_CASE("a warmed-up queue reuses its slots instead of growing", "[engine]") {
    // Observable: handles name slots; with at most K events pending, no slot
    // index reaches K and the size never exceeds K.
    constexpr std::size_t K = 64;
    EventQueue q;
    RandomStream rng(3, 0, 0, Purpose::test);
    Time clock = 0;
    for (std::size_t i = 0; i < K; ++i) q.push(static_cast<Time>(rng.below(1000)), tagged(i));

    std::uint32_t max_slot = 0;
    std::size_t max_size = 0;
    int failed_cancels = 0;
    for (int i = 0; i < 100000; ++i) {
        Time t = 0;
        q.pop(t);
        clock = t;
        const EventHandle h = q.push(clock + static_cast<Time>(rng.below(1000)), tagged(0));
        max_slot = std::max(max_slot, h.slot);
        max_size = std::max(max_size, q.size());
        // Now and then cancel one and push a replacement, to recycle through cancel too.
        if (i % 7 == 0) {
            failed_cancels += !q.cancel(h);
            const EventHandle h2 = q.push(clock + 5, tagged(1));
            max_slot = std::max(max_slot, h2.slot);
        }
    }
    CHECK(failed_cancels == 0);
    CHECK(max_slot < K);
    CHECK(max_size <= K);
    CHECK(q.size() == K);
}

TEST_CASE("run_until runs events up to and including end, and stops the clock at end", "[engine]") {
    Scheduler s;
    Recorder rec;
    rec.scheduler = &s;
    s.at(seconds(1), Event{0, 0, 1});
    s.at(seconds(3), Event{0, 0, 3});
    s.at(seconds(2), Event{0, 0, 2});
    s.at(seconds(5), Event{0, 0, 5});
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

    // after() counts from now().
    s.after(seconds(2), Event{0, 0, 6});  // at 6s
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
    for (std::uint64_t i = 1; i <= 5; ++i) s.at(seconds(static_cast<std::int64_t>(i)), Event{0, 0, i});
    CHECK(s.run_until(seconds(100), rec) == 2);
    CHECK(s.now() == seconds(2));
    CHECK(s.pending() == 3);
}

TEST_CASE("events a handler schedules during the run are run in time order", "[engine]") {
    Scheduler s;
    Recorder rec;
    rec.scheduler = &s;
    rec.reschedule_every = seconds(1);
    s.at(0, Event{0, 0, 0});
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

TEST_CASE("a Scheduler cancels through its handles", "[engine]") {
    Scheduler s;
    Recorder rec;
    rec.scheduler = &s;
    s.at(seconds(1), Event{0, 0, 1});
    const EventHandle h = s.at(seconds(2), Event{0, 0, 2});
    s.at(seconds(3), Event{0, 0, 3});
    CHECK(s.cancel(h));
    CHECK_FALSE(s.cancel(h));
    CHECK(s.run_until(seconds(5), rec) == 2);
    const std::vector<std::pair<Time, std::uint64_t>> expected = {{seconds(1), 1}, {seconds(3), 3}};
    CHECK(rec.ran == expected);
}
