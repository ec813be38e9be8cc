#include "sim/cli/build_info.hpp"

#include <fmt/format.h>

namespace ratesim::cli {

std::string version_line() {
    const BuildInfo info = build_info();
    return fmt::format("ratesim {} (commit {}, {} build)", info.version, info.commit, info.build_type);
}

}  // namespace ratesim::cli
