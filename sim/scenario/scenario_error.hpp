#pragma once
// A problem with a scenario (its file, a --set override or its plan),
// reported to the user with file, line and column.
#include <string>

#include "sim/scenario/input_error.hpp"

namespace ratesim::scenario {

class ScenarioError : public InputError {
public:
    using InputError::InputError;
};

}  // namespace ratesim::scenario
