#include "sim/output/part_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sim/output/result_file_error.hpp"

namespace ratesim::output {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPartsAllowed =
    "allowed: the parts of one `ratesim run --shard` (the same scenario after --set, seed, shard "
    "count and "
    "ratesim version and commit), each shard once";

// A staging directory beside `dir` (`.<name>.tmp-...`, staging_names.hpp):
// a part that a shard is writing now, or was when it was killed.
std::optional<fs::path> staging_beside(const fs::path& dir) {
    std::error_code ec;
    const fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
    std::string prefix =
        ".";  // built in steps: GCC 12 warns wrongly (-Wrestrict) on one expression
    prefix += dir.filename().string();
    prefix += ".tmp-";
    for (const auto& entry : fs::directory_iterator(parent, ec))
        if (entry.path().filename().string().rfind(prefix, 0) == 0) return entry.path();
    return std::nullopt;
}

[[noreturn]] void being_written(const fs::path& dir, const fs::path& staging) {
    throw ResultFileError(fmt::format(
        "{}: error: the part is still being written ({} exists); allowed: parts whose shards have "
        "finished "
        "(a staging directory left by a killed shard goes when that shard is run again)",
        dir.string(), staging.string()));
}

// The part directories a path names: itself, or the part-* directories in it.
std::vector<fs::path> parts_in(const fs::path& given) {
    std::error_code ec;
    if (fs::exists(given / kPartFingerprintFile, ec)) return {given};
    if (const auto staging = staging_beside(given)) being_written(given, *staging);
    if (!fs::is_directory(given, ec))
        throw ResultFileError(
            fmt::format("{}: error: no such directory; {}", given.string(), kPartsAllowed));
    std::vector<fs::path> parts;
    for (const auto& entry : fs::directory_iterator(given, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("part-", 0) == 0 && entry.is_directory())
            parts.push_back(entry.path());
        else if (name.rfind(".part-", 0) == 0 && name.find(".tmp-") != std::string::npos)
            being_written(given / name.substr(1, name.find(".tmp-") - 1), entry.path());
    }
    if (parts.empty())
        throw ResultFileError(
            fmt::format("{}: error: neither a part ({} is missing) nor a directory of "
                        "part-* directories; {}",
                        given.string(), kPartFingerprintFile, kPartsAllowed));
    std::sort(parts.begin(), parts.end());
    return parts;
}

// What differs between two parts' fingerprints (the shard index aside), or empty.
std::string fingerprint_difference(const PartFingerprint& a, const PartFingerprint& b) {
    if (a.version != b.version || a.commit != b.commit)
        return fmt::format("the ratesim that wrote it: {} (commit {}) against {} (commit {})",
                           b.version, b.commit, a.version, a.commit);
    if (a.seed != b.seed) return fmt::format("the seed: {} against {}", b.seed, a.seed);
    if (a.shards != b.shards)
        return fmt::format("the shard count: {} against {}", b.shards, a.shards);
    if (a.plan.has_value() != b.plan.has_value())
        return fmt::format("what was run: {} against {}", b.plan ? "a plan" : "a run",
                           a.plan ? "a plan" : "a run");
    if (a.plan != b.plan) return "the plan's options (--target, --search, --tiers)";
    if (a.resolved != b.resolved || a.runs != b.runs) {
        std::string where;
        try {
            const auto patch = nlohmann::json::diff(nlohmann::json::parse(a.resolved),
                                                    nlohmann::json::parse(b.resolved));
            if (!patch.empty())
                where = fmt::format(" (first at {})", patch.front().value("path", ""));
        } catch (const nlohmann::json::exception&) {
        }
        return "the scenario after --set" + where;
    }
    return "";
}

}  // namespace

std::vector<Part> read_part_set(const std::vector<fs::path>& given) {
    std::vector<Part> parts;
    for (const auto& path : given)
        for (const auto& dir : parts_in(path)) {
            if (const auto staging = staging_beside(dir)) being_written(dir, *staging);
            parts.push_back({dir, read_part_fingerprint(dir / kPartFingerprintFile)});
        }
    const Part& first = parts.front();
    for (const auto& p : parts)
        if (const std::string what = fingerprint_difference(first.fingerprint, p.fingerprint);
            !what.empty())
            throw ResultFileError(fmt::format("{}: error: this part differs from {} in {}; {}",
                                              p.dir.string(), first.dir.string(), what,
                                              kPartsAllowed));
    const int count = first.fingerprint.shards;
    std::map<int, const Part*> by_shard;
    for (const auto& p : parts) {
        const auto [it, added] = by_shard.emplace(p.fingerprint.shard, &p);
        if (!added)
            throw ResultFileError(fmt::format(
                "{}: error: shard {} of {} is given twice, here and in {}; {}", p.dir.string(),
                p.fingerprint.shard, count, it->second->dir.string(), kPartsAllowed));
    }
    std::vector<std::string> missing, present;
    for (int s = 0; s < count; ++s)
        (by_shard.count(s) == 0 ? missing : present).push_back(std::to_string(s));
    if (!missing.empty())
        throw ResultFileError(fmt::format("error: shard{} {} of {} {} missing (given: {}); {}",
                                          missing.size() > 1 ? "s" : "", fmt::join(missing, ", "),
                                          count, missing.size() > 1 ? "are" : "is",
                                          fmt::join(present, ", "), kPartsAllowed));
    std::vector<Part> ordered;
    for (const auto& [shard, part] : by_shard) ordered.push_back(*part);
    return ordered;
}

}  // namespace ratesim::output
