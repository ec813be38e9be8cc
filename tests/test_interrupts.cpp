// Signals and closed pipes end ratesim with the earlier result whole, no
// staging directory left (or one the next run removes) and exit 128+N.
// The program runs in a process group of its own, as a terminal's
// foreground job does, and signals go to the whole group as Ctrl-C sends
// them. Waits poll with generous limits: they guard against hangs, they time
// nothing.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <sstream>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/support/program.hpp"
#include "tests/support/staging_leftovers.hpp"

namespace test_interrupts {

namespace fs = std::filesystem;
using namespace ratesim::testing;

namespace {

const std::string kQuickstart = kSource + "/scenarios/quickstart.yaml";

// `ratesim ARGS` in a new process group, stdin /dev/null, stdout and stderr
// to files in `logs` (stdout to `stdout_fd` when >= 0), `env` added.
pid_t start_ratesim(const std::vector<std::string>& args, const fs::path& logs,
                    const std::vector<std::pair<std::string, std::string>>& env = {}, int stdout_fd = -1) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child != 0) {
        setpgid(child, child);  // as the child does: whichever runs first
        return child;
    }
    setpgid(0, 0);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(signal, SIG_DFL);
    const int in = open("/dev/null", O_RDONLY);
    const int out = stdout_fd >= 0 ? stdout_fd : open((logs / "stdout.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open((logs / "stderr.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv{const_cast<char*>(kBinary.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(kBinary.c_str(), argv.data());
    _exit(127);
}

// The child's wait status, within `seconds`; kills its group and fails past that.
int wait_within(pid_t child, int seconds) {
    int status = 0;
    for (int i = 0; i < seconds * 100; ++i) {
        if (waitpid(child, &status, WNOHANG) == child) return status;
        usleep(10'000);
    }
    kill(-child, SIGKILL);
    waitpid(child, &status, 0);
    FAIL("ratesim did not end within " << seconds << " s");
    return status;
}

bool appears_within(const fs::path& file, int seconds) {
    for (int i = 0; i < seconds * 100 && !fs::exists(file); ++i) usleep(10'000);
    return fs::exists(file);
}

// A stand-in for gnuplot that adds its pid to gnuplot.pids, records the
// signals it gets and draws nothing for a minute, or until the test's
// directory is gone; with `ignore_term`, SIGTERM does not stop it.
fs::path slow_gnuplot(const TempDir& tmp, bool ignore_term) {
    const fs::path script = tmp / "slow-gnuplot";
    const std::string log = (tmp / "gnuplot-signals.txt").string(), pids = (tmp / "gnuplot.pids").string();
    write_file(script, fmt::format("#!/bin/sh\n"
                                   "trap 'echo INT >> {0}' INT\n"
                                   "trap 'echo TERM >> {0}{2}' TERM\n"
                                   "echo $$ >> {1}\n"
                                   "i=0; while [ $i -lt 600 ] && [ -e {1} ]; do sleep 0.1; i=$((i+1)); done\n",
                                   quote(log), quote(pids), ignore_term ? "" : "; exit 143"));
    fs::permissions(script, fs::perms::owner_all);
    return script;
}

// The pids in gnuplot.pids.
std::vector<pid_t> gnuplot_pids(const TempDir& tmp) {
    std::vector<pid_t> pids;
    std::istringstream lines(read_file(tmp / "gnuplot.pids"));
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) pids.push_back(std::stoi(line));
    return pids;
}

// A scenario of hours of work: a thousand workers for a simulated month.
fs::path long_scenario(const TempDir& tmp) {
    std::string text = read_file(kQuickstart);
    text.replace(text.find("workers: 4"), 10, "workers: 1000");
    text.replace(text.find("items: 100"), 10, "items: 100000000");
    text.replace(text.find("duration: 30m"), 13, "duration: 30d");
    text.replace(text.find("output: {bin: 30s}"), 18, "output: {bin: 1h}");
    write_file(tmp / "long.yaml", text);
    return tmp / "long.yaml";
}

}  // namespace

TEST_CASE("Ctrl-C while gnuplot draws reaches ratesim alone, which stops gnuplot, keeps the earlier result "
          "and exits 130",
          "[interrupt][plots]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --no-plots", quote(kQuickstart), quote(out.string())),
                        tmp.path()) == 0);
    const std::string before = read_file(out / "summary.csv") + read_file(out / "report.html");
    const pid_t child = start_ratesim({"run", kQuickstart, "-o", out.string(), "--seed", "2"}, tmp.path(),
                                      {{"RATESIM_GNUPLOT", slow_gnuplot(tmp, false).string()}});
    REQUIRE(appears_within(tmp / "gnuplot.pids", 60));
    REQUIRE(kill(-child, SIGINT) == 0);  // the terminal's Ctrl-C: the foreground process group
    const int status = wait_within(child, 60);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK_THAT(read_file(tmp / "stderr.txt"), Catch::Contains("interrupted while writing the result") &&
                                                   Catch::Contains("is as it was"));
    CHECK(read_file(out / "summary.csv") + read_file(out / "report.html") == before);
    CHECK(staging_leftovers(tmp.path()).empty());
    // gnuplot saw ratesim's SIGTERM, never the terminal's SIGINT, and is gone.
    REQUIRE(appears_within(tmp / "gnuplot-signals.txt", 10));
    const std::string signals = read_file(tmp / "gnuplot-signals.txt");  // a line per gnuplot
    CHECK_THAT(signals, Catch::Contains("TERM") && !Catch::Contains("INT"));
    for (const pid_t gnuplot : gnuplot_pids(tmp)) CHECK((kill(gnuplot, 0) != 0 && errno == ESRCH));
}

TEST_CASE("A second Ctrl-C ends ratesim at once with 130, and the next run removes its staging directory "
          "and says so",
          "[interrupt][stale]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    const pid_t child = start_ratesim({"run", kQuickstart, "-o", out.string()}, tmp.path(),
                                      {{"RATESIM_GNUPLOT", slow_gnuplot(tmp, true).string()}});
    REQUIRE(appears_within(tmp / "gnuplot.pids", 60));
    REQUIRE(kill(-child, SIGINT) == 0);
    // ratesim asks gnuplot to stop and waits; this one does not stop.
    REQUIRE(appears_within(tmp / "gnuplot-signals.txt", 30));
    REQUIRE(kill(-child, SIGINT) == 0);
    const int status = wait_within(child, 30);
    for (const pid_t gnuplot : gnuplot_pids(tmp)) kill(-gnuplot, SIGKILL);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK_FALSE(fs::exists(out));
    REQUIRE(staging_leftovers(tmp.path()).size() == 1);

