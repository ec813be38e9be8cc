#pragma once
// Loads a scenario file into a ScenarioConfig, strictly: every problem is a
// ScenarioError naming the file, line and column (or the --set), the
// offending key or value and what is allowed. See docs/scenarios.md.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_error.hpp"

namespace ratesim::scenario {

// The longest scenario name: it names out/<name>/ (out/<name>-plan/ for
// `plan`), which is staged beside under a name up to 85 bytes longer, and a
// file name has at most 255 bytes (the output layer's kMaxOutputNameBytes).
constexpr std::size_t kMaxScenarioNameBytes = 160;

// Whether `name` may name a scenario: letters, digits, '.', '_' and '-', not
// "." or ".." (the length is checked apart, against kMaxScenarioNameBytes).
bool is_scenario_name(const std::string& name);

// Reads the file at `path`, applies the `--set PATH=VALUE` overrides in
// order, and resolves every default. Relative paths inside (empirical CSV
// files) resolve against the file's directory.
ScenarioConfig load_scenario(const std::string& path, const std::vector<std::string>& sets = {});
// The scenario on standard input (`validate -`), labelled <stdin>, bounded
// like a file (sim/scenario/input_file.hpp).
ScenarioConfig load_scenario_stdin(const std::vector<std::string>& sets = {});

// The same for YAML text; `file_label` names it in messages. Relative paths
// inside resolve against `base_dir` (empty: the current directory), as
// load_scenario resolves them against the file's directory.
ScenarioConfig load_scenario_text(const std::string& yaml_text, const std::string& file_label,
                                  const std::vector<std::string>& sets = {}, const std::string& base_dir = "");

// The directory a scenario file's relative paths resolve against, as
// load_scenario names it (relative when `path` is).
std::string scenario_base_dir(const std::string& path);

}  // namespace ratesim::scenario
