#pragma once
// An output directory written in full beside its final place and renamed
// into it, so an earlier result is never left half-overwritten. Only an
// empty directory or an earlier ratesim result (it holds a marker file) is
// ever replaced: anything else is refused before any work is done.
#include <filesystem>

namespace ratesim::output {

class StagedDirectory {
public:
    // Creates an empty staging directory next to `target`; throws
    // ResultFileError if `target` exists and is not replaceable.
    explicit StagedDirectory(std::filesystem::path target);
    static constexpr const char* kMarker = ".ratesim-output";
    ~StagedDirectory();  // removes the staging directory unless committed
    StagedDirectory(const StagedDirectory&) = delete;
    StagedDirectory& operator=(const StagedDirectory&) = delete;

    const std::filesystem::path& path() const { return staging_; }
    // Replaces `target` (and whatever it held) with the staged contents.
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path staging_;
    bool committed_ = false;
};

}  // namespace ratesim::output
