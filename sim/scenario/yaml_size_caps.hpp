#pragma once
// Caps on the size of a YAML document, checked on the parser's events before
// any node is built, so that loading a scenario holds memory in proportion
// to what a scenario needs and never to what a file can hold: a built node
// costs about 1 KiB (measured: a million one-digit values, a 2 MB file, took
// 1 GB), so a 46 MB file of a million incidents took 7 GB as a tree. Each list and map holds at most a capped number
// of entries (fewer for the lists a scenario names: clients, compare.
// strategies, api.pools, api.capacity.incidents), and the document at most
// kMaxYamlNodes nodes. Past a cap: where the entry past it starts, and a
// message naming the key's path and the cap (docs/scenarios.md, "Input
// files and their limits"); load_one_document throws it as YamlSizeError.
#include <cstddef>
#include <optional>
#include <string>

namespace ratesim::scenario {

inline constexpr std::size_t kMaxYamlEntries = 10'000;    // in any one list or map
inline constexpr std::size_t kMaxYamlNodes = 200'000;     // in one document: about 1 KiB each, built
inline constexpr std::size_t kMaxClientGroups = 1'000;    // clients
inline constexpr std::size_t kMaxVariants = 1'000;        // compare.strategies
inline constexpr std::size_t kMaxPools = 1'000;           // api.pools
inline constexpr std::size_t kMaxScheduledIncidents = 10'000;  // api.capacity.incidents

struct YamlSizeProblem {
    int line = 0, column = 0;  // 0-based, as YAML::Mark
    std::string message;       // "api.capacity.incidents: the list has more than ...; allowed: ..."
};

// Parses the first document of `text` as events only: the first cap it
// passes, or nothing. Syntax errors are left to the loader. `max_nodes` is
// the document's cap (smaller in tests, so they stay fast).
std::optional<YamlSizeProblem> yaml_size_problem(const std::string& text,
                                                 std::size_t max_nodes = kMaxYamlNodes);

}  // namespace ratesim::scenario
