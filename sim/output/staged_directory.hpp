#pragma once
// An output directory written in full beside its final place and swapped
// into it in one atomic step, so the place holds the earlier result or the
// new complete one, never neither and never a mix. Only an empty directory
// or an earlier ratesim result (it holds a marker file) is ever replaced:
// anything else is refused before any work is done. A symbolic link at the
// target is followed to the directory it names, which is replaced and the
// link kept; a link to nothing is refused.
//
// commit(): with the target absent, one rename. With it present, on Linux
// renameat2(RENAME_EXCHANGE) swaps the two, then the old copy (now under the
// staging name) is removed; a kill during the removal leaves it as a stale
// staging directory, which the next run into the same parent removes. Where
// the exchange is missing (another system, NFS), the target is left as it
// was and the new result is renamed to `<target>.new`; commit() then throws
// saying so (exit 1), so the path is never empty.
#include <filesystem>
#include <string>
#include <vector>

namespace ratesim::output {

class StagedDirectory {
public:
    // Removes stale staging directories in the target's parent (see
    // staging_names.hpp), then creates an empty staging directory beside
    // `target`. Throws ResultFileError if `target` is not replaceable, its
    // name too long, or a link to nothing.
    explicit StagedDirectory(std::filesystem::path target);
    static constexpr const char* kMarker = ".ratesim-output";
    ~StagedDirectory();  // removes the staging directory (and after commit() the old copy)
    StagedDirectory(const StagedDirectory&) = delete;
    StagedDirectory& operator=(const StagedDirectory&) = delete;

    const std::filesystem::path& path() const { return staging_; }
    // Replaces `target` (and whatever it held) with the staged contents.
    void commit();

    // The stale staging directories removed when this one was made, as a
    // sentence for a note; empty when there were none.
    std::string stale_notice() const;

    // Tests only: `hook` runs at each step of commit(), and may throw or
    // kill the process there. Null: none.
    enum class Step {
        staged,   // about to move the staging directory into place
        swapped,  // the new result is in place; the old copy is still at path()
    };
    static void set_step_hook_for_tests(void (*hook)(Step));

private:
    std::filesystem::path shown_;   // the target as given
    std::filesystem::path target_;  // where the result goes: `shown_`, its link followed
    std::filesystem::path staging_;
    std::vector<std::filesystem::path> stale_removed_;
};

}  // namespace ratesim::output
