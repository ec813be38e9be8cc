#include "sim/serve/serve_session.hpp"

#include <cmath>
#include <thread>

#include <fmt/format.h>

#include "sim/output/latency_cdf_file.hpp"
#include "sim/output/render.hpp"
#include "sim/output/staged_directory.hpp"
#include "sim/output/summary_files.hpp"
#include "sim/output/timeseries_file.hpp"
#include "sim/serve/live_variant.hpp"

namespace ratesim::serve {

namespace {

// How often the session looks at the stop flag and the clock.
constexpr auto kPoll = std::chrono::milliseconds(20);

output::BucketSample bucket_sample(LiveServer& live, const std::vector<std::string>& pools) {
    const models::WorldSample s = live.sample();
    output::BucketSample b;
    b.at_s = engine::to_seconds(s.at);
    b.in_flight = s.in_flight;
    for (std::size_t p = 0; p < pools.size(); ++p)
        for (int d = 0; d < models::kDimensions; ++d) {
            const double fill = s.bucket_fill[p * models::kDimensions + static_cast<std::size_t>(d)];
            // The legacy tpm and tpd only where the pool has them (null for the others, as before).
            const auto dimension = static_cast<models::Dimension>(d);
            const bool legacy = models::counts_input(dimension) && models::counts_output(dimension);
            if (legacy && std::isnan(fill)) continue;
            b.fill[pools[p] + "_" + output::kRecordDimensionNames[d]] = fill;
        }
    return b;
}

}  // namespace

SessionOutcome serve_session(const scenario::ScenarioConfig& scenario, const SessionOptions& options,
                             const std::atomic<bool>& stop) {
    output::StagedDirectory staged(options.out);
    SessionOutcome outcome;
    {
        output::RecordAppender requests(staged.path() / "requests.jsonl");
        output::RecordAppender samples(staged.path() / "bucket_samples.jsonl");
        LiveServer live(scenario);
        MessagesApi api(scenario, live, &requests, options.http);
        const int port = api.bind();
        std::thread serving([&api] { api.listen(); });
        if (options.listening) options.listening(fmt::format("http://{}:{}", options.http.host, port));
        const std::vector<std::string> pools = live.pool_names();
        engine::Time next_sample = scenario.bin;
        while (!stop.load() && live.now() < options.for_time) {
            std::this_thread::sleep_for(kPoll);
            if (live.now() >= next_sample) {
                samples.add(bucket_sample(live, pools));
                requests.flush();
                next_sample += scenario.bin;
            }
        }
        api.stop();
        serving.join();
        outcome.served_s = engine::to_seconds(std::min(live.now(), options.for_time));
        samples.add(bucket_sample(live, pools));
        requests.close();  // a full disk is a write failure here, not a malformed record later
        samples.close();
    }
    const auto requests = output::read_requests_jsonl(staged.path() / "requests.jsonl");
    const LiveVariant live = live_variant(
        scenario, requests, output::read_bucket_samples_jsonl(staged.path() / "bucket_samples.jsonl"),
        outcome.served_s);
    outcome.requests = live.result.runs.front().attempts;
    {
        output::TimeseriesWriter timeseries(staged.path() / "timeseries.csv");
        timeseries.take(live.series);
        timeseries.check_written();
    }
    const std::vector<run::VariantResult> results = {live.result};
    output::write_summary_csv(staged.path() / "summary.csv", results);
    output::write_summary_json(staged.path() / "summary.json", scenario, results);
    output::write_latency_cdf_csv(staged.path() / "latency_cdf.csv", results);
    const output::RenderOutcome rendered =
        output::render_result(staged.path(), {options.plots, "", options.out.string()});
    staged.commit();
    outcome.render_notice = rendered.notice;
    outcome.plotted = rendered.plotted;
    return outcome;
}

}  // namespace ratesim::serve
