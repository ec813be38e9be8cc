#pragma once
// A read-only view of one YAML node that knows where it came from: the file,
// the dotted path (`clients[0].workload.items`) and whether a --set override
// put it there. Every accessor checks the shape and throws ScenarioError as
//   FILE:LINE:COL: error: PATH: PROBLEM; allowed: WHAT
// or, for overridden values,
//   --set PATH=VALUE: error: PATH: PROBLEM; allowed: WHAT
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/time.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/spelling_hints.hpp"

namespace ratesim::scenario {

// What every node of one document shares.
struct YamlSource {
    std::string file;  // the label printed before line:col
    // Canonical paths that were overridden, with how to name the override in
    // messages ("--set PATH=VALUE" as typed).
    std::vector<std::pair<std::string, std::string>> overrides;

    // The override that produced `path` (the longest overridden prefix), or nullptr.
    const std::string* override_for(const std::string& path) const;

    // Canonical paths whose nodes came from another file (a tier preset),
    // with that file's label: their line:col are in that file.
    std::vector<std::pair<std::string, std::string>> included;
    // The file that `path`'s node came from: an included file or `file`.
    const std::string& file_for(const std::string& path) const;

    // Canonical paths of maps built anew (a tier preset merged into them),
    // which have no line of their own, with the line:col of the map each replaced.
    std::vector<std::pair<std::string, YAML::Mark>> marks;
    const YAML::Mark* mark_for(const std::string& path) const;
};

class YamlNode {
public:
    YamlNode(YAML::Node node, std::string path, std::shared_ptr<const YamlSource> source);

    const std::string& path() const { return path_; }
    const YAML::Node& raw() const { return node_; }
    const YamlSource& source() const { return *source_; }

    bool is_map() const { return node_.IsMap(); }
    bool is_list() const { return node_.IsSequence(); }
    bool is_scalar() const { return node_.IsScalar(); }
    bool is_null() const { return node_.IsNull(); }
    // What the node is, for messages: "a map", "a list", "an empty value", "'abc'".
    std::string found() const;

    // "FILE:LINE:COL" (1-based), or "--set PATH=VALUE" for overridden paths.
    std::string location() const;
    [[noreturn]] void error(const std::string& problem, const std::string& allowed = "") const;
    // The same, for a key of this map that is missing (reported at the map).
    [[noreturn]] void missing(const std::string& key, const std::string& allowed) const;

    // Maps. Each throws unless this node is a map; `what` describes the
    // expected map for that message.
    void expect_map(const std::string& what) const;
    std::optional<YamlNode> get(const std::string& key) const;
    YamlNode require(const std::string& key, const std::string& allowed) const;
    bool has(const std::string& key) const;
    // Rejects unknown keys (with "did you mean"), duplicate keys and keys
    // that are not plain strings: "unknown WHAT 'k'CONTEXT (did you mean ...)".
    void check_keys(const std::vector<std::string>& allowed, const std::string& what = "key",
                    const std::string& context = "") const;
    std::vector<std::pair<std::string, YamlNode>> entries() const;

    // Lists.
    std::vector<YamlNode> elements(const std::string& what) const;

    // Scalars. `allowed` says what the value may be.
    std::string text(const std::string& allowed) const;
    std::int64_t integer(std::int64_t min, std::int64_t max, const std::string& allowed) const;
    double number(double min, double max, const std::string& allowed) const;  // plain number
    double fraction() const;                                                  // 0..1
    bool boolean() const;
    // A duration in simulated time; `positive` rejects 0.
    engine::Time duration(bool positive) const;
    // A duration, or `none` (kNever).
    engine::Time duration_or_none(bool positive) const;
    // A duration in seconds (for strategy parameters and distributions).
    double duration_seconds(bool positive) const;
    // A token count (450k, 2M); `positive` rejects 0.
    double count(bool positive) const;
    double rate(bool positive = true) const;  // events per second; `positive` rejects 0
    // One of `choices`, with "did you mean" when it is not.
    std::string choice(const std::vector<std::string>& choices) const;

private:
    YamlNode child(const YAML::Node& node, const std::string& key) const;
    YAML::Mark mark() const;

    YAML::Node node_;
    std::string path_;
    std::shared_ptr<const YamlSource> source_;
};

// A document past one of the size caps (yaml_size_caps.hpp); `mark` is where
// the entry past the cap starts.
class YamlSizeError : public YAML::ParserException {
public:
    using YAML::ParserException::ParserException;
};

// Parses exactly one YAML document. Throws YAML::ParserException on a syntax
// error, on content after the document (a second `---` document, a stray
// `,`) and on a tag (`!!str 7`, `!foo 4`); YAML::DeepRecursion past 2000
// levels of nesting; YamlSizeError past a size cap (yaml_size_caps.hpp),
// checked before any node is built. Use it instead of YAML::LoadAll, which on a stray ',' yields empty
// documents forever in yaml-cpp 0.7.
YAML::Node load_one_document(const std::string& text);

}  // namespace ratesim::scenario
