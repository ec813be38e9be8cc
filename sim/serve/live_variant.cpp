#include "sim/serve/live_variant.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "sim/run/metrics_sink.hpp"

namespace ratesim::serve {

namespace {

using output::BucketSample;
using output::RequestRecord;

models::Dimension dimension_named(const std::string& name) {
    for (const models::Dimension d : models::kAllDimensions)
        if (name == output::record_dimension_name(d)) return d;
    return models::Dimension::requests;
}

// What the sink sees of one record at one moment, in time order.
struct Moment {
    engine::Time at = 0;
    int order = 0;            // at the same time: arrivals, then answers, then samples
    std::size_t index = 0;    // into the requests or the samples
};

// Whether the model saw the request (an answer it decided: 200, 429, 529);
// other errors (400, 401, 404, 413) never reached the limits.
bool reached_the_model(const RequestRecord& r) {
    return r.status == models::status::ok || r.status == models::status::rate_limited ||
           r.status == models::status::overloaded;
}

models::AttemptObservation answered(const RequestRecord& r, int group) {
    models::AttemptObservation a;
    a.group = group;
    a.sent_at = engine::from_seconds(r.arrival_s);
    a.answered_at = engine::from_seconds(r.answered_s);
    // A stream that broke off with overloaded_error: a 200 that is no success,
    // counted as a midstream error, as a run counts it.
    a.status = r.status;
    a.stream_error = r.stream_error;
    a.exceeded = dimension_named(r.exceeded);
    a.spend_limit = r.spend_limit;
    return a;
}

}  // namespace

LiveVariant live_variant(const scenario::ScenarioConfig& scenario, const std::vector<RequestRecord>& requests,
                         const std::vector<BucketSample>& samples, double end_s) {
    std::vector<Moment> moments;
    std::map<std::int64_t, engine::Time> item_created;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const RequestRecord& r = requests[i];
        if (!reached_the_model(r)) continue;
        moments.push_back({engine::from_seconds(r.arrival_s), 0, i});
        moments.push_back({engine::from_seconds(r.answered_s), 1, i});
        if (r.attempt == 0) item_created[r.item] = engine::from_seconds(r.arrival_s);
        end_s = std::max(end_s, r.answered_s);
    }
    for (std::size_t i = 0; i < samples.size(); ++i) {
        moments.push_back({engine::from_seconds(samples[i].at_s), 2, i});
        end_s = std::max(end_s, samples[i].at_s);
    }
    std::stable_sort(moments.begin(), moments.end(), [](const Moment& a, const Moment& b) {
        return a.at != b.at ? a.at < b.at : a.order < b.order;
    });

    // The live traffic is the serve group's; the scenario's other groups are
    // there, with nothing, so that per-group tables line up with a run's.
    std::vector<models::ClientGroupConfig> groups = scenario.clients;
    for (auto& g : groups) g.workers = 1;  // the sink sees each group's live clients as one
    const int group = static_cast<int>(scenario.serve.group);
    LiveVariant live;
    run::MetricsSink sink(scenario, groups, kLiveVariant, 0, &live.series);
    std::int64_t items = 0, succeeded = 0;
    for (const Moment& m : moments) {
        if (m.order == 2) {
            const BucketSample& s = samples[m.index];
            models::WorldSample world;
            world.at = m.at;
            world.in_flight = s.in_flight;
            for (const auto& pool : scenario.api.pools)
                for (const char* dimension : output::kRecordDimensionNames) {
                    const auto it = s.fill.find(pool.name + "_" + dimension);
                    world.bucket_fill.push_back(it == s.fill.end() ? std::nan("") : it->second);
                }
            sink.sample(world);
            continue;
        }
        const RequestRecord& r = requests[m.index];
        if (m.order == 0) {
            if (r.attempt == 0) {
                sink.items_created(group, m.at, 1);
                ++items;
            }
            sink.attempt_sent(group, 0, m.at);
            continue;
        }
        sink.attempt_answered(answered(r, group));
        if (r.status != models::status::ok) continue;
        sink.attempt_billed({group, m.at, r.input_tokens, 0, 0, r.output_tokens, r.input_tokens, r.usd,
                             r.client_closed, r.stream_error});
        if (r.stream_error || r.client_closed) continue;
        const auto created = item_created.find(r.item);
        sink.item_finished({group, 0, created == item_created.end() ? engine::from_seconds(r.arrival_s) : created->second,
                            m.at, true});
        ++succeeded;
    }
    // serve cannot see a client give up: an item that never succeeded is in progress.
    std::vector<models::ItemsLeft> left(groups.size());
    left[static_cast<std::size_t>(group)].in_progress = items - succeeded;
    run::RunMetrics metrics =
        sink.finish(engine::from_seconds(end_s), left, static_cast<std::uint64_t>(moments.size()));
    metrics.strategy = "the live clients' own (recorded by ratesim serve)";
    run::VariantResult& result = live.result;
    result.variant = {kLiveVariant, metrics.strategy, std::nullopt};
    result.strategy_name = kLiveVariant;
    result.runs = {metrics};
    result.summary = run::summarize_columns(run::metric_table(result.runs), scenario.confidence);
    for (std::size_t g = 0; g < metrics.groups.size(); ++g)
        result.groups.push_back({metrics.groups[g].group, run::summarize_columns(run::metric_table(result.runs, g), scenario.confidence), {}});
    return live;
}

LiveVariant read_live_variant(const scenario::ScenarioConfig& scenario, const std::filesystem::path& dir) {
    const auto requests = output::read_requests_jsonl(dir / "requests.jsonl");
    return live_variant(scenario, requests, output::read_bucket_samples_jsonl(dir / "bucket_samples.jsonl"), 0);
}

}  // namespace ratesim::serve
