#pragma once
// Bad input from the user: a scenario, a command-line flag, a result
// directory. Its message says what is wrong and what is allowed; the program
// prints it as it is and exits with code 2.
#include <stdexcept>

namespace ratesim::scenario {

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace ratesim::scenario
