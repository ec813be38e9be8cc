#include "sim/scenario/input_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sim/scenario/input_error.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

const char* kind_of(std::filesystem::file_type type) {
    using T = std::filesystem::file_type;
    switch (type) {
        case T::directory: return "a directory";
        case T::fifo: return "a FIFO (named pipe)";
        case T::character: return "a character device";
        case T::block: return "a block device";
        case T::socket: return "a socket";
        default: return "not a regular file";
    }
}

std::string too_large(const InputLimit& limit, std::uint64_t bytes, std::uint64_t max) {
    return fmt::format("the {} is {} long, past the limit of {}", limit.what,
                       bytes > max ? byte_size_text(bytes) : "more than " + byte_size_text(max),
                       byte_size_text(max));
}

std::string raise_hint(const InputLimit& limit, std::uint64_t max) {
    return fmt::format("a {} of at most {} (raise it with the environment variable {}=BYTES)",
                       limit.what, byte_size_text(max), limit.variable);
}

// Reads at most max + 1 bytes: one more says the limit was passed.
std::string read_bounded(std::istream& in, std::uint64_t max) {
    std::string text;
    char buffer[1 << 16];
    while (text.size() <= max) {
        const auto want = static_cast<std::streamsize>(
            std::min<std::uint64_t>(sizeof buffer, max + 1 - text.size()));
        in.read(buffer, want);
        const std::streamsize got = in.gcount();
        if (got <= 0) break;
        text.append(buffer, static_cast<std::size_t>(got));
    }
    return text;
}

}  // namespace

const InputLimit& input_limit(InputKind kind) {
    static const InputLimit scenario{"scenario file", "RATESIM_MAX_SCENARIO_BYTES", 16 * kMiB, "scenario file "};
    static const InputLimit trace{"trace file", "RATESIM_MAX_TRACE_BYTES", 1024 * kMiB, ""};
    static const InputLimit empirical{"empirical CSV file", "RATESIM_MAX_EMPIRICAL_BYTES", 256 * kMiB, ""};
    static const InputLimit rate_limits{"Rate Limits API response", "RATESIM_MAX_RATE_LIMITS_BYTES",
                                        16 * kMiB, ""};
    switch (kind) {
        case InputKind::scenario: return scenario;
        case InputKind::trace: return trace;
        case InputKind::empirical: return empirical;
        case InputKind::rate_limits: return rate_limits;
    }
    return scenario;
}

std::uint64_t input_limit_bytes(InputKind kind) {
    const InputLimit& limit = input_limit(kind);
    const char* value = std::getenv(limit.variable);
    if (value == nullptr || *value == '\0') return limit.default_bytes;
    const auto parsed = parse_count(value);
    if (!parsed || *parsed.value < 1 || *parsed.value > 1e18 ||
        *parsed.value != std::floor(*parsed.value))
        throw InputError(fmt::format("{}={}: error: not a size in bytes; allowed: a whole number "
                                     "of bytes > 0 (e.g. 64M, 2G)",
                                     limit.variable, std::string(value).substr(0, 80)));
    return static_cast<std::uint64_t>(*parsed.value);
}

std::string read_input_file(const std::string& path, InputKind kind, const InputFileFailure& fail) {
    const InputLimit& limit = input_limit(kind);
    const std::uint64_t max = input_limit_bytes(kind);
    const std::string allowed = fmt::format("a readable regular {}", limit.what);
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);  // stat(): opens nothing
    if (ec) {
        fail(fmt::format("cannot open {}'{}': {}", limit.noun, path, ec.message()), allowed);
        throw InputError("unreachable");
    }
    if (status.type() != std::filesystem::file_type::regular) {
        fail(fmt::format("cannot read {}'{}': it is {}, not a regular file", limit.noun, path,
                         kind_of(status.type())),
             allowed);
        throw InputError("unreachable");
    }
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > max) {
        fail(fmt::format("{}'{}': {}", limit.noun, path, too_large(limit, size, max)),
             raise_hint(limit, max));
        throw InputError("unreachable");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fail(fmt::format("cannot open {}'{}': {}", limit.noun, path, std::strerror(errno)), allowed);
        throw InputError("unreachable");
    }
    std::string text = read_bounded(in, max);
    if (in.bad()) {
        fail(fmt::format("error while reading {}'{}'", limit.noun, path), allowed);
        throw InputError("unreachable");
    }
    if (text.size() > max) {  // it grew while being read
        fail(fmt::format("{}'{}': {}", limit.noun, path, too_large(limit, text.size(), max)),
             raise_hint(limit, max));
        throw InputError("unreachable");
    }
    return text;
}

std::string read_standard_input(InputKind kind, const InputFileFailure& fail) {
    const InputLimit& limit = input_limit(kind);
    const std::uint64_t max = input_limit_bytes(kind);
    std::string text = read_bounded(std::cin, max);
    if (std::cin.bad()) {
        fail("error while reading standard input", "a readable " + std::string(limit.what));
        throw InputError("unreachable");
    }
    if (text.size() > max) {
        fail(fmt::format("standard input: {}", too_large(limit, text.size(), max)),
             raise_hint(limit, max));
        throw InputError("unreachable");
    }
    return text;
}

std::string byte_size_text(std::uint64_t bytes) {
    if (bytes < 1024) return fmt::format("{} bytes", bytes);
    if (bytes < kMiB) return fmt::format("{:.4g} KiB", static_cast<double>(bytes) / 1024);
    if (bytes < 1024 * kMiB) return fmt::format("{:.4g} MiB", static_cast<double>(bytes) / kMiB);
    return fmt::format("{:.4g} GiB", static_cast<double>(bytes) / (1024.0 * kMiB));
}

}  // namespace ratesim::scenario
