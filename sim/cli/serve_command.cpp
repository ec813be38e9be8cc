// `ratesim serve`: the scenario's api behind a local Messages API on the wall
// clock, until Ctrl-C, SIGTERM or --for; then its result directory.
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/subcommand.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/scenario/units.hpp"
#include "sim/serve/serve_session.hpp"

namespace ratesim::cli {

namespace {

struct ServeArgs {
    ScenarioArgs scenario;
    std::string host = "127.0.0.1";
    int port = 0;
    std::string out_dir;
    std::string for_time;
    int threads = 1100;
    bool no_plots = false;
    bool quiet = false;
};

int serve_command(const ServeArgs& args) {
    const std::atomic<bool>& interrupted = interrupt_flag();
    engine::Time for_time = engine::kNever;
    if (!args.for_time.empty()) {
        const auto parsed = scenario::parse_duration(args.for_time);
        if (!parsed || *parsed.value <= 0)
            throw UsageError(fmt::format("--for {}: error: {}; allowed: a duration above 0, e.g. 30s, 5m",
                                         args.for_time, parsed ? "it must be above 0" : parsed.error));
        for_time = *parsed.value;
    }
    const scenario::ScenarioConfig scenario = load(args.scenario);
    for (const auto& warning : scenario.warnings) fmt::print(stderr, "{}\n", warning);
    (void)checked_memory_budget(args.scenario, scenario, 1);
    serve::SessionOptions options;
    options.http = {args.host, args.port, args.threads, 5};
    options.out = args.out_dir.empty() ? std::filesystem::path("out") / (scenario.name + "-live")
                                       : std::filesystem::path(args.out_dir);
    options.for_time = for_time;
    options.plots = !args.no_plots;
    const bool quiet = args.quiet;
    const std::string group = scenario.clients.at(scenario.serve.group).name;
    options.listening = [&](const std::string& url) {
        // The address first and alone on its line, for scripts that start serve on port 0.
        fmt::print("listening on {}\n", url);
        if (!quiet)
            fmt::print("serving {} (output lengths of group '{}'); point a client at it with\n"
                       "  ANTHROPIC_BASE_URL={}\n{}\n",
                       scenario.name, group, url,
                       for_time == engine::kNever ? "Ctrl-C stops it and writes the report"
                                                  : fmt::format("it stops after {}", args.for_time));
        std::fflush(stdout);
    };
    const serve::SessionOutcome outcome = serve::serve_session(scenario, options, interrupted);
    if (!outcome.render_notice.empty() && !quiet) fmt::print(stderr, "note: {}\n", outcome.render_notice);
    if (!quiet)
        fmt::print("served {:.1f}s, {} requests answered by the model\nwrote {}/requests.jsonl, summary.csv, "
                   "summary.json, timeseries.csv, latency_cdf.csv, report.html{}\n",
                   outcome.served_s, outcome.requests, options.out.string(), outcome.plotted ? ", plots/" : "");
    return 0;
}

CommandMain attach_serve(CLI::App& cmd) {
    auto args = std::make_shared<ServeArgs>();
    add_scenario_options(cmd, args->scenario);
    cmd.add_option("--port", args->port, "TCP port; 0 picks a free one (printed on stdout)")
        ->check(CLI::Range(0, 65535));
    cmd.add_option("--host", args->host, "address to listen on (default 127.0.0.1)");
    cmd.add_option("-o,--out", args->out_dir, "result directory (default out/<scenario name>-live)");
    cmd.add_option("--for", args->for_time, "stop by itself after this long (e.g. 30s, 5m)");
    cmd.add_option("--threads", args->threads,
                   "worker threads: connections served at once, each stream holding one (default 1100)")
        ->check(CLI::Range(1, 20000));
    cmd.add_flag("--no-plots", args->no_plots, "draw no plots (report.html keeps its tables)");
    cmd.add_flag("-q,--quiet", args->quiet, "print only the address and errors");
    return [args] { return serve_command(*args); };
}

}  // namespace

REGISTER_SUBCOMMAND(35, "serve", "serve the scenario's api as a local Messages API on the wall clock",
                    attach_serve);

}  // namespace ratesim::cli
