#pragma once
// The live traffic `ratesim serve` recorded, as a variant named `live`: its
// requests and bucket samples are played, in time order, into the same
// metrics sink a simulated run feeds, so its figures and time series mean
// what a simulated variant's do and go through the same writers.
#include <filesystem>
#include <vector>

#include "sim/output/live_record_files.hpp"
#include "sim/run/experiment.hpp"

namespace ratesim::serve {

inline constexpr const char* kLiveVariant = "live";

struct LiveVariant {
    run::VariantResult result;  // one replication
    run::RunSeries series;
};

// `end_s`: how long serve ran (the record's last moment when smaller).
LiveVariant live_variant(const scenario::ScenarioConfig& scenario,
                         const std::vector<output::RequestRecord>& requests,
                         const std::vector<output::BucketSample>& samples, double end_s);

// The same, from a serve result directory (its requests.jsonl and bucket_samples.jsonl).
LiveVariant read_live_variant(const scenario::ScenarioConfig& scenario, const std::filesystem::path& dir);

}  // namespace ratesim::serve
