#pragma once
// Runs numbered jobs on a pool of threads and hands their results over in
// job order, so what is written does not depend on the thread count. A job
// may start only while fewer than `window` finished jobs wait for an earlier
// one, which bounds the memory held by results in flight.
#include <atomic>
#include <functional>

namespace ratesim::run {

struct OrderedJobs {
    int count = 0;
    int threads = 1;
    // Runs job i on some thread, leaving its result where `deliver` finds it.
    std::function<void(int)> run;
    // Called for job 0, 1, 2, ... in order, one at a time, each after its job ran.
    std::function<void(int)> deliver;
    // When set, no further job starts; running ones finish or stop themselves.
    const std::atomic<bool>* stop = nullptr;
};

// Returns the number of jobs delivered (all of them unless stopped). The
// first exception a job or `deliver` throws stops the rest and is rethrown.
int run_ordered(const OrderedJobs& jobs);

// The number of threads to use when the user asks for `requested` (0: all cores).
int resolve_threads(int requested);

}  // namespace ratesim::run
