// `ratesim playground FILE [-o PAGE.html]`: one self-contained HTML page that
// reruns the scenario in the browser, with sliders for its tunables
// (`playground:`, sim/scenario/playground_config.hpp), a strategy picker and
// a seed box. The page is the embedded template (playground_page.hpp) filled
// with the page's data and the WebAssembly module, which
// scripts/build-playground-module builds beside the binary. docs/playground.md.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "sim/cli/build_info.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/playground_page.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/output/playground_data.hpp"
#include "sim/output/written_file.hpp"
#include "sim/run/experiment.hpp"

namespace ratesim::cli {

namespace {

namespace fs = std::filesystem;

struct PlaygroundArgs {
    ScenarioArgs scenario;
    std::string out;     // -o: the page; default <scenario name>.html here
    std::string module;  // --module: the WebAssembly module's JS file
    std::vector<std::string> picked;  // --pick: the strategies ticked at load
};

// Where the module is: --module, else $RATESIM_PLAYGROUND_MODULE, else
// playground/ratesim_playground.js beside this program.
fs::path module_path(const std::string& option) {
    if (!option.empty()) return option;
    if (const char* env = std::getenv("RATESIM_PLAYGROUND_MODULE"); env != nullptr && *env != '\0') return env;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return (ec ? fs::path(".") : self.parent_path()) / "playground" / "ratesim_playground.js";
}

int playground_command(const PlaygroundArgs& args) {
    const scenario::ScenarioConfig s = load(args.scenario);
    for (const auto& warning : s.warnings) fmt::print(stderr, "{}\n", warning);
    for (const auto& group : s.clients)
        if (group.workload.kind == models::WorkloadConfig::Kind::trace)
            throw UsageError(fmt::format(
                "{}: error: playground: group '{}' replays a trace (workload kind trace), whose CSV file a page "
                "cannot read; allowed: a scenario whose groups are batch or poisson workloads",
                s.file, group.name));
    if (!s.sweep_path.empty())
        throw UsageError(fmt::format("{}: error: playground: the scenario sweeps {}, and a page runs one "
                                     "point; allowed: a scenario without sweep: (its sliders vary a path "
                                     "instead)",
                                     s.file, s.sweep_path));
    std::vector<std::string> names;
    for (const auto& v : run::variants_of(s)) names.push_back(v.name);
    for (const auto& name : args.picked)
        if (std::find(names.begin(), names.end(), name) == names.end())
            throw UsageError(fmt::format("playground: error: --pick {}: the scenario has no such strategy; allowed: {}",
                                         name, fmt::join(names, ", ")));
    const fs::path module = module_path(args.module);
    std::error_code ec;
    if (!fs::is_regular_file(module, ec)) {
        note_on_stderr(fmt::format(
            "playground: error: the WebAssembly module {} is missing; build it with "
            "scripts/build-playground-module (it needs Debian's emscripten: apt-get install emscripten), "
            "or name the module with --module FILE or RATESIM_PLAYGROUND_MODULE",
            module.string()));
        return 1;
    }
    std::ifstream in(module, std::ios::binary);
    std::ostringstream module_text;
    module_text << in.rdbuf();
    if (!in && !in.eof()) throw std::runtime_error("cannot read " + module.string());
    const fs::path out = args.out.empty() ? fs::path(s.name + ".html") : fs::path(args.out);
    const std::string page =
        fill_playground_page(playground_page_template(),
                             // Without the commit, so a shipped page stays the same from one commit to the next.
                             output::playground_data_json(s, "ratesim " + build_info().version, args.picked),
                             module_text.str());
    output::write_whole(out, page, "playground");
    fmt::print(stderr, "wrote {} ({} KiB): {} slider(s), {} strateg{}\n", out.string(), (page.size() + 1023) / 1024,
               s.playground.size(), run::variants_of(s).size(), run::variants_of(s).size() == 1 ? "y" : "ies");
    return 0;
}

CommandMain attach_playground(CLI::App& cmd) {
    auto args = std::make_shared<PlaygroundArgs>();
    add_scenario_options(cmd, args->scenario);
    cmd.remove_option(cmd.get_option("--max-memory"));  // the page runs in the browser
    cmd.add_option("-o,--output", args->out, "the page to write (default <scenario name>.html here)");
    cmd.add_option("--pick", args->picked,
                   "a strategy ticked when the page opens (repeat for more; default: the first two)");
    cmd.add_option("--module", args->module,
                   "the WebAssembly module (default: $RATESIM_PLAYGROUND_MODULE, else "
                   "playground/ratesim_playground.js beside the ratesim binary)");
    return [args] { return playground_command(*args); };
}

}  // namespace

REGISTER_SUBCOMMAND(45, "playground",
                    "write one offline HTML page that reruns the scenario in the browser, with sliders",
                    attach_playground);

}  // namespace ratesim::cli
