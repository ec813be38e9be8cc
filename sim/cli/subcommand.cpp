#include "sim/cli/subcommand.hpp"

#include <algorithm>

namespace ratesim::cli {
namespace {

// A function-local static: registrations from other files' initializers may
// run before any namespace-scope object of this file is constructed.
std::vector<Subcommand>& registry() {
    static std::vector<Subcommand> all;
    return all;
}

}  // namespace

bool register_subcommand(Subcommand subcommand) {
    registry().push_back(subcommand);
    return true;
}

std::vector<Subcommand> subcommands() {
    std::vector<Subcommand> sorted = registry();
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Subcommand& a, const Subcommand& b) { return a.order < b.order; });
    return sorted;
}

}  // namespace ratesim::cli
