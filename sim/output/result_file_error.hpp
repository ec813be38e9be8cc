#pragma once
// An output directory that cannot be used as asked: one ratesim may not
// replace or cannot write, or a result directory whose files are missing or
// not what `ratesim run` writes (or that holds no such --plot-variant).
#include "sim/scenario/input_error.hpp"

namespace ratesim::output {

class ResultFileError : public scenario::InputError {
public:
    using InputError::InputError;
};

}  // namespace ratesim::output
