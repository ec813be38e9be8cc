// `ratesim import-limits FILE.json [-o FILE]`: turns a saved response of the
// Rate Limits API (GET /v1/organizations/rate_limits, the Admin API;
// https://platform.claude.com/docs/en/api/admin/rate_limits/list) into a
// scenario's `api:` section, printed or written whole to FILE. Groups that map
// to no pool are skipped with a note on standard error. The reading itself is
// sim/scenario/rate_limits_response.hpp.
#include <fmt/format.h>

#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/output/written_file.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/rate_limits_response.hpp"
#include "sim/scenario/scenario_error.hpp"

namespace ratesim::cli {

int import_limits_command(const std::string& file, const std::string& out) {
    const std::string text = scenario::read_input_file(
        file, scenario::InputKind::rate_limits, [&](const std::string& problem, const std::string& allowed) {
            throw scenario::ScenarioError(fmt::format(
                "import-limits: error: {}; allowed: {}, saved from GET /v1/organizations/rate_limits",
                problem, allowed));
        });
    const scenario::ImportedLimits limits = scenario::parse_rate_limits_response(text, file);
    for (const auto& note : limits.notes) fmt::print(stderr, "{}: note: {}\n", file, note);
    const std::string yaml = scenario::api_section_yaml(limits, file);
    if (out.empty()) {
        fmt::print("{}", yaml);
    } else {
        output::write_whole(out, yaml, "import-limits");
        fmt::print(stderr, "wrote {}: {} pool(s){}\n", out, limits.pools.size(),
                   limits.batch_rpm ? ", batch limits" : "");
    }
    return 0;
}

namespace {

CommandMain attach_import_limits(CLI::App& cmd) {
    auto file = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    cmd.add_option("FILE", *file, "a saved response of GET /v1/organizations/rate_limits (JSON)")
        ->required();
    cmd.add_option("-o,--output", *out, "write the api: section to this file (whole, or not at all) "
                                        "instead of standard output");
    return [file, out] { return import_limits_command(*file, *out); };
}

}  // namespace

REGISTER_SUBCOMMAND(55, "import-limits",
                    "turn a saved Rate Limits API response into a scenario's api: section",
                    attach_import_limits);

}  // namespace ratesim::cli
