#include "sim/output/staged_directory.hpp"

#include <unistd.h>

#include <fstream>

#include <fmt/format.h>

#include "sim/output/result_file_error.hpp"

namespace ratesim::output {

namespace fs = std::filesystem;

namespace {

void check_replaceable(const fs::path& target) {
    if (!fs::exists(target)) return;
    if (!fs::is_directory(target))
        throw ResultFileError(fmt::format(
            "error: output directory '{}' exists and is not a directory; choose another -o",
            target.string()));
    if (fs::is_empty(target) || fs::exists(target / StagedDirectory::kMarker)) return;
    throw ResultFileError(fmt::format(
        "error: output directory '{}' is not empty and holds no earlier ratesim result "
        "(no {} file); ratesim replaces the whole directory, so choose another -o or remove it",
        target.string(), StagedDirectory::kMarker));
}

}  // namespace

StagedDirectory::StagedDirectory(fs::path target) : target_(std::move(target)) {
    if (target_.filename().empty()) target_ = target_.parent_path();
    try {
        check_replaceable(target_);
        fs::path parent = target_.parent_path();
        if (parent.empty()) parent = ".";
        fs::create_directories(parent);
        for (int attempt = 0;; ++attempt) {
            staging_ = parent / fmt::format(".{}.tmp-{}-{}", target_.filename().string(), getpid(), attempt);
            if (fs::create_directory(staging_)) break;
        }
    } catch (const fs::filesystem_error& e) {
        throw ResultFileError(fmt::format("error: cannot write the output directory '{}': {}",
                                        target_.string(), e.code().message()));
    }
    std::ofstream(staging_ / kMarker) << "written by ratesim; `ratesim run -o` may replace this directory\n";
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

}  // namespace ratesim::output
