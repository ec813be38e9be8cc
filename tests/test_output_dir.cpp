// The output directory is replaced only when it is empty or an earlier
// ratesim result.
#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "support/program.hpp"

#include "sim/output/result_file_error.hpp"
#include "sim/output/staged_directory.hpp"

namespace test_output_dir {

namespace fs = std::filesystem;
using ratesim::output::ResultFileError;
using ratesim::output::StagedDirectory;

namespace {

void write(const fs::path& file, const char* text) { std::ofstream(file) << text; }

std::string read(const fs::path& file) {
    std::ifstream in(file);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("a directory holding someone else's files is refused and left untouched", "[output]") {
    const ratesim::testing::TempDir tmp;
    const fs::path dir = tmp / "ratesim-outdir-foreign";
    fs::create_directories(dir);
    write(dir / "notes.txt", "mine");
    CHECK_THROWS_WITH(StagedDirectory(dir), Catch::Contains("holds no earlier ratesim result"));
    CHECK(read(dir / "notes.txt") == "mine");
    fs::remove_all(dir);
}

TEST_CASE("an earlier ratesim result is replaced whole, and an uncommitted one leaves no trace",
          "[output]") {
    const ratesim::testing::TempDir tmp;
    const fs::path dir = tmp / "ratesim-outdir-replace";
    {
        StagedDirectory first(dir);
        write(first.path() / "summary.csv", "old");
        first.commit();
    }
    CHECK(fs::exists(dir / StagedDirectory::kMarker));
    {
        StagedDirectory abandoned(dir);  // e.g. the run failed
        write(abandoned.path() / "summary.csv", "half");
    }
    CHECK(read(dir / "summary.csv") == "old");
    {
        StagedDirectory second(dir);
        write(second.path() / "timeseries.csv", "new");
        second.commit();
    }
    CHECK_FALSE(fs::exists(dir / "summary.csv"));
    CHECK(read(dir / "timeseries.csv") == "new");
    for (const auto& entry : fs::directory_iterator(dir.parent_path()))
        CHECK(entry.path().filename().string().find(".ratesim-outdir-replace") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("a file in the place of the output directory is refused", "[output]") {
    const ratesim::testing::TempDir tmp;
    const fs::path file = tmp / "ratesim-outdir-file";
    write(file, "x");
    CHECK_THROWS_AS(StagedDirectory(file), ResultFileError);
    CHECK(read(file) == "x");
    fs::remove(file);
}

}  // namespace test_output_dir
