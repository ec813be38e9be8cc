#include "sim/output/playground_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "sim/run/experiment.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace ratesim::output {

namespace {

using Json = nlohmann::ordered_json;

// A whole number as an integer, so the data reads as a person would write it.
Json number(double x) {
    if (std::isfinite(x) && x == std::floor(x) && std::abs(x) < 9007199254740992.0)
        return static_cast<std::int64_t>(x);
    return x;
}

}  // namespace

std::string playground_data_json(const scenario::ScenarioConfig& s, const std::string& version,
                                 const std::vector<std::string>& picked) {
    Json tunables = Json::array();
    for (const auto& t : s.playground)
        tunables.push_back({{"path", t.path},
                            {"label", t.label},
                            {"kind", scenario::tunable_kind_name(t.kind)},
                            {"min", number(t.min)},
                            {"max", number(t.max)},
                            {"step", number(t.step)},
                            {"default", number(t.value)}});
    Json strategies = Json::array(), selected = Json::array();
    for (const auto& v : run::variants_of(s)) {
        const bool pick = picked.empty() ? selected.size() < 2
                                         : std::find(picked.begin(), picked.end(), v.name) != picked.end();
        if (pick) selected.push_back(v.name);
        strategies.push_back(v.name);
    }
    const Json data = {{"title", s.name},
                       {"description", s.description},
                       {"scenario", Json::parse(scenario::scenario_to_json(s).dump())},
                       {"tunables", tunables},
                       {"strategies", strategies},
                       {"selected", selected},
                       {"seed", s.seed},
                       {"version", version}};
    return data.dump();
}

}  // namespace ratesim::output
