#pragma once
// The names of staging directories, and the removal of those a killed
// ratesim left behind. A staging directory sits beside its target as
// `.<target>.tmp-<host>-<pid>-<n>`: the host name keeps two machines that
// share a filesystem apart, the process id says whose it is. One whose
// process is gone on this host (SIGKILL, a second Ctrl-C, a crash) is stale.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace ratesim::output {

// What a staging name adds to its target's name at most: the dots,
// ".tmp-", a host name of up to 64 bytes, a pid and the attempt number.
constexpr std::size_t kMaxStagingExtraBytes = 1 + 5 + 64 + 1 + 10 + 1 + 3;
// The longest target name whose staging name fits in 255 bytes (NAME_MAX).
constexpr std::size_t kMaxOutputNameBytes = 255 - kMaxStagingExtraBytes;

// This host's name as staging names carry it: at most 64 bytes, letters,
// digits, '.', '_' and '-' (anything else becomes '_').
std::string staging_host_name();

// The staging name of this process's `attempt`th try for `target_name`.
std::string staging_name(const std::string& target_name, int attempt);

// Removes every staging directory in `parent` (for any target) left by a
// process of this host that is gone; returns their paths. Only a directory
// that holds the result marker, or nothing, is removed.
std::vector<std::filesystem::path> remove_stale_staging(const std::filesystem::path& parent,
                                                        const char* marker);

}  // namespace ratesim::output
