#pragma once
// Where a command's memory budget comes from: --max-memory, or a default
// read from the machine (sim/run/memory_budget.hpp checks scenarios against it).
#include <string>

#include "sim/run/memory_budget.hpp"

namespace ratesim::cli {

// Half of the machine's memory, or of the cgroup's limit (v2 memory.max,
// v1 memory.limit_in_bytes) or the address-space limit (RLIMIT_AS, ulimit -v)
// when one is lower.
run::MemoryBudget default_memory_budget();
// `--max-memory VALUE` (bytes; 512M, 2G, 1.5GiB allowed), or the default when
// empty. A value that is not a size is an InputError naming the option.
run::MemoryBudget memory_budget(const std::string& option);

}  // namespace ratesim::cli
