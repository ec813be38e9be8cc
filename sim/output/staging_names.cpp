#include "sim/output/staging_names.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <charconv>

#include <fmt/format.h>

namespace ratesim::output {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxHostBytes = 64;

// The pid in "<pid>-<attempt>", or 0 when `rest` is not of that form.
pid_t pid_of(std::string_view rest) {
    const auto dash = rest.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == rest.size()) return 0;
    if (rest.find_first_not_of("0123456789-") != std::string_view::npos ||
        rest.find('-', dash + 1) != std::string_view::npos)
        return 0;
    long long pid = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + dash, pid);
    if (error != std::errc() || end != rest.data() + dash || pid <= 0) return 0;
    return static_cast<pid_t>(pid);
}

bool process_is_gone(pid_t pid) { return kill(pid, 0) != 0 && errno == ESRCH; }

}  // namespace

std::string staging_host_name() {
    char buffer[256] = {};
    if (gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "unknown-host";
    std::string host(buffer);
    if (host.size() > kMaxHostBytes) host.resize(kMaxHostBytes);
    for (char& c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok) c = '_';
    }
    return host;
}

std::string staging_name(const std::string& target_name, int attempt) {
    return fmt::format(".{}.tmp-{}-{}-{}", target_name, staging_host_name(), getpid(), attempt);
}

std::vector<fs::path> remove_stale_staging(const fs::path& parent, const char* marker) {
    const std::string tag = ".tmp-" + staging_host_name() + "-";
    std::vector<fs::path> stale;
    std::error_code error;
    for (fs::directory_iterator it(parent, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        const auto at = name.rfind(tag);
        if (name.size() < 2 || name[0] != '.' || at == std::string::npos || at < 2) continue;
        const pid_t pid = pid_of(std::string_view(name).substr(at + tag.size()));
        if (pid == 0 || pid == getpid() || !process_is_gone(pid)) continue;
        std::error_code ignored;
        if (!fs::is_directory(fs::symlink_status(it->path(), ignored))) continue;
        if (!fs::exists(it->path() / marker, ignored) && !fs::is_empty(it->path(), ignored)) continue;
        stale.push_back(it->path());
    }
    std::vector<fs::path> removed;
    for (const fs::path& dir : stale) {
        std::error_code failed;
        fs::remove_all(dir, failed);
        if (!failed) removed.push_back(dir);
    }
    return removed;
}

}  // namespace ratesim::output
