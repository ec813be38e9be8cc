#pragma once
// Reading an input file (a scenario, a trace, an empirical CSV) whole, with
// bounds: only a regular file is read (or standard input, for a scenario
// given as `-`); a directory, a FIFO or a device is refused from its
// `stat()`, before it is opened, so a FIFO with no writer never blocks and
// /dev/zero is never read. Each kind has a size limit, raised by an
// environment variable (docs/scenarios.md, "Input files and their limits").
#include <cstdint>
#include <functional>
#include <string>

namespace ratesim::scenario {

enum class InputKind { scenario, trace, empirical, rate_limits };

struct InputLimit {
    const char* what;        // "scenario file"
    const char* variable;    // "RATESIM_MAX_SCENARIO_BYTES"
    std::uint64_t default_bytes;
    const char* noun;        // before the path in messages: "scenario file " or ""
};

const InputLimit& input_limit(InputKind kind);
// The limit in force: the environment variable's value (bytes; 450k, 2M and
// 1G are allowed too), or the default. A value that is not a count > 0 is an
// InputError naming the variable.
std::uint64_t input_limit_bytes(InputKind kind);

// Called with what is wrong and what is allowed; must throw.
using InputFileFailure = std::function<void(const std::string& problem, const std::string& allowed)>;

// The file's bytes, or `fail` with "'PATH' is a FIFO ..." and the like.
std::string read_input_file(const std::string& path, InputKind kind, const InputFileFailure& fail);
// All of standard input, bounded by the same limit.
std::string read_standard_input(InputKind kind, const InputFileFailure& fail);

// "1.5 MiB", "16 MiB", "812 bytes": for messages.
std::string byte_size_text(std::uint64_t bytes);

}  // namespace ratesim::scenario
