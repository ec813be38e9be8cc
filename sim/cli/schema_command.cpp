// `ratesim schema`: the JSON Schema of scenario files (draft-07), generated
// from the loader's key table; docs/scenario.schema.json is its output.
#include <fmt/format.h>

#include "sim/cli/subcommand.hpp"
#include "sim/scenario/scenario_schema.hpp"

namespace ratesim::cli {
namespace {

CommandMain attach_schema(CLI::App&) {
    return [] {
        fmt::print("{}\n", scenario::scenario_schema().dump(2));
        return 0;
    };
}

}  // namespace

REGISTER_SUBCOMMAND(60, "schema", "print the JSON Schema of scenario files, for editors (docs/editor.md)",
                    attach_schema);

}  // namespace ratesim::cli
