#pragma once
// runs.bin, in a shard's partial result (`ratesim run --shard I/N`): every
// run the shard made, in run order, with its figures (run::RunMetrics) and
// binned series (run::RunSeries), losslessly: integers as they are, doubles
// as their 64 bits, so `ratesim merge` rebuilds exactly what one process
// would have held in memory. The byte order is this machine's; the header
// says which, and a reader on another refuses the file.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "sim/run/experiment.hpp"

namespace ratesim::output {

inline constexpr const char* kPartRunsFile = "runs.bin";

// Receives the runs as the experiment hands them over and writes each at once.
class PartRunsWriter final : public run::RunReceiver {
public:
    explicit PartRunsWriter(const std::filesystem::path& file);
    void take(std::size_t run, const run::RunMetrics& metrics,
              const run::RunSeries& series) override;
    std::size_t written() const { return written_; }
    // Closes the file; throws std::runtime_error naming it if a write failed.
    void close();

private:
    std::filesystem::path file_;
    std::ofstream out_;
    std::size_t written_ = 0;
};

// Reads a runs.bin record by record. Throws ResultFileError naming the file
// when it is not one that PartRunsWriter wrote, or ends early.
class PartRunsReader {
public:
    explicit PartRunsReader(const std::filesystem::path& file);
    struct Record {
        std::uint64_t run = 0;
        run::RunMetrics metrics;
        run::RunSeries series;
    };
    // The next record; false at the end of the file.
    bool next(Record& record);
    // Closes the file until the next call of next(), which reopens it where
    // it was: a merge of many parts need not hold them all open.
    void release();

private:
    std::filesystem::path file_;
    std::ifstream in_;
    std::streampos offset_ = 0;
};

}  // namespace ratesim::output
