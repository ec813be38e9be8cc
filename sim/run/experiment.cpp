#include "sim/run/experiment.hpp"

#include "models/strategy/registry.hpp"
#include "models/world.hpp"
#include "sim/run/metric_columns.hpp"
#include "sim/run/metrics_sink.hpp"

namespace ratesim::sim {

std::vector<Variant> variants_of(const ScenarioConfig& scenario) {
    std::vector<Variant> variants;
    for (const auto& s : scenario.variants)
        variants.push_back({s.name, models::describe_strategy(s), s});
    if (!variants.empty()) return variants;
    // No comparison: one variant, named after the groups' strategy.
    Variant own{"scenario", "", std::nullopt};
    bool same = true;
    for (const auto& g : scenario.clients) {
        same &= g.strategy.name == scenario.clients.front().strategy.name;
        own.description += (own.description.empty() ? "" : " | ") + g.name + ": " +
                           models::describe_strategy(g.strategy);
    }
    if (same && !scenario.clients.empty()) own.name = scenario.clients.front().strategy.name;
    return {own};
}

RunMetrics run_once(const ScenarioConfig& scenario, const Variant& variant, int replication,
                    std::ostream* timeseries) {
    models::WorldConfig world_config;
    world_config.api = scenario.api;
    world_config.groups = scenario.clients;
    if (variant.strategy)
        for (auto& g : world_config.groups) g.strategy = *variant.strategy;
    world_config.seed = scenario.seed;
    world_config.replication = static_cast<std::uint64_t>(replication);
    world_config.sample_every = scenario.bin;

    MetricsSink sink(scenario, world_config.groups, variant.name, replication, timeseries);
    Scheduler scheduler;
    models::World world(world_config, scheduler, sink);
    world.start();
    const std::uint64_t events = scheduler.run_until(scenario.duration, world);
    world.bill_abandoned();
    RunMetrics m = sink.finish(scheduler.now(), world.pending_items(), events);
    m.strategy = variant.description;
    return m;
}

std::vector<VariantResult> run_experiment(const ScenarioConfig& scenario, std::ostream* timeseries) {
    std::vector<VariantResult> results;
    const auto& columns = metric_columns();
    for (const Variant& variant : variants_of(scenario)) {
        VariantResult r{variant, {}, {}};
        Eigen::MatrixXd table(scenario.replications, static_cast<Eigen::Index>(columns.size()));
        for (int rep = 0; rep < scenario.replications; ++rep) {
            r.runs.push_back(run_once(scenario, variant, rep, timeseries));
            for (std::size_t c = 0; c < columns.size(); ++c)
                table(rep, static_cast<Eigen::Index>(c)) = columns[c].get(r.runs.back());
        }
        r.summary = summarize_columns(table);
        results.push_back(std::move(r));
    }
    return results;
}

}  // namespace ratesim::sim
