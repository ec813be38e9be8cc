#pragma once
// The layering rules of the source tree, read from the #include lines alone:
// engine < models < scenario < run < output < serve < cli. A file may include its own
// layer and the layers below it; the engine only the standard library;
// models the engine, the standard library and fmt's string formatting;
// third-party libraries only where they belong. docs/architecture.md states
// the same table, and the layering test holds the two together.
#include <algorithm>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace ratesim::testing {

struct Layer {
    std::string name;    // as docs/architecture.md names it
    std::string folder;  // its folder in the repository
};

// Lowest first: each may include only those at or before it.
inline const std::vector<Layer>& layers() {
    static const std::vector<Layer> all = {{"engine", "sim/engine"}, {"models", "models"},
                                           {"scenario", "sim/scenario"}, {"run", "sim/run"},
                                           {"playground", "sim/playground"},
                                           {"output", "sim/output"}, {"serve", "sim/serve"},
                                           {"cli", "sim/cli"}};
    return all;
}

// The layer a repository path belongs to, by its folder.
inline std::optional<std::size_t> layer_of(const std::string& path) {
    for (std::size_t i = 0; i < layers().size(); ++i)
        if (path.rfind(layers()[i].folder + "/", 0) == 0) return i;
    return std::nullopt;
}

// A third-party library, by the prefix of its headers, and the layers that may include it.
struct Library {
    std::string header_prefix;
    std::vector<std::string> layers;
};

inline const std::vector<Library>& libraries() {
    static const std::vector<Library> all = {
        {"fmt/format.h", {"models", "scenario", "run", "output", "serve", "cli"}},
        {"fmt/", {"scenario", "run", "output", "serve", "cli"}},  // fmt's I/O: not in models
        {"yaml-cpp/", {"scenario"}},
        {"Eigen/", {"run"}},
        {"boost/math/", {"run"}},
        {"nlohmann/", {"scenario", "playground", "output", "serve"}},
        {"emscripten/", {"playground"}},
        {"httplib.h", {"serve"}},
        {"CLI/", {"cli"}},
        // POSIX: processes, signals and files, for the program around the model.
        {"unistd.h", {"output", "cli"}},
        {"fcntl.h", {"output", "cli"}},
        {"spawn.h", {"output", "cli"}},
        {"signal.h", {"output", "cli"}},
        {"sys/", {"output", "serve", "cli"}},
    };
    return all;
}

// Standard headers that do I/O on files or the terminal: not in models or the engine.
inline bool is_io_header(const std::string& header) {
    static const std::vector<std::string> io = {"fstream", "iostream", "cstdio", "filesystem"};
    return std::find(io.begin(), io.end(), header) != io.end();
}

// A standard library header: no folder, no extension (<vector>, <cstdint>).
inline bool is_standard_header(const std::string& header) {
    return header.find('/') == std::string::npos && header.find('.') == std::string::npos;
}

// Every rule that `text`, the contents of the file at repository path `path`,
// breaks: one line per offending #include, "PATH:LINE: includes X: WHY".
inline std::vector<std::string> layering_violations(const std::string& path, const std::string& text) {
    std::vector<std::string> found;
    const auto own = layer_of(path);
    if (!own) return found;
    const std::string& own_name = layers()[*own].name;
    static const std::regex include_line(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
    std::istringstream lines(text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        std::smatch m;
        if (!std::regex_search(line, m, include_line)) continue;
        const bool angled = m[1] == "<";
        const std::string header = m[2];
        auto flag = [&](const std::string& why) {
            found.push_back(path + ":" + std::to_string(number) + ": includes " + header + ": " + why);
        };
        if (!angled) {
            const auto target = layer_of(header);
            if (!target) {
                // A header beside the file itself (same folder) is its own layer.
                if (header.find('/') != std::string::npos) flag("not a header of any layer");
            } else if (*target > *own) {
                flag(own_name + " may not include " + layers()[*target].name + ", a layer above it");
            }
            continue;
        }
        if (is_standard_header(header)) {
            if ((own_name == "engine" || own_name == "models") && is_io_header(header))
                flag(own_name + " does no file or terminal I/O");
            continue;
        }
        const Library* library = nullptr;
        for (const auto& l : libraries())
            if (header.rfind(l.header_prefix, 0) == 0) {
                library = &l;
                break;
            }
        if (!library) {
            flag("a library no layer may include");
        } else if (std::find(library->layers.begin(), library->layers.end(), own_name) ==
                   library->layers.end()) {
            flag(own_name + " may not include " + library->header_prefix);
        }
    }
    // Printing is I/O too, whatever the header.
    if (own_name == "engine" || own_name == "models") {
        static const std::regex printing(R"(\b(fmt::print|std::cout|std::cerr|printf)\s*\()");
        std::istringstream again(text);
        for (int number = 1; std::getline(again, line); ++number)
            if (std::regex_search(line, printing))
                found.push_back(path + ":" + std::to_string(number) + ": prints: " + own_name +
                                " does no file or terminal I/O");
    }
    return found;
}

}  // namespace ratesim::testing
