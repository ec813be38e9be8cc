#pragma once
// A problem with a scenario or the command line: reported to the user with
// file, line and column, and exit code 2.
#include <stdexcept>
#include <string>

namespace ratesim::scenario {

class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace ratesim::scenario
