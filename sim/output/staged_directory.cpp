#include "sim/output/staged_directory.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/output/directory_swap.hpp"
#include "sim/output/result_file_error.hpp"
#include "sim/output/staging_names.hpp"
#include "sim/output/written_file.hpp"

namespace ratesim::output {

namespace fs = std::filesystem;

namespace {

void (*step_hook)(StagedDirectory::Step) = nullptr;

void at_step(StagedDirectory::Step step) {
    if (step_hook != nullptr) step_hook(step);
}

// The target as messages name it: with the directory its link leads to.
std::string shown(const fs::path& given, const fs::path& target) {
    return given == target ? fmt::format("'{}'", given.string())
                           : fmt::format("'{}' (a link to '{}')", given.string(), target.string());
}

// Where `given`, a symbolic link, leads; ResultFileError when nowhere.
fs::path follow_link(const fs::path& given) {
    std::error_code error;
    const fs::path to = fs::read_symlink(given, error);
    const fs::path resolved = fs::canonical(given, error);
    if (!error) return resolved;
    const std::string why = error == std::errc::no_such_file_or_directory ? "which does not exist"
                                                                          : "which cannot be followed: " + error.message();
    throw ResultFileError(fmt::format(
        "error: output directory '{}' is a symbolic link to '{}', {}; ratesim writes into the "
        "directory a link names, so create that directory, remove the link, or choose another -o",
        given.string(), to.string(), why));
}

void check_replaceable(const fs::path& given, const fs::path& target) {
    if (!fs::exists(target)) return;
    if (!fs::is_directory(target))
        throw ResultFileError(fmt::format(
            "error: output directory {} exists and is not a directory; choose another -o",
            shown(given, target)));
    if (fs::is_empty(target) || fs::exists(target / StagedDirectory::kMarker)) return;
    throw ResultFileError(fmt::format(
        "error: output directory {} is not empty and holds no earlier ratesim result "
        "(no {} file); ratesim replaces the whole directory, so choose another -o or remove it",
        shown(given, target), StagedDirectory::kMarker));
}

void check_name_length(const fs::path& given, const fs::path& target) {
    const std::string name = target.filename().string();
    if (name.size() <= kMaxOutputNameBytes) return;
    throw ResultFileError(fmt::format(
        "error: output directory {}: its name is {} bytes; allowed: at most {} bytes (ratesim "
        "stages the result beside it under a name {} bytes longer, and a name has at most 255)",
        shown(given, target), name.size(), kMaxOutputNameBytes, kMaxStagingExtraBytes));
}

[[noreturn]] void cannot_replace(const fs::path& given, const fs::path& target, int error) {
    throw std::runtime_error(fmt::format("cannot move the new result into place at {}: {}; the earlier "
                                         "result there is as it was",
                                         shown(given, target), std::strerror(error)));
}

}  // namespace

StagedDirectory::StagedDirectory(fs::path target) : shown_(std::move(target)) {
    if (shown_.filename().empty()) shown_ = shown_.parent_path();
    target_ = shown_;
    try {
        if (fs::is_symlink(fs::symlink_status(target_))) target_ = follow_link(shown_);
        check_name_length(shown_, target_);
        check_replaceable(shown_, target_);
        fs::path parent = target_.parent_path();
        if (parent.empty()) parent = ".";
        fs::create_directories(parent);
        stale_removed_ = remove_stale_staging(parent, kMarker);
        for (int attempt = 0;; ++attempt) {
            staging_ = parent / staging_name(target_.filename().string(), attempt);
            if (fs::create_directory(staging_)) break;
            if (attempt == 999)
                throw ResultFileError(fmt::format("error: cannot make a staging directory beside {}: "
                                                  "1000 names are taken",
                                                  shown(shown_, target_)));
        }
    } catch (const fs::filesystem_error& e) {
        throw ResultFileError(fmt::format("error: cannot write the output directory {}: {}",
                                          shown(shown_, target_), e.code().message()));
    }
    std::ofstream marker(staging_ / kMarker);
    marker << "written by ratesim; `ratesim run -o` may replace this directory\n";
    close_written(marker, staging_ / kMarker);
}

StagedDirectory::~StagedDirectory() {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
}

void StagedDirectory::commit() {
    at_step(Step::staged);
    if (!fs::exists(fs::symlink_status(target_))) {
        const int error = rename_to_new_name(staging_, target_);
        if (error == 0) return;
        if (error != EEXIST && error != ENOTEMPTY) cannot_replace(shown_, target_, error);
        // Another process made the target meanwhile: swap with it like with an earlier result.
        check_replaceable(shown_, target_);
    }
    const int error = exchange_directories(staging_, target_);
    if (error == 0) {
        at_step(Step::swapped);
        std::error_code ignored;  // left behind, the old copy is removed as stale later
        fs::remove_all(staging_, ignored);
        return;
    }
    if (!exchange_unsupported(error)) cannot_replace(shown_, target_, error);
    // The fallback: never empty the target; put the new result beside it.
    fs::path beside = target_;
    beside += ".new";
    if (fs::exists(fs::symlink_status(beside))) check_replaceable(beside, beside);
    fs::remove_all(beside);
    if (const int moved = rename_to_new_name(staging_, beside); moved != 0) cannot_replace(shown_, target_, moved);
    throw std::runtime_error(fmt::format(
        "this filesystem cannot swap two directories in one step ({}), so {} keeps the earlier "
        "result and the new one is in '{}'; to use it: rm -r '{}' && mv '{}' '{}' (or remove the "
        "output directory before the run, or write to a local filesystem)",
        std::strerror(error), shown(shown_, target_), beside.string(), target_.string(), beside.string(),
        target_.string()));
}

std::string StagedDirectory::stale_notice() const {
    if (stale_removed_.empty()) return "";
    std::string names;
    for (const auto& dir : stale_removed_) names += (names.empty() ? "'" : ", '") + dir.string() + "'";
    return fmt::format("removed {} staging director{} left by a ratesim on this host that is gone "
                       "(killed before it finished): {}",
                       stale_removed_.size(), stale_removed_.size() == 1 ? "y" : "ies", names);
}

void StagedDirectory::set_step_hook_for_tests(void (*hook)(Step)) { step_hook = hook; }

}  // namespace ratesim::output