    REQUIRE(run_ratesim(fmt::format("run {} -o {} --no-plots", quote(kQuickstart), quote(out.string())),
                        tmp.path()) == 0);
    CHECK_THAT(read_file(tmp / "stderr.txt"), Catch::Contains("note: removed 1 staging directory left by a "
                                                              "ratesim on this host that is gone"));
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("SIGTERM and SIGHUP during a run leave the earlier result and exit 128 plus the signal",
          "[interrupt]") {
    const int signal = GENERATE(SIGTERM, SIGHUP);
    TempDir tmp;
    const fs::path out = tmp / "out";
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --no-plots", quote(kQuickstart), quote(out.string())),
                        tmp.path()) == 0);
    const std::string before = read_file(out / "summary.csv");
    const pid_t child = start_ratesim({"run", long_scenario(tmp).string(), "-o", out.string(), "--quiet",
                                       "--threads", "2"},
                                      tmp.path());
    for (int i = 0; i < 6000 && staging_leftovers(tmp.path()).empty(); ++i) usleep(10'000);
    REQUIRE(kill(-child, signal) == 0);
    const int status = wait_within(child, 60);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 128 + signal);
    CHECK(read_file(out / "summary.csv") == before);
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("A closed pipe on stdout ends ratesim with 141 after its cleanup, not by SIGPIPE", "[interrupt][pipe]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    for (const bool run : {false, true}) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        close(fds[0]);  // nobody reads
        const std::vector<std::string> args =
            run ? std::vector<std::string>{"run", kQuickstart, "-o", out.string(), "--no-plots"}
                : std::vector<std::string>{"list", "strategies"};
        const pid_t child = start_ratesim(args, tmp.path(), {}, fds[1]);
        close(fds[1]);
        const int status = wait_within(child, 60);
        INFO(args[0]);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 141);
    }
    // The run itself was complete before its summary met the closed pipe.
    CHECK(fs::exists(out / "summary.csv"));
    CHECK(fs::exists(out / "report.html"));
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("A dangling symbolic link at -o is refused before any simulation", "[interrupt][symlink]") {
    TempDir tmp;
    fs::create_directory_symlink(tmp / "nowhere", tmp / "out");
    // Hours of work if it simulated: returning at all shows it did not.
    CHECK(run_ratesim(fmt::format("run {} -o {}", quote(long_scenario(tmp).string()), quote((tmp / "out").string())),
                      tmp.path()) == 2);
    CHECK_THAT(read_file(tmp / "stderr.txt"),
               Catch::Contains("is a symbolic link to '" + (tmp / "nowhere").string() + "', which does not exist"));
    CHECK(fs::is_symlink(tmp / "out"));
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("A symbolic link at -o to an earlier result is followed by run, and the link kept", "[interrupt][symlink]") {
    TempDir tmp;
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --no-plots", quote(kQuickstart),
                                    quote((tmp / "real").string())),
                        tmp.path()) == 0);
    const std::string before = read_file(tmp / "real" / "summary.csv");
    fs::create_directory_symlink(tmp / "real", tmp / "out");
    REQUIRE(run_ratesim(fmt::format("run {} -o {} --quiet --no-plots --seed 2", quote(kQuickstart),
                                    quote((tmp / "out").string())),
                        tmp.path()) == 0);
    CHECK(fs::is_symlink(tmp / "out"));
    CHECK(read_file(tmp / "real" / "summary.csv") != before);
    CHECK(staging_leftovers(tmp.path()).empty());
}

