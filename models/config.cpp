#include "models/config.hpp"

namespace ratesim::models {

const char* output_accounting_name(OutputAccounting mode) {
    return mode == OutputAccounting::streamed ? "streamed" : "reserve-max-tokens";
}

}  // namespace ratesim::models
