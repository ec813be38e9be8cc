// The memory budget of a command: --max-memory, or half of the machine's
// memory or of a lower limit in force (the cgroup's, ulimit -v).
#include "sim/cli/memory_budget_option.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "sim/scenario/input_error.hpp"
#include "sim/scenario/input_file.hpp"

namespace ratesim::cli {

namespace {

std::string gib(double bytes) { return scenario::byte_size_text(static_cast<std::uint64_t>(std::max(0.0, bytes))); }

std::uint64_t read_number(const std::string& path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") return 0;
    try {
        return std::stoull(text);
    } catch (const std::exception&) {
        return 0;
    }
}

// The memory limit of this process's cgroup, 0 when none is set.
std::uint64_t cgroup_limit() {
    std::ifstream in("/proc/self/cgroup");
    std::uint64_t limit = 0;
    for (std::string line; std::getline(in, line);) {
        const auto first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1), path = line.substr(second + 1);
        std::uint64_t found = 0;
        if (controllers.empty()) found = read_number("/sys/fs/cgroup" + path + "/memory.max");  // v2
        else if (controllers.find("memory") != std::string::npos)
            found = read_number("/sys/fs/cgroup/memory" + path + "/memory.limit_in_bytes");  // v1
        // v1 says "no limit" with a huge number.
        if (found > 0 && found < (std::uint64_t{1} << 60)) limit = limit == 0 ? found : std::min(limit, found);
    }
    return limit;
}

}  // namespace

run::MemoryBudget default_memory_budget() {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    std::uint64_t machine = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                                                  : std::uint64_t{8} << 30;
    const std::uint64_t cgroup = cgroup_limit();
    struct rlimit as {};
    const std::uint64_t address_space =
        getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY ? static_cast<std::uint64_t>(as.rlim_cur) : 0;
    if (address_space > 0 && address_space < machine && (cgroup == 0 || address_space < cgroup))
        return {address_space / 2, fmt::format("half of the address-space limit (ulimit -v) of {}",
                                               gib(static_cast<double>(address_space)))};
    if (cgroup > 0 && cgroup < machine)
        return {cgroup / 2, fmt::format("half of the cgroup's memory limit of {}", gib(static_cast<double>(cgroup)))};
    return {machine / 2, fmt::format("half of the machine's {}", gib(static_cast<double>(machine)))};
}

run::MemoryBudget memory_budget(const std::string& option) {
    if (option.empty()) return default_memory_budget();
    // A number, then optionally k, M, G, T (powers of 1000) or KiB, MiB, GiB, TiB.
    std::size_t used = 0;
    double value = -1;
    try {
        value = std::stod(option, &used);
    } catch (const std::exception&) {
    }
    const std::string unit = option.substr(std::min(used, option.size()));
    const std::pair<const char*, double> units[] = {{"", 1},       {"k", 1e3},     {"K", 1e3},      {"M", 1e6},
                                                    {"G", 1e9},    {"T", 1e12},    {"KiB", 1024.0}, {"MiB", 1048576.0},
                                                    {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};
    double factor = 0;
    for (const auto& [name, f] : units)
        if (unit == name) factor = f;
    value *= factor;
    if (used == 0 || factor == 0 || !(value >= 1) || value > 1e18)
        throw scenario::InputError(fmt::format(
            "--max-memory {}: error: not a size in bytes; allowed: a number of bytes > 0 (e.g. 512M, 4G)",
            option.substr(0, 80)));
    return {static_cast<std::uint64_t>(value), "--max-memory " + option.substr(0, 80)};
}

}  // namespace ratesim::cli
