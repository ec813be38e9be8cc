#pragma once
// What `ratesim --version` prints: the version, the git commit the binary was
// built from and the build type. Defined by a source that
// cmake/build_info.cmake writes at every build.
#include <string>

namespace ratesim::cli {

struct BuildInfo {
    std::string version;     // the project's VERSION, e.g. "0.1.0"
    std::string commit;      // e.g. "aa4c3cf1e2b3", "+dirty" appended; "unknown" outside git
    std::string build_type;  // CMAKE_BUILD_TYPE, e.g. "Release"
};

BuildInfo build_info();

// "ratesim 0.1.0 (commit aa4c3cf1e2b3, Release build)"
std::string version_line();

}  // namespace ratesim::cli
