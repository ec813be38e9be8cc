#pragma once
// The rejection rule of client-side adaptive throttling (Google SRE book),
// kept apart from the pacing part so that tests can check the probability.
#include <algorithm>

#include "models/strategy/windowed_sum.hpp"
#include "sim/random.hpp"

namespace ratesim::models {

class AdaptiveThrottler {
public:
    AdaptiveThrottler(double k, sim::Time window, sim::Time bucket)
        : k_(k), requests_(window, buckets(window, bucket)), accepts_(window, buckets(window, bucket)) {}

    // max(0, (requests - K * accepts) / (requests + 1)) over the window.
    double reject_probability(sim::Time now);
    // Draws whether to reject an attempt now; a rejection counts as a request.
    bool reject(sim::Time now, sim::RandomStream& rng);
    void count_request(sim::Time now) { requests_.add(now, 1); }
    void count_accept(sim::Time now) { accepts_.add(now, 1); }

private:
    static int buckets(sim::Time window, sim::Time bucket) {
        return static_cast<int>(std::clamp<sim::Time>(window / std::max<sim::Time>(bucket, 1), 1, 10000));
    }
    double k_;
    WindowedSum requests_, accepts_;
};

}  // namespace ratesim::models
