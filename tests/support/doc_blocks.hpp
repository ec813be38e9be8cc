#pragma once
// The fenced blocks of a Markdown file: where each starts, its info string
// (```sh -> "sh"), its text, and the marker line above it, for the tests that
// hold the docs to the program (tests/test_doc_blocks.cpp,
// tests/test_doc_outputs.cpp).
#include <sstream>
#include <string>
#include <vector>

namespace ratesim::testing {

struct DocBlock {
    int line = 0;        // 1-based line of the opening fence
    std::string info;    // what follows the opening ``` ("" for a bare fence)
    std::string text;    // the lines between the fences, each ending in '\n', indentation of the
                         // fence removed
    std::string marker;  // the last non-blank line before the opening fence, less its indentation
};

inline std::vector<DocBlock> fenced_blocks(const std::string& markdown) {
    std::vector<DocBlock> blocks;
    std::istringstream in(markdown);
    std::string line, last_text;
    DocBlock open;
    bool inside = false;
    std::size_t indent = 0;
    for (int n = 1; std::getline(in, line); ++n) {
        const std::size_t first = line.find_first_not_of(' ');
        const bool fence = first != std::string::npos && line.compare(first, 3, "```") == 0;
        if (!inside && fence) {
            open = DocBlock{n, line.substr(first + 3), "", last_text};
            indent = first;
            inside = true;
        } else if (inside && fence) {
            blocks.push_back(open);
            inside = false;
            last_text.clear();
        } else if (inside) {
            open.text += (line.size() >= indent ? line.substr(indent) : std::string()) + "\n";
        } else if (first != std::string::npos) {
            last_text = line.substr(first);
        }
    }
    return blocks;
}

}  // namespace ratesim::testing
