#pragma once
// Which runs of an experiment one process makes when a sweep is split
// across machines (`ratesim run --shard I/N`): run j (in run order) belongs
// to shard j mod N. `--shard auto` takes I and N from the launcher that
// started the process (a Slurm array, Open MPI, MPICH/Hydra, a Kubernetes
// Indexed Job); the environment is passed in, so this reads no process state.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace ratesim::run {

struct Shard {
    int index = 0;  // 0 <= index < count
    int count = 1;
    bool owns(std::size_t run) const {
        return static_cast<int>(run % static_cast<std::size_t>(count)) == index;
    }
};

// An environment variable's value, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The environment variables `--shard auto` reads, as a sentence for messages.
std::string launcher_variables();

// The shard of `--shard TEXT`: "I/N", or "auto" (read from `env`; `shards`,
// from --shards N, gives the count where the launcher does not, as a
// Kubernetes Indexed Job). Returns the problem instead when there is one:
// `problem` is set and the Shard is meaningless.
struct ShardChoice {
    Shard shard;
    std::string problem;  // empty: shard is valid
    std::string source;   // where I and N came from, e.g. "Open MPI (OMPI_COMM_WORLD_RANK=1, ...)"
};
ShardChoice choose_shard(const std::string& text, std::optional<int> shards, const EnvLookup& env);

}  // namespace ratesim::run
