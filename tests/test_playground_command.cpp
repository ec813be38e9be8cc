// `ratesim playground FILE [-o PAGE]` (sim/cli/playground_command.cpp): one
// page, the template filled once with the data and once with the module,
// each escaped so no text in it ends its script element; refusals and the
// missing module each with their message and exit code.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/program.hpp"

#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace test_playground_command {

using namespace ratesim::testing;
using Catch::Matchers::Contains;

namespace {

// A module whose text would end a script element, in both cases, were it not escaped.
const std::string kFakeModule =
    "var RatesimModule = function () { return \"</script><p id=escaped>\" + '</SCRIPT >'; };\n";

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

// The text of the script element with `id`, as an HTML parser ends it: at the first "</script".
std::string script_text(const std::string& page, const std::string& id) {
    const std::string open = "<script id=\"" + id + "\"";
    const auto start = page.find('>', page.find(open));
    REQUIRE(page.find(open) != std::string::npos);
    std::string lower = page;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto end = lower.find("</script", start);
    REQUIRE(end != std::string::npos);
    return page.substr(start + 1, end - start - 1);
}

}  // namespace

TEST_CASE("ratesim playground writes one page with the data and the module once each, escaped",
          "[playground-command]") {
    TempDir dir;
    write_file(dir / "module.js", kFakeModule);
    const std::string scenario = kSource + "/scenarios/retry-storm.yaml";
    REQUIRE(run_ratesim(fmt::format("playground {} --module {} -o {}", quote(scenario),
                                    quote((dir / "module.js").string()), quote((dir / "page.html").string())),
                        dir.path()) == 0);
    const std::string page = read_file(dir / "page.html");
    CHECK(count_of(page, "@@RATESIM_") == 0);
    // The module's text ends nowhere early: the element holds all of it, "</" escaped.
    const std::string module = script_text(page, "ratesim-module");
    CHECK(module == "var RatesimModule = function () { return \"<\\/script><p id=escaped>\" + '<\\/SCRIPT >'; };\n");
    CHECK(count_of(page, "var RatesimModule") == 1);
    // The data: the resolved scenario as `run` resolves it, the tunables of the file, the strategies.
    const auto data = nlohmann::json::parse(script_text(page, "ratesim-data"));
    const auto config = ratesim::scenario::load_scenario(scenario);
    CHECK(data["scenario"] == ratesim::scenario::scenario_to_json(config));
    CHECK(data["title"] == "retry-storm");
    CHECK(data["description"] == config.description);
    CHECK(data["seed"] == 3);
    CHECK(data["version"] == std::string("ratesim ") + RATESIM_VERSION);
    CHECK(data["strategies"] == nlohmann::json{"naive", "exponential", "full-jitter", "equal-jitter",
                                               "decorrelated-jitter", "header-proactive"});
    CHECK(data["selected"] == nlohmann::json{"naive", "exponential"});
    REQUIRE(data["tunables"].size() == config.playground.size());
    CHECK(data["tunables"][0] == nlohmann::json{{"path", "clients.storm.workers"}, {"label", "clients.storm.workers"},
                                                {"kind", "count"}, {"min", 1}, {"max", 400},
                                                {"step", 1}, {"default", 200}});
    CHECK(data["tunables"][2]["kind"] == "duration");
    CHECK(data["tunables"][2]["default"] == 1);
}

TEST_CASE("ratesim playground escapes every </ in the data, which holds the scenario's own text",
          "[playground-command]") {
    TempDir dir;
    write_file(dir / "module.js", kFakeModule);
    const std::string yaml =
        read_file(kSource + "/scenarios/quickstart.yaml") + "\n# appended by the test\n";
    write_file(dir / "s.yaml", yaml);
    REQUIRE(run_ratesim(fmt::format("playground s.yaml --module module.js --set 'description=a </script> b'"),
                        dir.path(), "cd " + quote(dir.path().string()) + " &&") == 0);
    const std::string name = ratesim::scenario::load_scenario((dir / "s.yaml").string()).name;
    const std::string page = read_file(dir / (name + ".html"));  // the default: <name>.html here
    const auto data = nlohmann::json::parse(script_text(page, "ratesim-data"));
    CHECK(data["description"] == "a </script> b");
    CHECK(count_of(page, "a <\\/script> b") == 2);  // the page's description and the scenario's
    CHECK(count_of(page, "a </script> b") == 0);
}

