#include "sim/output/directory_swap.hpp"

#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include <cerrno>
#include <cstdio>

namespace ratesim::output {

namespace {

int (*fake_exchange)(const std::filesystem::path&, const std::filesystem::path&) = nullptr;

#if defined(__linux__) && defined(SYS_renameat2)
constexpr unsigned kNoReplace = 1U << 0;  // RENAME_NOREPLACE, linux/fs.h
constexpr unsigned kExchange = 1U << 1;   // RENAME_EXCHANGE

int renameat2_call(const std::filesystem::path& from, const std::filesystem::path& to, unsigned flags) {
    // The system call itself: glibc before 2.28 has no wrapper.
    if (syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0) return 0;
    return errno;
}
#endif

}  // namespace

int exchange_directories(const std::filesystem::path& a, const std::filesystem::path& b) {
    if (fake_exchange != nullptr) return fake_exchange(a, b);
#if defined(__linux__) && defined(SYS_renameat2)
    return renameat2_call(a, b, kExchange);
#else
    return ENOSYS;
#endif
}

bool exchange_unsupported(int error) { return error == ENOSYS || error == EINVAL || error == ENOTSUP; }

int rename_to_new_name(const std::filesystem::path& from, const std::filesystem::path& to) {
#if defined(__linux__) && defined(SYS_renameat2)
    const int error = renameat2_call(from, to, kNoReplace);
    if (error != ENOSYS && error != EINVAL) return error;
#endif
    return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

void fake_exchange_for_tests(int (*fake)(const std::filesystem::path&, const std::filesystem::path&)) {
    fake_exchange = fake;
}

}  // namespace ratesim::output
