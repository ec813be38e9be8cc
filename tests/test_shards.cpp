// Sweeps split across processes: `ratesim run --shard I/N` writes a part,
// `ratesim merge` joins the parts, and the merged directory is the one a
// plain `ratesim run` writes, byte for byte, plots included; under a real
// launcher (Open MPI's mpirun) too. Then the refusals (parts of another
// seed, a missing shard, a duplicated one, one still being written, a cut
// file) and `--shard auto`'s reading of each launcher's environment.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "sim/run/shard.hpp"
#include "support/program.hpp"

namespace test_shards {

namespace fs = std::filesystem;
using namespace ratesim::testing;

namespace {

const std::string kSwept = kSource + "/tests/fixtures/shards/swept.yaml";
// The launchers' variables, unset so that the environment ctest runs in cannot choose a shard.
const std::string kNoLauncher =
    "env -u SLURM_ARRAY_TASK_ID -u SLURM_ARRAY_TASK_MIN -u SLURM_ARRAY_TASK_COUNT -u "
    "SLURM_ARRAY_TASK_STEP "
    "-u OMPI_COMM_WORLD_RANK -u OMPI_COMM_WORLD_SIZE -u PMI_RANK -u PMI_SIZE -u "
    "JOB_COMPLETION_INDEX";

// Every regular file under `dir`, by path relative to it.
std::map<std::string, std::string> files_under(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file())
            files[fs::relative(entry.path(), dir).string()] = read_file(entry.path());
    return files;
}

// Both directories hold the same files with the same bytes.
void require_identical(const fs::path& expected, const fs::path& actual) {
    const auto want = files_under(expected), got = files_under(actual);
    std::set<std::string> want_names, got_names;
    for (const auto& [name, bytes] : want) want_names.insert(name);
    for (const auto& [name, bytes] : got) got_names.insert(name);
    REQUIRE(want_names == got_names);
    for (const auto& [name, bytes] : want) {
        INFO(name << " differs between " << expected << " and " << actual);
        CHECK(got.at(name) == bytes);
    }
}

// The plain run's directory, with plots (they must come out of the merge too).
void plain_run(const TempDir& tmp, const fs::path& out) {
    REQUIRE(
        run_ratesim(fmt::format("run {} -q --threads 2 -o {}", quote(kSwept), quote(out.string())),
                    tmp.path()) == 0);
    REQUIRE(fs::exists(out / "plots"));
    REQUIRE(fs::exists(out / "curves.csv"));
}

void shard_run(const TempDir& tmp, int index, int count, const fs::path& part,
               const std::string& extra = "") {
    const int status =
        run_ratesim(fmt::format("run {} -q --threads 1 --shard {}/{} -o {} {}", quote(kSwept),
                                index, count, quote(part.string()), extra),
                    tmp.path());
    INFO(read_file(tmp / "stderr.txt"));
    REQUIRE(status == 0);
}

int merge(const TempDir& tmp, const std::string& parts, const fs::path& out) {
    return run_ratesim(fmt::format("merge {} -q -o {}", parts, quote(out.string())), tmp.path());
}

std::string errors(const TempDir& tmp) { return read_file(tmp / "stderr.txt"); }

ratesim::run::EnvLookup environment(std::map<std::string, std::string> vars) {
    return [vars](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

}  // namespace

TEST_CASE(
    "A sweep split into 1, 2, 3 or 7 shards and merged is the plain run's directory byte for byte",
    "[shards]") {
    TempDir tmp;
    plain_run(tmp, tmp / "plain");
    for (const int count : {1, 2, 3, 7}) {
        const fs::path parts = tmp / fmt::format("parts-{}", count);
        for (int i = 0; i < count; ++i) shard_run(tmp, i, count, parts / fmt::format("part-{}", i));
        const fs::path merged = tmp / fmt::format("merged-{}", count);
        INFO("shards: " << count);
        REQUIRE(merge(tmp, quote(parts.string()), merged) == 0);
        require_identical(tmp / "plain", merged);
    }
}

TEST_CASE("The parts may be named one by one, in any order, and merged without plots", "[shards]") {
    TempDir tmp;
    // Without plots the report names its directory ("ratesim plot result"):
    // both are written as `-o result`, from directories of their own.
    fs::create_directories(tmp / "one");
    fs::create_directories(tmp / "split");
    REQUIRE(run_ratesim(fmt::format("run {} -q --no-plots -o result", quote(kSwept)), tmp.path(),
                        "cd " + quote((tmp / "one").string()) + " &&") == 0);
    for (int i = 0; i < 3; ++i) shard_run(tmp, i, 3, tmp / fmt::format("p{}", i));
    // A part holds its runs and fingerprint, not result files.
    CHECK_FALSE(fs::exists(tmp / "p0" / "summary.csv"));
    CHECK(fs::exists(tmp / "p0" / "fingerprint.json"));
    REQUIRE(run_ratesim(
                fmt::format("merge {} {} {} -q --no-plots -o result", quote((tmp / "p2").string()),
                            quote((tmp / "p0").string()), quote((tmp / "p1").string())),
                tmp.path(), "cd " + quote((tmp / "split").string()) + " &&") == 0);
    CHECK_FALSE(fs::exists(tmp / "split" / "result" / "plots"));
    require_identical(tmp / "one" / "result", tmp / "split" / "result");
}

TEST_CASE("Merge refuses a shard of another seed, naming the part and the seeds", "[shards]") {
    TempDir tmp;
    shard_run(tmp, 0, 2, tmp / "parts" / "part-0");
    shard_run(tmp, 1, 2, tmp / "parts" / "part-1", "--seed 12");
    CHECK(merge(tmp, quote((tmp / "parts").string()), tmp / "merged") == 2);
    CHECK_THAT(errors(tmp), Catch::Contains("part-1: error: this part differs from") &&
                                Catch::Contains("in the seed: 12 against 11"));
    CHECK_FALSE(fs::exists(tmp / "merged"));
}

TEST_CASE("Merge refuses parts of another scenario or shard count", "[shards]") {
    TempDir tmp;
    shard_run(tmp, 0, 2, tmp / "a");
    shard_run(tmp, 1, 2, tmp / "b", "--set duration=21m");
    CHECK(merge(tmp, fmt::format("{} {}", quote((tmp / "a").string()), quote((tmp / "b").string())),
                tmp / "merged") == 2);
    CHECK_THAT(errors(tmp), Catch::Contains("in the scenario after --set (first at /"));
    shard_run(tmp, 1, 3, tmp / "c");
    CHECK(merge(tmp, fmt::format("{} {}", quote((tmp / "a").string()), quote((tmp / "c").string())),
                tmp / "merged") == 2);
    CHECK_THAT(errors(tmp), Catch::Contains("in the shard count: 3 against 2"));
}

TEST_CASE("Merge refuses a missing shard and a duplicated one, naming them", "[shards]") {
    TempDir tmp;
    for (int i = 0; i < 3; ++i) shard_run(tmp, i, 3, tmp / fmt::format("p{}", i));
    CHECK(merge(tmp,
                fmt::format("{} {}", quote((tmp / "p0").string()), quote((tmp / "p2").string())),
                tmp / "merged") == 2);
    CHECK_THAT(errors(tmp), Catch::Contains("error: shard 1 of 3 is missing (given: 0, 2)"));
    fs::copy(tmp / "p1", tmp / "copy", fs::copy_options::recursive);
    CHECK(
        merge(tmp,
              fmt::format("{} {} {} {}", quote((tmp / "p0").string()), quote((tmp / "p1").string()),
                          quote((tmp / "p2").string()), quote((tmp / "copy").string())),
              tmp / "merged") == 2);
    CHECK_THAT(errors(tmp), Catch::Contains("shard 1 of 3 is given twice"));
    CHECK_FALSE(fs::exists(tmp / "merged"));
}

TEST_CASE("Merge refuses a part still being written and a part whose runs file was cut short",
          "[shards]") {
    TempDir tmp;
    shard_run(tmp, 0, 2, tmp / "parts" / "part-0");
    shard_run(tmp, 1, 2, tmp / "parts" / "part-1");
    // A shard writing part-1 anew: its staging directory sits beside it.
    fs::create_directories(tmp / "parts" / ".part-1.tmp-somehost-4242-0");
    CHECK(merge(tmp, quote((tmp / "parts").string()), tmp / "merged") == 2);
    CHECK_THAT(errors(tmp), Catch::Contains("part-1: error: the part is still being written"));
    fs::remove_all(tmp / "parts" / ".part-1.tmp-somehost-4242-0");

    const fs::path runs = tmp / "parts" / "part-1" / "runs.bin";
    const std::string bytes = read_file(runs);
    write_file(runs, bytes.substr(0, bytes.size() - 100));
    CHECK(merge(tmp, quote((tmp / "parts").string()), tmp / "merged") == 2);
    CHECK_THAT(errors(tmp),
               Catch::Contains("runs.bin: error: the file ends in the middle of a run"));
    CHECK_FALSE(fs::exists(tmp / "merged"));
}

TEST_CASE("Shard auto reads a Slurm array's task, less its minimum, divided by its step",
          "[shards]") {
    using ratesim::run::choose_shard;
    auto c = choose_shard("auto", std::nullopt,
                          environment({{"SLURM_ARRAY_TASK_ID", "7"},
                                       {"SLURM_ARRAY_TASK_MIN", "3"},
                                       {"SLURM_ARRAY_TASK_STEP", "2"},
                                       {"SLURM_ARRAY_TASK_COUNT", "4"}}));
    REQUIRE(c.problem.empty());
    CHECK(c.shard.index == 2);
    CHECK(c.shard.count == 4);
    c = choose_shard("auto", std::nullopt,
                     environment({{"SLURM_ARRAY_TASK_ID", "12"},
                                  {"SLURM_ARRAY_TASK_MIN", "10"},
                                  {"SLURM_ARRAY_TASK_COUNT", "5"}}));
    REQUIRE(c.problem.empty());
    CHECK(c.shard.index == 2);
    CHECK(c.shard.count == 5);
    c = choose_shard("auto", std::nullopt,
                     environment({{"SLURM_ARRAY_TASK_ID", "8"},
                                  {"SLURM_ARRAY_TASK_MIN", "3"},
                                  {"SLURM_ARRAY_TASK_STEP", "2"},
                                  {"SLURM_ARRAY_TASK_COUNT", "4"}}));
    CHECK_THAT(c.problem, Catch::Contains("task 8 is not MIN + k * STEP (3 + k * 2)"));
    c = choose_shard("auto", std::nullopt,
                     environment({{"SLURM_ARRAY_TASK_ID", "3"},
                                  {"SLURM_ARRAY_TASK_MIN", "0"},
                                  {"SLURM_ARRAY_TASK_COUNT", "3"}}));
    CHECK_THAT(c.problem, Catch::Contains("shard 3 of 3, past the last"));
    c = choose_shard("auto", std::nullopt, environment({{"SLURM_ARRAY_TASK_ID", "3"}}));
    CHECK_THAT(c.problem, Catch::Contains("SLURM_ARRAY_TASK_MIN is not set"));
}

TEST_CASE("Shard auto reads Open MPI's and MPICH's rank and size, and they must agree",
          "[shards]") {
    using ratesim::run::choose_shard;
    auto c =
        choose_shard("auto", std::nullopt,
                     environment({{"OMPI_COMM_WORLD_RANK", "1"}, {"OMPI_COMM_WORLD_SIZE", "2"}}));
    REQUIRE(c.problem.empty());
    CHECK(c.shard.index == 1);
    CHECK(c.shard.count == 2);
    CHECK_THAT(c.source,
               Catch::Contains("Open MPI (OMPI_COMM_WORLD_RANK=1, OMPI_COMM_WORLD_SIZE=2)"));
    c = choose_shard("auto", std::nullopt, environment({{"PMI_RANK", "5"}, {"PMI_SIZE", "6"}}));
    REQUIRE(c.problem.empty());
    CHECK(c.shard.index == 5);
    CHECK(c.shard.count == 6);
    c = choose_shard("auto", std::nullopt, environment({{"PMI_RANK", "x"}, {"PMI_SIZE", "6"}}));
    CHECK_THAT(c.problem, Catch::Contains("PMI_RANK=x is not a whole number"));
    c = choose_shard("auto", std::nullopt,
                     environment({{"OMPI_COMM_WORLD_RANK", "1"},
                                  {"OMPI_COMM_WORLD_SIZE", "2"},
                                  {"PMI_RANK", "1"},
                                  {"PMI_SIZE", "2"}}));
    CHECK(c.problem.empty());
    c = choose_shard("auto", std::nullopt,
                     environment({{"OMPI_COMM_WORLD_RANK", "1"},
                                  {"OMPI_COMM_WORLD_SIZE", "2"},
                                  {"PMI_RANK", "0"},
                                  {"PMI_SIZE", "2"}}));
    CHECK_THAT(c.problem, Catch::Contains("says shard 1/2 but MPICH/Hydra"));
}

TEST_CASE(
    "Shard auto takes a Kubernetes Indexed Job's index with --shards N, and names every launcher "
    "when none is there",
    "[shards]") {
    using ratesim::run::choose_shard;
    auto c = choose_shard("auto", 8, environment({{"JOB_COMPLETION_INDEX", "3"}}));
    REQUIRE(c.problem.empty());
    CHECK(c.shard.index == 3);
    CHECK(c.shard.count == 8);
    c = choose_shard("auto", std::nullopt, environment({{"JOB_COMPLETION_INDEX", "3"}}));
    CHECK_THAT(c.problem, Catch::Contains("give --shards N"));
    c = choose_shard("auto", 3, environment({{"JOB_COMPLETION_INDEX", "3"}}));
    CHECK_THAT(c.problem, Catch::Contains("shard 3 of 3, past the last"));
    c = choose_shard("auto", std::nullopt, environment({}));
    for (const char* name :
         {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT",
          "SLURM_ARRAY_TASK_STEP", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "PMI_RANK",
          "PMI_SIZE", "JOB_COMPLETION_INDEX", "--shards N"})
        CHECK_THAT(c.problem, Catch::Contains(name));
}

TEST_CASE("Shard I/N takes 0 <= I < N and nothing else", "[shards]") {
    using ratesim::run::choose_shard;
    const auto none = environment({});
    auto c = choose_shard("2/3", std::nullopt, none);
    REQUIRE(c.problem.empty());
    CHECK(c.shard.index == 2);
    CHECK(c.shard.count == 3);
    for (const char* bad : {"3/3", "1", "-1/2", "1/0", "a/b", "1/2/3", ""})
        CHECK_THAT(choose_shard(bad, std::nullopt, none).problem,
                   Catch::Contains("allowed: I/N with 0 <= I < N"));
    CHECK_THAT(choose_shard("0/2", 3, none).problem, Catch::Contains("disagree"));
}

TEST_CASE("The program takes its shard from the launcher's environment and writes DIR/part-I",
          "[shards]") {
    TempDir tmp;
    const std::string args = fmt::format("run {} -q --threads 1 --shard auto -o {}", quote(kSwept),
                                         quote((tmp / "parts").string()));
    REQUIRE(run_ratesim(args, tmp.path(),
                        kNoLauncher + " OMPI_COMM_WORLD_RANK=1 OMPI_COMM_WORLD_SIZE=3") == 0);
    const std::string fingerprint = read_file(tmp / "parts" / "part-1" / "fingerprint.json");
    CHECK_THAT(fingerprint, Catch::Contains("\"index\": 1") && Catch::Contains("\"count\": 3"));
    CHECK(run_ratesim(args, tmp.path(), kNoLauncher) == 2);
    CHECK_THAT(errors(tmp), Catch::Contains("--shard auto: no launcher's variables are set") &&
                                Catch::Contains("OMPI_COMM_WORLD_RANK"));
}

// Hidden from the ordinary run (ctest runs it alone, as it uses both cores).
TEST_CASE(
    "Under mpirun -np 2 with --shard auto, the merged result is the plain run's byte for byte",
    "[.mpirun]") {
    if (std::system("command -v mpirun >/dev/null 2>&1") != 0) {
        // In CI the launcher is part of the build (scripts/setup.sh installs openmpi-bin).
        REQUIRE(std::getenv("CI") == nullptr);
        WARN(
            "mpirun not found: install openmpi-bin (scripts/setup.sh); the launcher test did not "
            "run");
        return;
    }
    TempDir tmp;
    plain_run(tmp, tmp / "plain");
    const int status = std::system(fmt::format("{} mpirun --allow-run-as-root --oversubscribe -np "
                                               "2 {} run {} -q --threads 1 --shard auto "
                                               "-o {} >{} 2>&1",
                                               kNoLauncher, quote(kBinary), quote(kSwept),
                                               quote((tmp / "parts").string()),
                                               quote((tmp / "mpirun.txt").string()))
                                       .c_str());
    INFO(read_file(tmp / "mpirun.txt"));
    REQUIRE(status == 0);
    CHECK(fs::exists(tmp / "parts" / "part-0" / "fingerprint.json"));
    CHECK(fs::exists(tmp / "parts" / "part-1" / "fingerprint.json"));
    REQUIRE(merge(tmp, quote((tmp / "parts").string()), tmp / "merged") == 0);
    require_identical(tmp / "plain", tmp / "merged");
}

TEST_CASE(
    "plan --tiers and --search split into shards and merged write the plan's files byte for byte",
    "[shards]") {
    TempDir tmp;
    const std::string scenario = quote(kSource + "/scenarios/plan-tier.yaml");
    for (const std::string mode : {"", "--search api.pools.sonnet.itpm=50k,200k,800k"}) {
        INFO("plan options: " << (mode.empty() ? "the scenario's tiers" : mode));
        const std::string common = fmt::format("plan {} -q --replications 2 {}", scenario, mode);
        REQUIRE(run_ratesim(
                    fmt::format("{} --threads 2 -o {}", common, quote((tmp / "plain").string())),
                    tmp.path()) == 0);
        for (int i = 0; i < 3; ++i)
            REQUIRE(run_ratesim(
                        fmt::format("{} --threads 1 --shard {}/3 -o {}", common, i,
                                    quote((tmp / "parts" / fmt::format("part-{}", i)).string())),
                        tmp.path()) == 0);
        REQUIRE(merge(tmp, quote((tmp / "parts").string()), tmp / "merged") == 0);
        REQUIRE(fs::exists(tmp / "merged" / "plan.csv"));
        require_identical(tmp / "plain", tmp / "merged");
        fs::remove_all(tmp / "parts");
    }
}

TEST_CASE("plan --bisect refuses --shard, saying why", "[shards]") {
    TempDir tmp;
    CHECK(
        run_ratesim(
            fmt::format("plan {} -q --bisect api.pools.sonnet.itpm=10k..1M --shard 0/2 -o {}",
                        quote(kSource + "/scenarios/plan-tier.yaml"), quote((tmp / "p").string())),
            tmp.path()) == 2);
    CHECK_THAT(errors(tmp), Catch::Contains("bisection tries one value at a time"));
    CHECK_FALSE(fs::exists(tmp / "p"));
}

}  // namespace test_shards
