#include "sim/run/shard.hpp"

#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace ratesim::run {

namespace {

constexpr int kMaxShards = 1'000'000;

// A whole number from 0 to kMaxShards, all of `text`.
std::optional<long> whole_number(const std::string& text) {
    long value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty() || value < 0 || value > kMaxShards)
        return std::nullopt;
    return value;
}

// What one launcher's variables say: nothing (none set), a shard, or a problem.
struct Reading {
    std::string launcher;
    std::string shown;  // NAME=value, ... as read
    std::optional<Shard> shard;
    std::string problem;
};

struct LauncherReader {
    const EnvLookup& env;
    Reading reading;
    // The variable's number; records the problem (once) when it is missing or not a number.
    std::optional<long> number(const std::string& name) {
        const auto value = env(name);
        if (!value) {
            if (reading.problem.empty()) reading.problem = fmt::format("{} is not set", name);
            return std::nullopt;
        }
        reading.shown += fmt::format("{}{}={}", reading.shown.empty() ? "" : ", ", name, *value);
        const auto n = whole_number(*value);
        if (!n && reading.problem.empty())
            reading.problem =
                fmt::format("{}={} is not a whole number from 0 to {}", name, *value, kMaxShards);
        return n;
    }
};

// I and N as one launcher sets them; nullopt when it sets none of its variables.
std::optional<Reading> read_launcher(const std::string& launcher,
                                     const std::vector<std::string>& names, const EnvLookup& env,
                                     const std::function<void(LauncherReader&)>& read) {
    bool any = false;
    for (const auto& name : names) any |= env(name).has_value();
    if (!any) return std::nullopt;
    LauncherReader reader{env, {launcher, "", std::nullopt, ""}};
    read(reader);
    if (reader.reading.problem.empty() && reader.reading.shard) {
        const Shard& s = *reader.reading.shard;
        if (s.count < 1)
            reader.reading.problem = "it gives 0 shards";
        else if (s.index >= s.count)
            reader.reading.problem =
                fmt::format("it gives shard {} of {}, past the last", s.index, s.count);
    }
    if (!reader.reading.problem.empty()) reader.reading.shard.reset();
    return reader.reading;
}

std::vector<Reading> read_launchers(std::optional<int> shards, const EnvLookup& env) {
    std::vector<Reading> found;
    const auto add = [&](std::optional<Reading> r) {
        if (r) found.push_back(*r);
    };
    add(read_launcher(
        "a Slurm array", {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"},
        env, [](LauncherReader& r) {
            const auto id = r.number("SLURM_ARRAY_TASK_ID");
            const auto min = r.number("SLURM_ARRAY_TASK_MIN");
            const auto count = r.number("SLURM_ARRAY_TASK_COUNT");
            long step = 1;
            if (r.env("SLURM_ARRAY_TASK_STEP"))
                if (const auto s = r.number("SLURM_ARRAY_TASK_STEP")) step = *s;
            if (!r.reading.problem.empty()) return;
            if (step < 1) {
                r.reading.problem = "SLURM_ARRAY_TASK_STEP is 0";
                return;
            }
            if (*id < *min || (*id - *min) % step != 0) {
                r.reading.problem =
                    fmt::format("task {} is not MIN + k * STEP ({} + k * {})", *id, *min, step);
                return;
            }
            r.reading.shard =
                Shard{static_cast<int>((*id - *min) / step), static_cast<int>(*count)};
        }));
    add(read_launcher(
        "Open MPI", {"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"}, env, [](LauncherReader& r) {
            const auto rank = r.number("OMPI_COMM_WORLD_RANK");
            const auto size = r.number("OMPI_COMM_WORLD_SIZE");
            if (r.reading.problem.empty())
                r.reading.shard = Shard{static_cast<int>(*rank), static_cast<int>(*size)};
        }));
    add(read_launcher("MPICH/Hydra", {"PMI_RANK", "PMI_SIZE"}, env, [](LauncherReader& r) {
        const auto rank = r.number("PMI_RANK");
        const auto size = r.number("PMI_SIZE");
        if (r.reading.problem.empty())
            r.reading.shard = Shard{static_cast<int>(*rank), static_cast<int>(*size)};
    }));
    add(read_launcher("a Kubernetes Indexed Job", {"JOB_COMPLETION_INDEX"}, env,
                      [&](LauncherReader& r) {
                          const auto index = r.number("JOB_COMPLETION_INDEX");
                          if (!r.reading.problem.empty()) return;
                          if (!shards) {
                              r.reading.problem =
                                  "the shard count is not in the environment: give --shards N (the "
                                  "Job's completions)";
                              return;
                          }
                          r.reading.shard = Shard{static_cast<int>(*index), *shards};
                      }));
    return found;
}

}  // namespace

