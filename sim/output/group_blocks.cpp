#include "sim/output/group_blocks.hpp"

#include <fmt/format.h>

#include "sim/output/comparison_table.hpp"
#include "sim/scenario/rate_profile_json.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace ratesim::output {

std::string group_heading(const nlohmann::json& group) {
    const std::string name = group.value("name", "?");
    const nlohmann::json workload = group.value("workload", nlohmann::json::object());
    const std::string kind = workload.value("kind", "");
    const auto workers = group.value("workers", 0);
    const std::string staff = fmt::format("{} worker{}", workers, workers == 1 ? "" : "s");
    if (kind == "poisson")
        return fmt::format("group {}: poisson arrivals at {}, {} (open loop: no makespan)", name,
                           scenario::rate_text(workload.value("rate", nlohmann::json())), staff);
    if (kind == "trace")
        return fmt::format("group {}: a trace of {} requests, {} (open loop)", name,
                           workload.value("requests", 0), staff);
    return fmt::format("group {}: a batch of {} items, {}", name, workload.value("items", 0), staff);
}

std::string comparison_tables(const scenario::ScenarioConfig& scenario,
                              const std::vector<run::VariantResult>& results, std::size_t width) {
    if (results.empty() || results.front().groups.empty()) return comparison_table(results, width);
    std::string out = "all groups (the organization):\n" + comparison_table(results, width);
    const nlohmann::json clients = scenario::scenario_to_json(scenario).value("clients", nlohmann::json::array());
    for (std::size_t g = 0; g < results.front().groups.size(); ++g) {
        // Appended piece by piece (a chain of + trips GCC 12's -Wrestrict).
        out += '\n';
        out += g < clients.size() ? group_heading(clients[g]) : "group " + results.front().groups[g].name;
        out += ":\n";
        out += comparison_table(run::group_view(results, g), width, &results);
    }
    return out;
}

}  // namespace ratesim::output
