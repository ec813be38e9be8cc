#pragma once
// The rejection rule of client-side adaptive throttling (Google SRE book),
// kept apart from the pacing part so that tests can check the probability.
#include <algorithm>

#include "models/strategy/windowed_sum.hpp"
#include "sim/engine/random.hpp"

namespace ratesim::models {

class AdaptiveThrottler {
public:
    AdaptiveThrottler(double k, engine::Time window, engine::Time bucket)
        : k_(k), requests_(window, buckets(window, bucket)), accepts_(window, buckets(window, bucket)) {}

    // max(0, (requests - K * accepts) / (requests + 1)) over the window.
    double reject_probability(engine::Time now);
    // Draws whether to reject an attempt now; a rejection counts as a request.
    bool reject(engine::Time now, engine::RandomStream& rng);
    void count_request(engine::Time now) { requests_.add(now, 1); }
    void count_accept(engine::Time now) { accepts_.add(now, 1); }

private:
    static int buckets(engine::Time window, engine::Time bucket) {
        return static_cast<int>(std::clamp<engine::Time>(window / std::max<engine::Time>(bucket, 1), 1, 10000));
    }
    double k_;
    WindowedSum requests_, accepts_;
};

}  // namespace ratesim::models
