// The swap of a staged result into place, step by step: a failure or a kill
// at each step leaves the old result or the new complete one; stale staging
// directories; symbolic links and over-long names at -o.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "sim/output/directory_swap.hpp"
#include "sim/output/result_file_error.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/output/staging_names.hpp"
#include "tests/support/program.hpp"
#include "tests/support/staging_leftovers.hpp"

namespace test_output_swap {

namespace fs = std::filesystem;
using ratesim::output::StagedDirectory;
using ratesim::testing::read_file;
using ratesim::testing::staging_leftovers;
using ratesim::testing::TempDir;
using ratesim::testing::write_file;
using Step = StagedDirectory::Step;

namespace {

// A result holding one file, summary.csv, with `text`.
void write_result(const fs::path& dir, const std::string& text) {
    StagedDirectory staged(dir);
    write_file(staged.path() / "summary.csv", text);
    staged.commit();
}

// "old" or "new" when `dir` is a complete result holding that, else why not.
std::string held_by(const fs::path& dir) {
    if (!fs::is_directory(dir)) return "nothing at the path";
    if (!fs::exists(dir / StagedDirectory::kMarker)) return "no marker";
    if (!fs::exists(dir / "summary.csv")) return "no summary.csv";
    return read_file(dir / "summary.csv");
}

Step failing_step;
void throw_at(Step step) {
    if (step == failing_step) throw std::runtime_error("injected failure");
}
Step killing_step;
void kill_at(Step step) {
    if (step == killing_step) raise(SIGKILL);
}
// What a filesystem without RENAME_EXCHANGE answers, and one that fails.
int no_exchange(const fs::path&, const fs::path&) { return EINVAL; }
int failing_exchange(const fs::path&, const fs::path&) { return EIO; }

// Resets the test hooks however a case ends.
struct Hooks {
    ~Hooks() {
        StagedDirectory::set_step_hook_for_tests(nullptr);
        ratesim::output::fake_exchange_for_tests(nullptr);
    }
};

}  // namespace

TEST_CASE("A failure at either step of the swap leaves the old result or the new complete one, and no "
          "staging directory",
          "[output][swap]") {
    const auto [step, expected] =
        GENERATE(std::pair{Step::staged, std::string("old")}, std::pair{Step::swapped, std::string("new")});
    TempDir tmp;
    const fs::path out = tmp / "out";
    write_result(out, "old");
    Hooks hooks;
    failing_step = step;
    StagedDirectory::set_step_hook_for_tests(throw_at);
    {
        StagedDirectory staged(out);
        write_file(staged.path() / "summary.csv", "new");
        CHECK_THROWS_WITH(staged.commit(), "injected failure");
        CHECK(held_by(out) == expected);
    }
    CHECK(held_by(out) == expected);
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("A kill at either step of the swap leaves the old result or the new complete one, and the next "
          "run into the same parent removes what it left and says so",
          "[output][swap]") {
    const auto [step, expected] =
        GENERATE(std::pair{Step::staged, std::string("old")}, std::pair{Step::swapped, std::string("new")});
    TempDir tmp;
    const fs::path out = tmp / "out";
    write_result(out, "old");
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        killing_step = step;
        StagedDirectory::set_step_hook_for_tests(kill_at);
        StagedDirectory staged(out);
        write_file(staged.path() / "summary.csv", "new");
        staged.commit();
        _exit(0);  // not reached: the hook kills the process
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    CHECK(held_by(out) == expected);
    CHECK(staging_leftovers(tmp.path()).size() == 1);  // the new result, or the old copy

    StagedDirectory next(tmp / "another");
    CHECK_THAT(next.stale_notice(), Catch::Contains("removed 1 staging directory") &&
                                        Catch::Contains(fmt::format("-{}-", child)));
    CHECK(staging_leftovers(tmp.path()).size() == 1);  // `next`'s own
    CHECK(held_by(out) == expected);
}

TEST_CASE("Where the filesystem cannot exchange two directories, the old result stays in place and the new "
          "one is put beside it",
          "[output][swap]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    write_result(out, "old");
    Hooks hooks;
    ratesim::output::fake_exchange_for_tests(no_exchange);
    for (const char* text : {"new", "newer"}) {  // a second time replaces the earlier out.new
        StagedDirectory staged(out);
        write_file(staged.path() / "summary.csv", text);
        CHECK_THROWS_WITH(staged.commit(), Catch::Contains("cannot swap two directories in one step") &&
                                               Catch::Contains("out.new"));
        CHECK(held_by(out) == "old");
        CHECK(held_by(tmp / "out.new") == text);
    }
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("An exchange that fails leaves the old result as it was", "[output][swap]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    write_result(out, "old");
    Hooks hooks;
    ratesim::output::fake_exchange_for_tests(failing_exchange);
    {
        StagedDirectory staged(out);
        write_file(staged.path() / "summary.csv", "new");
        CHECK_THROWS_WITH(staged.commit(), Catch::Contains("earlier result there is as it was"));
    }
    CHECK(held_by(out) == "old");
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("Only this host's staging directories whose process is gone are removed", "[output][stale]") {
    TempDir tmp;
    const std::string host = ratesim::output::staging_host_name();
    const pid_t gone = fork();  // a pid that has exited and been reaped
    REQUIRE(gone >= 0);
    if (gone == 0) _exit(0);
    REQUIRE(waitpid(gone, nullptr, 0) == gone);
    const auto staging = [&](const std::string& target, const std::string& on, pid_t pid, bool marked) {
        const fs::path dir = tmp / fmt::format(".{}.tmp-{}-{}-0", target, on, pid);
        fs::create_directories(dir);
        if (marked) write_file(dir / StagedDirectory::kMarker, "");
        write_file(dir / "summary.csv", "x");
        return dir;
    };
    const fs::path stale = staging("a", host, gone, true);
    const fs::path live = staging("b", host, getppid(), true);
    const fs::path other_host = staging("c", "elsewhere-" + host, gone, true);
    const fs::path not_ours = staging("d", host, gone, false);
    StagedDirectory staged(tmp / "out");
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(live));
    CHECK(fs::exists(other_host));
    CHECK(fs::exists(not_ours));
    CHECK_THAT(staged.stale_notice(), Catch::Contains(stale.filename().string()));
    CHECK_THAT(staged.path().filename().string(),
               Catch::StartsWith(".out.tmp-" + host + "-" + std::to_string(getpid()) + "-"));
}

TEST_CASE("A symbolic link at -o to an earlier result is followed: the directory it names is replaced and "
          "the link kept",
          "[output][symlink]") {
    TempDir tmp;
    write_result(tmp / "real", "old");
    fs::create_directory_symlink("real", tmp / "link");
    write_result(tmp / "link", "new");
    CHECK(fs::is_symlink(tmp / "link"));
    CHECK(held_by(tmp / "real") == "new");
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("A symbolic link at -o to nothing, or to someone else's files, is refused with what it names",
          "[output][symlink]") {
    TempDir tmp;
    fs::create_directory_symlink("missing", tmp / "dangling");
    CHECK_THROWS_WITH(StagedDirectory(tmp / "dangling"),
                      Catch::Contains("is a symbolic link to 'missing', which does not exist"));
    fs::create_directories(tmp / "theirs");
    write_file(tmp / "theirs" / "notes.txt", "mine");
    fs::create_directory_symlink("theirs", tmp / "link");
    CHECK_THROWS_WITH(StagedDirectory(tmp / "link"), Catch::Contains("(a link to '") &&
                                                         Catch::Contains("holds no earlier ratesim result"));
    CHECK(fs::is_symlink(tmp / "dangling"));
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("An output directory name too long to stage beside is refused, naming the limit", "[output]") {
    TempDir tmp;
    const std::string longest(ratesim::output::kMaxOutputNameBytes, 'x');
    write_result(tmp / longest, "old");  // fits, with its staging name
    write_result(tmp / longest, "new");
    CHECK(held_by(tmp / longest) == "new");
    CHECK_THROWS_AS(StagedDirectory(tmp / (longest + "x")), ratesim::output::ResultFileError);
    CHECK_THROWS_WITH(StagedDirectory(tmp / (longest + "x")),
                      Catch::Contains(fmt::format("at most {} bytes", ratesim::output::kMaxOutputNameBytes)));
}

}  // namespace test_output_swap
