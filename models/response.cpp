#include "models/response.hpp"

namespace ratesim::models {

const char* dimension_name(Dimension d) {
    switch (d) {
        case Dimension::requests: return "requests";
        case Dimension::input_tokens: return "input-tokens";
        case Dimension::output_tokens: return "output-tokens";
    }
    return "?";
}

}  // namespace ratesim::models