TEST_CASE("ratesim playground says how to build the module when it is missing, exit 1",
          "[playground-command]") {
    TempDir dir;
    const std::string scenario = quote(kSource + "/scenarios/retry-storm.yaml");
    CHECK(run_ratesim(fmt::format("playground {} --module {} -o {}", scenario, quote((dir / "none.js").string()),
                                  quote((dir / "page.html").string())),
                      dir.path()) == 1);
    const std::string error = read_file(dir / "stderr.txt");
    CHECK_THAT(error, Contains((dir / "none.js").string() + " is missing"));
    CHECK_THAT(error, Contains("scripts/build-playground-module"));
    CHECK_THAT(error, Contains("apt-get install emscripten"));
    CHECK_FALSE(fs::exists(dir / "page.html"));
    // The environment names it too, and --module wins over it.
    CHECK(run_ratesim(fmt::format("playground {} -o {}", scenario, quote((dir / "page.html").string())), dir.path(),
                      "RATESIM_PLAYGROUND_MODULE=" + quote((dir / "env.js").string())) == 1);
    CHECK_THAT(read_file(dir / "stderr.txt"), Contains((dir / "env.js").string() + " is missing"));
    write_file(dir / "module.js", kFakeModule);
    CHECK(run_ratesim(fmt::format("playground {} --module {} -o {}", scenario, quote((dir / "module.js").string()),
                                  quote((dir / "page.html").string())),
                      dir.path(), "RATESIM_PLAYGROUND_MODULE=" + quote((dir / "env.js").string())) == 0);
    CHECK(fs::exists(dir / "page.html"));
}

TEST_CASE("ratesim playground refuses a trace-driven scenario, whose CSV the page cannot read, and a sweep",
          "[playground-command]") {
    TempDir dir;
    write_file(dir / "module.js", kFakeModule);
    CHECK(run_ratesim(fmt::format("playground {} --module {} -o {}",
                                  quote(kSource + "/scenarios/azure-conv-tier2.yaml"),
                                  quote((dir / "module.js").string()), quote((dir / "page.html").string())),
                      dir.path()) == 2);
    const std::string error = read_file(dir / "stderr.txt");
    CHECK_THAT(error, Contains("replays a trace (workload kind trace)"));
    CHECK_THAT(error, Contains("allowed: a scenario whose groups are batch or poisson workloads"));
    CHECK_FALSE(fs::exists(dir / "page.html"));
    // A sweep too: the page runs one point, and its sliders vary a path instead.
    CHECK(run_ratesim(fmt::format("playground {} --module {} -o {}", quote(kSource + "/scenarios/workers-sweep.yaml"),
                                  quote((dir / "module.js").string()), quote((dir / "page.html").string())),
                      dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Contains("the scenario sweeps clients."));
    CHECK_FALSE(fs::exists(dir / "page.html"));
}

TEST_CASE("ratesim playground -o writes the page where asked, and a bad playground key exits 2",
          "[playground-command]") {
    TempDir dir;
    write_file(dir / "module.js", kFakeModule);
    fs::create_directories(dir / "sub");
    const std::string scenario = quote(kSource + "/scenarios/shared-org.yaml");
    REQUIRE(run_ratesim(fmt::format("playground {} --module {} -o {}", scenario, quote((dir / "module.js").string()),
                                    quote((dir / "sub" / "mine.html").string())),
                        dir.path()) == 0);
    CHECK(fs::is_regular_file(dir / "sub" / "mine.html"));
    CHECK_FALSE(fs::exists(dir / "shared-org.html"));
    CHECK(std::distance(fs::directory_iterator(dir / "sub"), fs::directory_iterator()) == 1);  // no temporary left
    CHECK(run_ratesim(fmt::format("playground {} --module {} --set 'playground={{api.burst: 5s..1s}}'", scenario,
                                  quote((dir / "module.js").string())),
                      dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Contains("the range '5s..1s' is empty"));
}

}  // namespace test_playground_command

namespace test_playground_command {

TEST_CASE("ratesim playground --pick ticks the named strategies at load, and refuses a name it lacks",
          "[playground-command]") {
    TempDir dir;
    write_file(dir / "module.js", kFakeModule);
    const std::string scenario = quote(kSource + "/scenarios/retry-storm.yaml");
    const std::string module = quote((dir / "module.js").string());
    REQUIRE(run_ratesim(fmt::format("playground {} --pick header-proactive --pick full-jitter --module {} -o {}",
                                    scenario, module, quote((dir / "page.html").string())),
                        dir.path()) == 0);
    const auto data = nlohmann::json::parse(script_text(read_file(dir / "page.html"), "ratesim-data"));
    CHECK(data["selected"] == nlohmann::json{"full-jitter", "header-proactive"});  // in the scenario's order
    CHECK(run_ratesim(fmt::format("playground {} --pick nope --module {} -o {}", scenario, module,
                                  quote((dir / "other.html").string())),
                      dir.path()) == 2);
    CHECK_THAT(read_file(dir / "stderr.txt"), Contains("--pick nope") && Contains("allowed: naive, exponential"));
    CHECK_FALSE(fs::exists(dir / "other.html"));
}

}  // namespace test_playground_command
