#include "sim/output/part_fingerprint.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/output/result_file_error.hpp"
#include "sim/output/written_file.hpp"

namespace ratesim::output {

namespace {
constexpr const char* kFingerprintFormat = "ratesim-part 1";
}

void write_part_fingerprint(const std::filesystem::path& file, const PartFingerprint& f) {
    const nlohmann::json doc{
        {"format", kFingerprintFormat},
        {"ratesim", {{"version", f.version}, {"commit", f.commit}}},
        {"scenario",
         {{"file", f.scenario_file},
          {"dir", f.scenario_dir},
          {"text", f.scenario_text},
          {"sets", f.sets}}},
        {"resolved", f.resolved},
        {"seed", f.seed},
        {"shard", {{"index", f.shard}, {"count", f.shards}}},
        {"runs", {{"total", f.runs}, {"in_part", f.runs_in_part}}},
        {"plan", f.plan ? nlohmann::json{{"targets", f.plan->targets},
                                         {"search", f.plan->search},
                                         {"tiers", f.plan->tiers},
                                         {"candidates_set", f.plan->candidates_set}}
                        : nlohmann::json()},
    };
    std::ofstream out(file);
    out << doc.dump(2) << '\n';
    close_written(out, file);
}

PartFingerprint read_part_fingerprint(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        throw ResultFileError(
            fmt::format("{}: error: no such file; allowed: a part directory that "
                        "`ratesim run --shard` wrote",
                        file.string()));
    std::ostringstream text;
    text << in.rdbuf();
    try {
        const nlohmann::json doc = nlohmann::json::parse(text.str());
        if (doc.at("format") != kFingerprintFormat)
            throw ResultFileError(
                fmt::format("{}: error: format {} is not {}; allowed: a part that this "
                            "version of ratesim wrote",
                            file.string(), doc.at("format").dump(), kFingerprintFormat));
        PartFingerprint f;
        f.version = doc.at("ratesim").at("version");
        f.commit = doc.at("ratesim").at("commit");
        const auto& s = doc.at("scenario");
        f.scenario_file = s.at("file");
        f.scenario_dir = s.at("dir");
        f.scenario_text = s.at("text");
        f.sets = s.at("sets").get<std::vector<std::string>>();
        f.resolved = doc.at("resolved");
        f.seed = doc.at("seed");
        f.shard = doc.at("shard").at("index");
        f.shards = doc.at("shard").at("count");
        f.runs = doc.at("runs").at("total");
        f.runs_in_part = doc.at("runs").at("in_part");
        if (const auto& plan = doc.at("plan"); !plan.is_null())
            f.plan = PartFingerprint::Plan{plan.at("targets").get<std::vector<std::string>>(),
                                           plan.at("search"), plan.at("tiers"),
                                           plan.at("candidates_set")};
        if (f.shards < 1 || f.shard < 0 || f.shard >= f.shards)
            throw ResultFileError(
                fmt::format("{}: error: shard {} of {} is out of range; allowed: 0 <= index "
                            "< count",
                            file.string(), f.shard, f.shards));
        return f;
    } catch (const nlohmann::json::exception& e) {
        throw ResultFileError(
            fmt::format("{}: error: {}; allowed: a {} that `ratesim run --shard` wrote",
                        file.string(), e.what(), kPartFingerprintFile));
    }
}

}  // namespace ratesim::output
