#pragma once
// fingerprint.json, in a shard's partial result: what the shard ran (the
// scenario text and overrides, the scenario they resolve to, the seed), as
// which shard of how many, with which ratesim. `ratesim merge` rebuilds the
// scenario from it and refuses parts whose fingerprints differ.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ratesim::output {

inline constexpr const char* kPartFingerprintFile = "fingerprint.json";

struct PartFingerprint {
    std::string version;  // ratesim's version and commit
    std::string commit;
    std::string scenario_file;      // as the shard was given it, for messages and summary.json
    std::string scenario_dir;       // absolute: where the scenario's relative paths resolve
    std::string scenario_text;      // the YAML as read
    std::vector<std::string> sets;  // every override (--set, --seed, --sweep ...), in order
    std::string resolved;           // the scenario after the overrides (summary.json's form)
    std::int64_t seed = 0;
    int shard = 0, shards = 1;
    std::size_t runs = 0;          // of the whole experiment
    std::size_t runs_in_part = 0;  // of this shard
    // `plan --shard`: the plan's options; none for `run --shard`.
    struct Plan {
        std::vector<std::string> targets;  // --target, in order
        std::string search, tiers;         // --search, --tiers as given
        std::string candidates_set;  // the override in `sets` that makes the candidates a sweep
        bool operator==(const Plan&) const = default;
    };
    std::optional<Plan> plan;
};

void write_part_fingerprint(const std::filesystem::path& file, const PartFingerprint& fingerprint);
// Throws ResultFileError naming the file when it is missing or not one
// that write_part_fingerprint wrote.
PartFingerprint read_part_fingerprint(const std::filesystem::path& file);

}  // namespace ratesim::output
