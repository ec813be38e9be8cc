#pragma once
// Putting a directory in the place of another in one step, so that the place
// is never empty and never holds a mix: on Linux, renameat2() with
// RENAME_EXCHANGE swaps the two names atomically (the old directory then
// sits under the new one's former name, to be removed). Where the system or
// the filesystem lacks the call (other systems, NFS, some FUSE filesystems),
// exchange_directories() says so, and StagedDirectory falls back to leaving
// the old directory in place (see its header).
#include <filesystem>

namespace ratesim::output {

// Swaps the names `a` and `b`, both existing directories; 0, or the errno.
int exchange_directories(const std::filesystem::path& a, const std::filesystem::path& b);
// Whether an errno from exchange_directories() means "not available here".
bool exchange_unsupported(int error);
// Renames `from` to `to`, which must not exist (RENAME_NOREPLACE where
// available, else rename(), which replaces only an empty directory); 0, or
// the errno.
int rename_to_new_name(const std::filesystem::path& from, const std::filesystem::path& to);

// Tests only: exchange_directories() calls `fake` instead (null: the real
// call), to act out a filesystem without the exchange or one that fails.
void fake_exchange_for_tests(int (*fake)(const std::filesystem::path&, const std::filesystem::path&));

}  // namespace ratesim::output
