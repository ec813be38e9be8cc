#pragma once
// The record `ratesim serve` keeps of live traffic, and its reader:
// requests.jsonl, one JSON line per request as it ends, and
// bucket_samples.jsonl, the pools' bucket levels at every bin end.
// `ratesim run --with-live DIR` reads both back.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "models/response.hpp"

namespace ratesim::output {

// What the record calls each rate-limit dimension (in `exceeded` and in
// bucket_samples' "<pool>_<dimension>"), as timeseries.csv does.
inline constexpr const char* kRecordDimensionNames[models::kDimensions] = {
    "requests", "input_tokens", "output_tokens", "tokens_per_minute", "tokens_per_day"};
inline const char* record_dimension_name(models::Dimension d) { return kRecordDimensionNames[static_cast<int>(d)]; }

// One request as the emulator saw it. Times are seconds since serve started.
struct RequestRecord {
    std::string request_id;
    double arrival_s = 0;
    double answered_s = 0;   // when the model's answer was complete (the last token of a success)
    double latency_s = 0;    // wall time from arrival to the last byte written
    int status = 200;        // HTTP status sent
    std::string error_type;  // the error body's type; "" for a success
    bool stream = false;
    bool stream_error = false;  // a 200 stream that ended in event: error (overloaded_error)
    std::string exceeded;       // a rate-limit 429: one of kRecordDimensionNames
    bool spend_limit = false;   // a 429 enforced_spend_limit_reached
    double retry_after_s = -1;  // the retry-after header; -1 when none was sent
    std::string model;
    std::string key;        // the API key's last four characters
    std::string workspace;  // "" = the default workspace
    double input_tokens = 0, output_tokens = 0, max_tokens = 0, usd = 0;
    int retry_count = -1;  // the SDK's x-stainless-retry-count; -1 when absent
    std::int64_t item = -1;  // which logical request this attempt belongs to (see docs/serve.md)
    int attempt = 0;         // its attempt number within the item, from 0
    bool client_closed = false;  // the client went away before the answer was complete
};

struct BucketSample {
    double at_s = 0;
    std::int64_t in_flight = 0;
    std::map<std::string, double> fill;  // "<pool>_<dimension>" -> fraction of capacity; null = unlimited
};

// Appends lines to a record file from any thread. A failed write (a full
// disk) is reported by close(), as every result file's is (written_file.hpp).
class RecordAppender {
public:
    explicit RecordAppender(const std::filesystem::path& file);
    void add(const RequestRecord& record);
    void add(const BucketSample& sample);
    void flush();
    // Closes the file; throws "cannot write FILE: REASON" unless every line was written.
    void close();

private:
    std::mutex mu_;
    std::filesystem::path file_;
    std::ofstream out_;
};

// Throw ResultFileError naming the file and line when unreadable.
std::vector<RequestRecord> read_requests_jsonl(const std::filesystem::path& file);
std::vector<BucketSample> read_bucket_samples_jsonl(const std::filesystem::path& file);

}  // namespace ratesim::output
