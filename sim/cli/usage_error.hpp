#pragma once
// A command-line option that is malformed or conflicts with another.
#include "sim/scenario/input_error.hpp"

namespace ratesim::cli {

class UsageError : public scenario::InputError {
public:
    using InputError::InputError;
};

}  // namespace ratesim::cli
