#include "sim/output/part_runs_file.hpp"

#include <fmt/format.h>

#include <cstring>
#include <type_traits>

#include "sim/output/result_file_error.hpp"
#include "sim/output/written_file.hpp"

namespace ratesim::output {

namespace {

constexpr char kRunsMagic[] = "ratesim-runs 3\n";  // 3: with r4xx (2: broken streams, per-model rows)
constexpr std::uint32_t kByteOrder = 0x01020304;
constexpr std::uint8_t kCountsBin = 1, kLevelsBin = 2;

// The fields of one run's figures, once, for writing and reading alike.
// Adding a field to run::RunMetrics changes its size and stops the build
// here until the field is listed: a merged result must not lose it.
static_assert(sizeof(run::RunMetrics) == 496 || sizeof(void*) != 8,
              "run::RunMetrics changed: list the new field in metric_fields()");
template <class Archive, class Metrics>
void metric_fields(Archive& a, Metrics& m) {
    a(m.variant), a(m.strategy), a(m.replication), a(m.group);
    a(m.items), a(m.succeeded), a(m.failed), a(m.pending), a(m.in_progress), a(m.unserved),
        a(m.owed);
    a(m.attempts), a(m.ok), a(m.r429), a(m.r529), a(m.r5xx), a(m.r4xx), a(m.timeouts), a(m.midstream_errors),
        a(m.never_admissible);
    a(m.r429_requests), a(m.r429_input_tokens), a(m.r429_output_tokens), a(m.r429_spend_limit);
    a(m.rate_429), a(m.rate_529), a(m.rate_midstream), a(m.amplification);
    a(m.goodput_rpm), a(m.goodput_itpm), a(m.goodput_otpm), a(m.util_rpm), a(m.util_itpm),
        a(m.util_otpm);
    a(m.latency_p50_s), a(m.latency_p90_s), a(m.latency_p99_s), a(m.latency_max_s);
    a(m.makespan_s), a(m.fairness_jain), a(m.latency_cdf_s), a(m.cost_usd), a(m.wasted_usd);
    a(m.simulated_s), a(m.events);
    a.size(m.groups);
    for (auto& g : m.groups) metric_fields(a, g);
    a.size(m.models);
    for (auto& r : m.models)
        a(r.group), a(r.model), a(r.attempts), a(r.ok), a(r.r429), a(r.r529), a(r.items_succeeded),
            a(r.items_failed), a(r.cost_usd);
}

template <class Archive, class Counts>
void count_fields(Archive& a, Counts& c) {
    a(c.start), a(c.end), a(c.attempts), a(c.ok), a(c.r429), a(c.r529), a(c.timeouts), a(c.group);
}

template <class Archive, class Levels>
void level_fields(Archive& a, Levels& l) {
    a(l.at), a(l.in_flight), a(l.queued);
}

class Writer {
public:
    explicit Writer(std::ofstream& out) : out_(out) {}
    template <class T>
    std::enable_if_t<std::is_arithmetic_v<T>> operator()(const T& value) {
        out_.write(reinterpret_cast<const char*>(&value), sizeof value);  // doubles: all 64 bits
    }
    void operator()(const std::string& s) {
        size(s);
        out_.write(s.data(), static_cast<std::streamsize>(s.size()));
    }
    template <class T>
    void operator()(const std::vector<T>& v) {
        size(v);
        for (const auto& x : v) (*this)(x);
    }
    template <class Sized>
    void size(const Sized& s) {
        (*this)(static_cast<std::uint64_t>(s.size()));
    }

private:
    std::ofstream& out_;
};

class Reader {
public:
    Reader(std::ifstream& in, const std::filesystem::path& file) : in_(in), file_(file) {}
    template <class T>
    std::enable_if_t<std::is_arithmetic_v<T>> operator()(T& value) {
        if (!in_.read(reinterpret_cast<char*>(&value), sizeof value)) truncated();
    }
    void operator()(std::string& s) {
        s.resize(count(1));
        if (!in_.read(s.data(), static_cast<std::streamsize>(s.size()))) truncated();
    }
    template <class T>
    void operator()(std::vector<T>& v) {
        v.resize(count(std::is_arithmetic_v<T> ? sizeof(T) : sizeof(std::uint64_t)));
        for (auto& x : v) (*this)(x);
    }
    template <class Sized>
    void size(Sized& s) {
        s.resize(count(1));
    }
    [[noreturn]] void truncated() const {
        throw ResultFileError(
            fmt::format("{}: error: the file ends in the middle of a run; allowed: a {} "
                        "that `ratesim run --shard` wrote in full",
                        file_.string(), kPartRunsFile));
    }

private:
    // A length, checked against what is left of the file so a damaged one
    // cannot ask for more memory than the file holds.
    std::size_t count(std::size_t least_bytes_each) {
        std::uint64_t n = 0;
        (*this)(n);
        const auto here = in_.tellg();
        in_.seekg(0, std::ios::end);
        const auto left = static_cast<std::uint64_t>(in_.tellg() - here);
        in_.seekg(here);
        if (n > left / least_bytes_each) truncated();
        return static_cast<std::size_t>(n);
    }
    std::ifstream& in_;
    const std::filesystem::path& file_;
};

}  // namespace

PartRunsWriter::PartRunsWriter(const std::filesystem::path& file)
    : file_(file), out_(file, std::ios::binary) {
    out_.write(kRunsMagic, sizeof kRunsMagic - 1);
    Writer w(out_);
    w(kByteOrder);
}

void PartRunsWriter::take(std::size_t run, const run::RunMetrics& metrics,
                          const run::RunSeries& series) {
    Writer w(out_);
    w(static_cast<std::uint64_t>(run));
    metric_fields(w, metrics);
    w(series.variant), w(series.replication), w(series.pools), w(series.groups);
    w.size(series.bins);
    for (const auto& bin : series.bins) {
        if (const auto* counts = std::get_if<run::BinCounts>(&bin)) {
            w(kCountsBin);
            count_fields(w, *counts);
        } else {
            w(kLevelsBin);
            level_fields(w, std::get<run::BinLevels>(bin));
        }
    }
    w(series.bucket_fill);
    ++written_;
}

void PartRunsWriter::close() { close_written(out_, file_); }

PartRunsReader::PartRunsReader(const std::filesystem::path& file)
    : file_(file), in_(file, std::ios::binary) {
    if (!in_)
        throw ResultFileError(
            fmt::format("{}: error: cannot read it; allowed: a part directory that "
                        "`ratesim run --shard` wrote",
                        file.string()));
    std::string magic(sizeof kRunsMagic - 1, '\0');
    std::uint32_t order = 0;
    in_.read(magic.data(), static_cast<std::streamsize>(magic.size()));
    in_.read(reinterpret_cast<char*>(&order), sizeof order);
    if (!in_ || magic != kRunsMagic)
        throw ResultFileError(
            fmt::format("{}: error: not a {} of this version of ratesim; allowed: one "
                        "that `ratesim run --shard` wrote",
                        file.string(), kPartRunsFile));
    if (order != kByteOrder)
        throw ResultFileError(
            fmt::format("{}: error: written on a machine of the other byte order; "
                        "allowed: parts written and merged on machines of one byte order",
                        file.string()));
}

void PartRunsReader::release() {
    if (!in_.is_open()) return;
    offset_ = in_.tellg();
    in_.close();
}

bool PartRunsReader::next(Record& record) {
    if (!in_.is_open()) {
        in_.open(file_, std::ios::binary);
        in_.seekg(offset_);
        if (!in_)
            throw ResultFileError(
                fmt::format("{}: error: cannot read it again; allowed: parts left as they "
                            "are while `ratesim merge` reads them",
                            file_.string()));
    }
    if (in_.peek() == std::char_traits<char>::eof()) return false;
    Reader r(in_, file_);
    record = Record{};
    r(record.run);
    metric_fields(r, record.metrics);
    r(record.series.variant), r(record.series.replication), r(record.series.pools),
        r(record.series.groups);
    r.size(record.series.bins);
    for (auto& bin : record.series.bins) {
        std::uint8_t kind = 0;
        r(kind);
        if (kind == kCountsBin) {
            run::BinCounts counts;
            count_fields(r, counts);
            bin = counts;
        } else if (kind == kLevelsBin) {
            run::BinLevels levels;
            level_fields(r, levels);
            bin = levels;
        } else {
            r.truncated();
        }
    }
    r(record.series.bucket_fill);
    return true;
}

}  // namespace ratesim::output
