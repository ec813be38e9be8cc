#include "sim/run/ordered_jobs.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <set>
#include <mutex>
#include <thread>
#include <vector>

namespace ratesim::run {

int resolve_threads(int requested) {
    if (requested > 0) return requested;
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

int run_ordered(const OrderedJobs& jobs) {
    const int threads = std::max(1, std::min(jobs.threads, jobs.count));
    const int window = 2 * threads;
    std::mutex mutex;
    std::condition_variable changed;
    int next = 0;       // the next job to start
    int delivered = 0;  // jobs handed to `deliver`
    bool delivering = false;
    bool failed = false;
    std::exception_ptr error;
    std::set<int> finished;  // waiting for an earlier job

    auto stopped = [&] { return failed || (jobs.stop != nullptr && jobs.stop->load()); };
    auto worker = [&] {
        std::unique_lock lock(mutex);
        while (true) {
            changed.wait(lock, [&] { return stopped() || next >= jobs.count || next < delivered + window; });
            if (stopped() || next >= jobs.count) break;
            const int job = next++;
            lock.unlock();
            try {
                jobs.run(job);
            } catch (...) {
                lock.lock();
                if (!failed) error = std::current_exception();
                failed = true;
                changed.notify_all();
                break;
            }
            lock.lock();
            finished.insert(job);
            // One thread delivers at a time, in order, outside the lock.
            while (!delivering && !failed && !finished.empty() && *finished.begin() == delivered) {
                delivering = true;
                finished.erase(finished.begin());
                lock.unlock();
                try {
                    jobs.deliver(delivered);
                } catch (...) {
                    lock.lock();
                    if (!failed) error = std::current_exception();
                    failed = true;
                    delivering = false;
                    break;
                }
                lock.lock();
                delivering = false;
                ++delivered;
            }
            changed.notify_all();
        }
        changed.notify_all();
    };

    if (threads == 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        pool.reserve(static_cast<std::size_t>(threads));
        for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
        for (auto& t : pool) t.join();
    }
    if (error) std::rethrow_exception(error);
    return delivered;
}

}  // namespace ratesim::run
