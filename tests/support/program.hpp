#pragma once
// Running the `ratesim` program from tests: a temporary directory per test
// case, shell quoting, the program's exit code with its output in files.
// Include after <catch2/catch.hpp>.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ratesim::testing {

namespace fs = std::filesystem;

inline const std::string kSource = RATESIM_SOURCE_DIR;
inline const std::string kBinary = RATESIM_BINARY;

// A fresh directory under the system's temporary directory, removed with
// everything in it when the test case ends.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        path_ = fs::temp_directory_path() / fmt::format("ratesim-test-{}-{}", getpid(), counter++);
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

inline std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs `ratesim ARGS`, output to stdout.txt and stderr.txt in `log_dir`;
// returns its exit code. `prefix` goes before the program on the shell's
// command line: "NAME=value" to set the environment, "cd DIR &&".
inline int run_ratesim(const std::string& args, const fs::path& log_dir,
                       const std::string& prefix = "") {
    const std::string command = fmt::format("{} {} {} >{} 2>{}", prefix, quote(kBinary), args,
                                            quote((log_dir / "stdout.txt").string()),
                                            quote((log_dir / "stderr.txt").string()));
    const int status = std::system(command.c_str());
    REQUIRE(status != -1);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE(out);
}

// The first line where two texts differ, for a readable failure.
inline std::string first_difference(const std::string& a, const std::string& b) {
    std::istringstream sa(a), sb(b);
    std::string la, lb;
    for (int line = 1;; ++line) {
        const bool ea = !std::getline(sa, la), eb = !std::getline(sb, lb);
        if (ea && eb) return "no difference";
        if (ea != eb || la != lb)
            return fmt::format("line {}:\n  expected: {}\n  actual:   {}", line, ea ? "<end>" : la, eb ? "<end>" : lb);
    }
}

}  // namespace ratesim::testing
