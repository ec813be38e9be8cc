#pragma once
// The parts `ratesim merge` is given, checked before anything is merged:
// each complete (not still being written), all of one run (the same
// fingerprint but for the shard index), and every shard there exactly once.
#include <filesystem>
#include <vector>

#include "sim/output/part_fingerprint.hpp"

namespace ratesim::output {

struct Part {
    std::filesystem::path dir;
    PartFingerprint fingerprint;
};

// `given`: part directories, or directories holding them (part-0, part-1,
// ... as `--shard auto` names them). Returns the parts by shard index.
// Throws ResultFileError naming the part and what differs, is missing, is
// duplicated or is still being written.
std::vector<Part> read_part_set(const std::vector<std::filesystem::path>& given);

}  // namespace ratesim::output
