#include "sim/output/gnuplot_runner.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "sim/output/child_processes.hpp"
#include "sim/run/experiment.hpp"

extern char** environ;

namespace ratesim::output {

namespace fs = std::filesystem;

namespace {

std::string take_log(const fs::path& log) {
    std::ifstream in(log);
    std::ostringstream text;
    text << in.rdbuf();
    in.close();
    std::error_code ignored;
    fs::remove(log, ignored);
    return text.str();
}

// Starts `program script` in `dir`, output to `log`, in a process group of
// its own (so a terminal's Ctrl-C reaches ratesim alone); returns the pid,
// or the spawn error as a negative number.
pid_t start(const std::string& program, const fs::path& dir, const std::string& script,
            const fs::path& log) {
    std::string arg0 = program, arg1 = script;
    char* argv[] = {arg0.data(), arg1.data(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attributes, 0);
    // The default action for the signals ratesim catches or ignores.
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) sigaddset(&defaults, signal);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    pid_t pid = 0;
    const int error = posix_spawnp(&pid, program.c_str(), &actions, &attributes, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error == 0) remember_child_process(pid);
    return error == 0 ? pid : -error;
}

// Waits for `pid`; returns false, without reaping it, once `stop` is set.
bool wait_for(pid_t pid, int& status, const std::atomic<bool>* stop) {
    while (true) {
        const pid_t done = waitpid(pid, &status, stop == nullptr ? 0 : WNOHANG);
        if (done == pid) return true;
        if (done < 0 && errno != EINTR) return true;  // not our child any more: nothing to wait for
        if (stop != nullptr && stop->load()) return false;
        if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void reap(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    forget_child_process(pid);
}

// $RATESIM_GNUPLOT when set, else `gnuplot` on the PATH.
std::string gnuplot_program() {
    const char* chosen = std::getenv("RATESIM_GNUPLOT");
    return chosen && *chosen ? chosen : "gnuplot";
}

}  // namespace

GnuplotRun run_gnuplot(const fs::path& relative_dir, const std::vector<std::string>& scripts,
                       const std::atomic<bool>* stop) {
    // Absolute, since the log file is opened after the child changes directory.
    const fs::path dir = fs::absolute(relative_dir);
    GnuplotRun run;
    run.program = gnuplot_program();
    // One process per script, all at once: gnuplot spends most of its time
    // starting up and drawing, on one core each.
    std::vector<std::pair<pid_t, fs::path>> started;
    for (const auto& script : scripts) {
        const fs::path log = dir / ("." + script + ".log");
        const pid_t pid = start(run.program, dir, script, log);
        if (pid < 0) {
            std::error_code ignored;
            fs::remove(log, ignored);
            run.status = -pid == ENOENT || -pid == EACCES ? GnuplotRun::Status::missing
                                                          : GnuplotRun::Status::failed;
            break;
        }
        started.emplace_back(pid, log);
    }
    for (std::size_t i = 0; i < started.size(); ++i) {
        const auto& [pid, log] = started[i];
        int status = 0;
        if (!wait_for(pid, status, stop)) {
            // Interrupted: stop every gnuplot still running and wait for them.
            for (std::size_t j = i; j < started.size(); ++j) kill(-started[j].first, SIGTERM);
            for (std::size_t j = i; j < started.size(); ++j) {
                reap(started[j].first);
                take_log(started[j].second);
            }
            throw run::Interrupted();
        }
        forget_child_process(pid);
        const std::string output = take_log(log);
        // 127: the shell's convention for a program that could not be run.
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
            run.status = GnuplotRun::Status::missing;
        } else if ((!WIFEXITED(status) || WEXITSTATUS(status) != 0) &&
                   run.status == GnuplotRun::Status::done) {
            run.status = GnuplotRun::Status::failed;
            run.message += output;
        }
    }
    return run;
}

}  // namespace ratesim::output
