#pragma once
// What each of the models' random streams is for: the purpose part of a
// stream's key. The values are part of every seeded run's numbers; changing
// one changes every output that draws from that stream.
#include <cstdint>

#include "sim/engine/random.hpp"

namespace ratesim::models {

enum class Purpose : std::uint32_t {
    arrivals = 1,         // a group's arrival process
    sizes = 2,            // an item's request sizes
    latency = 3,          // an item's round trip, time to first token, output speed
    overload = 4,         // an item's 529 draws during incidents
    jitter = 5,           // an item's retry and pacing jitter
    incidents = 6,        // the random incidents' onsets and lengths
    message_batches = 7,  // a Message Batch's turnaround
    midstream = 8,        // an item's draws of whether an admitted stream breaks off mid-way
    routing = 9,          // an item's draw of the model its group's route sends it to
    errors = 10,          // an item's draws of random error answers (500, 504, 408, 409)
};

inline engine::RandomStream random_stream(std::uint64_t seed, std::uint64_t replication,
                                          std::uint64_t entity, Purpose purpose) {
    return {seed, replication, entity, static_cast<std::uint32_t>(purpose)};
}

}  // namespace ratesim::models
