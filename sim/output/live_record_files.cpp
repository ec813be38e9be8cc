#include "sim/output/live_record_files.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/output/result_file_error.hpp"
#include "sim/output/written_file.hpp"

namespace ratesim::output {

namespace {

using nlohmann::json;

json to_json(const RequestRecord& r) {
    return {{"request_id", r.request_id}, {"arrival_s", r.arrival_s}, {"answered_s", r.answered_s},
            {"latency_s", r.latency_s}, {"status", r.status}, {"error_type", r.error_type},
            {"stream", r.stream}, {"stream_error", r.stream_error}, {"exceeded", r.exceeded},
            {"spend_limit", r.spend_limit},
            {"retry_after_s", r.retry_after_s < 0 ? json(nullptr) : json(r.retry_after_s)},
            {"model", r.model}, {"key", r.key}, {"workspace", r.workspace},
            {"input_tokens", r.input_tokens}, {"output_tokens", r.output_tokens},
            {"max_tokens", r.max_tokens}, {"usd", r.usd},
            {"retry_count", r.retry_count < 0 ? json(nullptr) : json(r.retry_count)},
            {"item", r.item}, {"attempt", r.attempt}, {"client_closed", r.client_closed}};
}

RequestRecord request_of(const json& j) {
    RequestRecord r;
    r.request_id = j.at("request_id").get<std::string>();
    r.arrival_s = j.at("arrival_s").get<double>();
    r.answered_s = j.at("answered_s").get<double>();
    r.latency_s = j.at("latency_s").get<double>();
    r.status = j.at("status").get<int>();
    r.error_type = j.at("error_type").get<std::string>();
    r.stream = j.at("stream").get<bool>();
    r.stream_error = j.at("stream_error").get<bool>();
    r.exceeded = j.at("exceeded").get<std::string>();
    r.spend_limit = j.at("spend_limit").get<bool>();
    r.retry_after_s = j.at("retry_after_s").is_null() ? -1.0 : j.at("retry_after_s").get<double>();
    r.model = j.at("model").get<std::string>();
    r.key = j.at("key").get<std::string>();
    r.workspace = j.at("workspace").get<std::string>();
    r.input_tokens = j.at("input_tokens").get<double>();
    r.output_tokens = j.at("output_tokens").get<double>();
    r.max_tokens = j.at("max_tokens").get<double>();
    r.usd = j.at("usd").get<double>();
    r.retry_count = j.at("retry_count").is_null() ? -1 : j.at("retry_count").get<int>();
    r.item = j.at("item").get<std::int64_t>();
    r.attempt = j.at("attempt").get<int>();
    r.client_closed = j.at("client_closed").get<bool>();
    return r;
}

BucketSample sample_of(const json& j) {
    BucketSample s;
    s.at_s = j.at("t_s").get<double>();
    s.in_flight = j.at("in_flight").get<std::int64_t>();
    for (const auto& [name, value] : j.at("buckets").items())
        s.fill[name] = value.is_null() ? std::nan("") : value.get<double>();
    return s;
}

template <class Row, class Parse>
std::vector<Row> read_lines(const std::filesystem::path& file, Parse parse) {
    std::ifstream in(file);
    if (!in)
        throw ResultFileError(fmt::format("{}: error: cannot read it (is this a `ratesim serve` result "
                                          "directory?)", file.string()));
    std::vector<Row> rows;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.empty()) continue;
        try {
            rows.push_back(parse(json::parse(line)));
        } catch (const json::exception& e) {
            throw ResultFileError(fmt::format("{}:{}: error: not a line `ratesim serve` writes ({})",
                                              file.string(), n, e.what()));
        }
    }
    return rows;
}

}  // namespace

RecordAppender::RecordAppender(const std::filesystem::path& file) : file_(file), out_(file) {
    if (!out_) throw ResultFileError(fmt::format("{}: error: cannot write it", file.string()));
}

void RecordAppender::add(const RequestRecord& record) {
    const std::string line = to_json(record).dump() + "\n";
    std::lock_guard lock(mu_);
    out_ << line;
}

void RecordAppender::add(const BucketSample& sample) {
    json buckets = json::object();
    for (const auto& [name, value] : sample.fill) buckets[name] = std::isnan(value) ? json(nullptr) : json(value);
    const std::string line =
        json{{"t_s", sample.at_s}, {"in_flight", sample.in_flight}, {"buckets", buckets}}.dump() + "\n";
    std::lock_guard lock(mu_);
    out_ << line;
}

void RecordAppender::flush() {
    std::lock_guard lock(mu_);
    out_.flush();
}

void RecordAppender::close() {
    std::lock_guard lock(mu_);
    close_written(out_, file_);
}

std::vector<RequestRecord> read_requests_jsonl(const std::filesystem::path& file) {
    return read_lines<RequestRecord>(file, request_of);
}

std::vector<BucketSample> read_bucket_samples_jsonl(const std::filesystem::path& file) {
    return read_lines<BucketSample>(file, sample_of);
}

}  // namespace ratesim::output
