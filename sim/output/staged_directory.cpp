#include "sim/output/staged_directory.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace ratesim::sim {

namespace fs = std::filesystem;

StagedDirectory::StagedDirectory(fs::path target) : target_(std::move(target)) {
    if (target_.filename().empty()) target_ = target_.parent_path();
    fs::path parent = target_.parent_path();
    if (parent.empty()) parent = ".";
    fs::create_directories(parent);
    for (int attempt = 0;; ++attempt) {
        staging_ = parent / fmt::format(".{}.tmp-{}-{}", target_.filename().string(), getpid(), attempt);
        if (fs::create_directory(staging_)) break;
    }
}

StagedDirectory::~StagedDirectory() {
    if (committed_) return;
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
}

void StagedDirectory::commit() {
    // Move the old result aside first, so there is no moment without one.
    fs::path old;
    if (fs::exists(target_)) {
        old = target_.parent_path() / fmt::format(".{}.old-{}", target_.filename().string(), getpid());
        fs::remove_all(old);
        fs::rename(target_, old);
    }
    fs::rename(staging_, target_);
    committed_ = true;
    if (!old.empty()) fs::remove_all(old);
}

}  // namespace ratesim::sim
