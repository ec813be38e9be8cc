#pragma once
// The staging directories (`.<target>.tmp-<host>-<pid>-<n>`) in a folder,
// for tests that check a command left none, or one.
#include <filesystem>
#include <string>
#include <vector>

namespace ratesim::testing {

inline std::vector<std::string> staging_leftovers(const std::filesystem::path& parent) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(parent))
        if (entry.path().filename().string().find(".tmp-") != std::string::npos)
            found.push_back(entry.path().filename().string());
    return found;
}

}  // namespace ratesim::testing
