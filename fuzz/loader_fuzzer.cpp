// libFuzzer target: the scenario loader on arbitrary bytes. Every input must
// load or be refused with a ScenarioError (which the CLI reports with exit
// code 2); anything else (a crash, a sanitizer report, another exception, a
// hang) is a finding. A loaded scenario is also described the way `ratesim
// validate` and summary.json do, since those read every resolved field.
//
// Build and run: see fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.hpp"
#include "sim/run/experiment.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ratesim;
    const fuzz::FuzzInput input = fuzz::split_input(data, size);
    try {
        const scenario::ScenarioConfig s = scenario::load_scenario_text(input.text, "fuzz.yaml", input.sets);
        (void)run::variants_of(s);
        (void)scenario::scenario_to_json(s).dump();
    } catch (const scenario::ScenarioError&) {
    }
    return 0;
}