std::string launcher_variables() {
    return "SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT (and "
           "SLURM_ARRAY_TASK_STEP) "
           "of a Slurm array; OMPI_COMM_WORLD_RANK and OMPI_COMM_WORLD_SIZE of Open MPI; PMI_RANK "
           "and "
           "PMI_SIZE of MPICH/Hydra; JOB_COMPLETION_INDEX of a Kubernetes Indexed Job, with "
           "--shards N";
}

ShardChoice choose_shard(const std::string& text, std::optional<int> shards, const EnvLookup& env) {
    ShardChoice choice;
    if (shards && (*shards < 1 || *shards > kMaxShards)) {
        choice.problem = fmt::format("--shards {}: allowed: 1 to {}", *shards, kMaxShards);
        return choice;
    }
    if (text != "auto") {
        const auto slash = text.find('/');
        const auto index =
            slash == std::string::npos ? std::nullopt : whole_number(text.substr(0, slash));
        const auto count =
            slash == std::string::npos ? std::nullopt : whole_number(text.substr(slash + 1));
        if (!index || !count || *count < 1 || *index >= *count) {
            choice.problem =
                fmt::format("--shard {}: allowed: I/N with 0 <= I < N (e.g. 0/4), or auto", text);
            return choice;
        }
        choice.shard = {static_cast<int>(*index), static_cast<int>(*count)};
        choice.source = "--shard " + text;
        if (shards && *shards != choice.shard.count)
            choice.problem = fmt::format(
                "--shard {} and --shards {} disagree; allowed: one of them, or the same N", text,
                *shards);
        return choice;
    }
    const std::vector<Reading> found = read_launchers(shards, env);
    if (found.empty()) {
        choice.problem =
            "--shard auto: no launcher's variables are set; allowed: run under a launcher that "
            "sets " +
            launcher_variables() + ", or give --shard I/N";
        return choice;
    }
    for (const auto& r : found)
        if (!r.problem.empty()) {
            choice.problem = fmt::format("--shard auto: {} ({}): {}; allowed: {}, or --shard I/N",
                                         r.launcher, r.shown, r.problem, launcher_variables());
            return choice;
        }
    // Launchers nest (srun under a Slurm array also sets PMI_*): they must agree.
    for (const auto& r : found)
        if (r.shard->index != found.front().shard->index ||
            r.shard->count != found.front().shard->count) {
            choice.problem = fmt::format(
                "--shard auto: {} ({}) says shard {}/{} but {} ({}) says {}/{}; allowed: one "
                "launcher's "
                "variables, or --shard I/N",
                found.front().launcher, found.front().shown, found.front().shard->index,
                found.front().shard->count, r.launcher, r.shown, r.shard->index, r.shard->count);
            return choice;
        }
    choice.shard = *found.front().shard;
    choice.source = fmt::format("{} ({})", found.front().launcher, found.front().shown);
    if (shards && *shards != choice.shard.count)
        choice.problem = fmt::format(
            "--shard auto: {} gives {} shards but --shards says {}; allowed: the same N",
            choice.source, choice.shard.count, *shards);
    return choice;
}

}  // namespace ratesim::run