namespace {

// A scenario `ratesim serve` can answer: one group, its traffic the live one.
fs::path serve_scenario(const TempDir& tmp) {
    write_file(tmp / "serve.yaml", R"(name: serve-signals
api:
  pools:
    sonnet: {models: [claude-sonnet-4-5], rpm: 60}
clients:
  - name: app
    workload: {kind: batch, items: 4}
    request: {model: claude-sonnet-4-5, output_tokens: 10}
    strategy: sdk-ts
output: {bin: 1s}
)");
    return tmp / "serve.yaml";
}

bool listening_within(const TempDir& tmp, int seconds) {
    for (int i = 0; i < seconds * 100; ++i) {
        if (fs::exists(tmp / "stdout.txt") && read_file(tmp / "stdout.txt").find("listening on") != std::string::npos)
            return true;
        usleep(10'000);
    }
    return false;
}

}  // namespace

TEST_CASE("In serve, the first Ctrl-C writes the result and exits 0", "[interrupt][serve]") {
    TempDir tmp;
    const fs::path out = tmp / "live";
    const pid_t child = start_ratesim({"serve", serve_scenario(tmp).string(), "--port", "0", "--no-plots", "-o",
                                       out.string()},
                                      tmp.path());
    REQUIRE(listening_within(tmp, 60));
    REQUIRE(kill(-child, SIGINT) == 0);
    const int status = wait_within(child, 60);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(fs::exists(out / "summary.json"));
    CHECK(fs::exists(out / "requests.jsonl"));
    CHECK(staging_leftovers(tmp.path()).empty());
}

TEST_CASE("In serve, a second Ctrl-C while the result is written aborts with 130 and writes nothing",
          "[interrupt][serve]") {
    TempDir tmp;
    const fs::path out = tmp / "live";
    const pid_t child = start_ratesim({"serve", serve_scenario(tmp).string(), "--port", "0", "-o", out.string()},
                                      tmp.path(), {{"RATESIM_GNUPLOT", slow_gnuplot(tmp, true).string()}});
    REQUIRE(listening_within(tmp, 60));
    REQUIRE(kill(-child, SIGINT) == 0);  // the first: write the result, which draws the plots
    REQUIRE(appears_within(tmp / "gnuplot.pids", 60));
    REQUIRE(kill(-child, SIGINT) == 0);  // the second: abort
    const int status = wait_within(child, 30);
    for (const pid_t gnuplot : gnuplot_pids(tmp)) kill(-gnuplot, SIGKILL);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK_FALSE(fs::exists(out / "summary.json"));
}

}  // namespace test_interrupts
