#include "sim/scenario/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "sim/scenario/quoted_excerpt.hpp"
#include "sim/scenario/units.hpp"
#include "sim/scenario/yaml_size_caps.hpp"

namespace ratesim::scenario {

namespace {

// The value of the longest key of `entries` that is `path` or a prefix of it
// ending at a '.' or '['; nullptr when none.
const std::string* longest_prefix_match(
    const std::vector<std::pair<std::string, std::string>>& entries, const std::string& path) {
    const std::string* best = nullptr;
    std::size_t best_length = 0;
    for (const auto& [prefix, text] : entries) {
        const bool covers = path.size() >= prefix.size() &&
                            path.compare(0, prefix.size(), prefix) == 0 &&
                            (path.size() == prefix.size() || path[prefix.size()] == '.' ||
                             path[prefix.size()] == '[');
        if (covers && (best == nullptr || prefix.size() >= best_length)) {
            best = &text;
            best_length = prefix.size();
        }
    }
    return best;
}

}  // namespace

const std::string* YamlSource::override_for(const std::string& path) const {
    return longest_prefix_match(overrides, path);
}

const std::string& YamlSource::file_for(const std::string& path) const {
    const std::string* other = longest_prefix_match(included, path);
    return other ? *other : file;
}

const YAML::Mark* YamlSource::mark_for(const std::string& path) const {
    for (const auto& [where, mark] : marks)
        if (where == path) return &mark;
    return nullptr;
}

YamlNode::YamlNode(YAML::Node node, std::string path, std::shared_ptr<const YamlSource> source)
    : node_(std::move(node)), path_(std::move(path)), source_(std::move(source)) {}

std::string YamlNode::found() const {
    if (!node_.IsDefined() || node_.IsNull()) return "an empty value";
    if (node_.IsMap()) return "a map";
    if (node_.IsSequence()) return "a list";
    return quoted_excerpt(node_.Scalar());
}

YAML::Mark YamlNode::mark() const {
    YAML::Mark mark = YAML::Mark::null_mark();
    try {
        mark = node_.Mark();
    } catch (const YAML::Exception&) {
    }
    if (mark.is_null())
        if (const YAML::Mark* recorded = source_->mark_for(path_)) return *recorded;
    return mark;
}

std::string YamlNode::location() const {
    if (const std::string* who = source_->override_for(path_)) return *who;
    const YAML::Mark m = mark();
    const std::string& file = source_->file_for(path_);
    if (m.is_null() || m.line < 0) return file;
    return fmt::format("{}:{}:{}", file, m.line + 1, m.column + 1);
}

void YamlNode::error(const std::string& problem, const std::string& allowed) const {
    std::string message = location() + ": error: ";
    if (!path_.empty()) message += path_ + ": ";
    message += problem;
    if (!allowed.empty()) message += "; allowed: " + allowed;
    throw ScenarioError(message);
}

void YamlNode::missing(const std::string& key, const std::string& allowed) const {
    error(fmt::format("missing required key '{}'", key),
          allowed.empty() ? "" : key + ": " + allowed);
}

void YamlNode::expect_map(const std::string& what) const {
    if (!is_map()) error(fmt::format("expected a map, found {}", found()), what);
}

YamlNode YamlNode::child(const YAML::Node& node, const std::string& key) const {
    return YamlNode(node, path_.empty() ? key : path_ + "." + key, source_);
}

std::optional<YamlNode> YamlNode::get(const std::string& key) const {
    expect_map("a map");
    for (auto it = node_.begin(); it != node_.end(); ++it)
        if (it->first.IsScalar() && it->first.Scalar() == key) return child(it->second, key);
    return std::nullopt;
}

bool YamlNode::has(const std::string& key) const { return get(key).has_value(); }

YamlNode YamlNode::require(const std::string& key, const std::string& allowed) const {
    auto value = get(key);
    if (!value) missing(key, allowed);
    return *value;
}

void YamlNode::check_keys(const std::vector<std::string>& allowed, const std::string& what,
                          const std::string& context) const {
    expect_map(join(allowed));
    std::vector<std::pair<std::string, int>> seen;  // key, 1-based line
    for (auto it = node_.begin(); it != node_.end(); ++it) {
        if (!it->first.IsScalar()) {
            YamlNode(it->first, path_, source_)
                .error(fmt::format("keys must be plain names, found {}",
                                   YamlNode(it->first, "", source_).found()),
                       join(allowed));
        }
        const std::string key = it->first.Scalar();
        const YamlNode key_node(it->first, path_.empty() ? key : path_ + "." + key, source_);
        for (const auto& [name, line] : seen)
            if (name == key)
                key_node.error(
                    fmt::format("duplicate key '{}' (first given at line {})", key, line));
        seen.emplace_back(key, key_node.mark().line + 1);
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            key_node.error(
                fmt::format("unknown {} '{}'{}{}", what, key, context, hint_for(key, allowed)),
                join(allowed));
    }
}

std::vector<std::pair<std::string, YamlNode>> YamlNode::entries() const {
    expect_map("a map");
    std::vector<std::pair<std::string, YamlNode>> out;
    for (auto it = node_.begin(); it != node_.end(); ++it) {
        if (!it->first.IsScalar())
            YamlNode(it->first, path_, source_).error("keys must be plain names", "a string key");
        out.emplace_back(it->first.Scalar(), child(it->second, it->first.Scalar()));
    }
    return out;
}

std::vector<YamlNode> YamlNode::elements(const std::string& what) const {
    if (!is_list()) error(fmt::format("expected a list, found {}", found()), what);
    std::vector<YamlNode> out;
    std::size_t i = 0;
    for (auto it = node_.begin(); it != node_.end(); ++it, ++i)
        out.emplace_back(*it, fmt::format("{}[{}]", path_, i), source_);
    return out;
}

std::string YamlNode::text(const std::string& allowed) const {
    if (!is_scalar()) error(fmt::format("expected a single value, found {}", found()), allowed);
    return node_.Scalar();
}

std::int64_t YamlNode::integer(std::int64_t min, std::int64_t max,
                               const std::string& allowed) const {
    const std::string t = text(allowed);
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (ec == std::errc::result_out_of_range)
        error(fmt::format("{} is out of range", found()), allowed);
    if (ec != std::errc() || ptr != t.data() + t.size()) {
        // Counts such as 20k are whole numbers too.
        const auto count = parse_count(t);
        if (!count || *count.value != std::floor(*count.value) || *count.value > 9e18)
            error(fmt::format("{} is not an integer", found()), allowed);
        value = static_cast<std::int64_t>(*count.value);
    }
    if (value < min || value > max) error(fmt::format("found {}", t), allowed);
    return value;
}

double YamlNode::number(double min, double max, const std::string& allowed) const {
    const auto parsed = parse_number(text(allowed));
    if (!parsed) error(fmt::format("{} is not a number", found()), allowed);
    if (*parsed.value < min || *parsed.value > max)
        error(fmt::format("found {}", node_.Scalar()), allowed);
    return *parsed.value;
}

double YamlNode::fraction() const { return number(0, 1, "a fraction from 0 to 1 (e.g. 0.5)"); }

bool YamlNode::boolean() const {
    static const char* const allowed = "true or false";
    std::string t = text(allowed);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    if (t == "true" || t == "yes" || t == "on") return true;
    if (t == "false" || t == "no" || t == "off") return false;
    error(fmt::format("{} is not a boolean", found()), allowed);
}

double YamlNode::duration_seconds(bool positive) const {
    const auto parsed = parse_duration_seconds(text(kDurationForms));
    if (!parsed) error(parsed.error);
    if (positive && engine::from_seconds(*parsed.value) <= 0)
        error(fmt::format("found {}", node_.Scalar()), "a duration > 0 (e.g. 250ms, 30s, 5m)");
    return *parsed.value;
}

engine::Time YamlNode::duration(bool positive) const { return engine::from_seconds(duration_seconds(positive)); }

engine::Time YamlNode::duration_or_none(bool positive) const {
    const std::string allowed = std::string("none, or ") + kDurationForms;
    const std::string t = text(allowed);
    if (t == "none") return engine::kNever;
    const auto parsed = parse_duration(t);
    if (!parsed) error(parsed.error.substr(0, parsed.error.find("; allowed: ")), allowed);
    if (positive && *parsed.value <= 0)
        error(fmt::format("found {}", t), "none, or a duration > 0 (e.g. 30s, 5m)");
    return *parsed.value;
}

double YamlNode::count(bool positive) const {
    const auto parsed = parse_count(text(kCountForms));
    if (!parsed) error(parsed.error);
    if (positive && *parsed.value <= 0)
        error(fmt::format("found {}", node_.Scalar()), "a count > 0 (e.g. 50, 450k, 2M)");
    return *parsed.value;
}

double YamlNode::rate(bool positive) const {
    const auto parsed = parse_rate(text(kRateForms));
    if (!parsed) error(parsed.error);
    if (positive && *parsed.value <= 0)
        error(fmt::format("found {}", node_.Scalar()), "a rate > 0 (e.g. 2/s, 120/min)");
    return *parsed.value;
}

std::string YamlNode::choice(const std::vector<std::string>& choices) const {
    const std::string t = text("one of " + join(choices));
    if (std::find(choices.begin(), choices.end(), t) == choices.end())
        error(unknown_with_hint("value", t, choices), join(choices));
    return t;
}

namespace {

// Records where each document starts, and the first tag (`!!str 7`, `!foo 4`):
// yaml-cpp keeps a tag on the node and reads the value as if it were not
// there, so a tag would be silently ignored.
class DocumentStarts : public YAML::EventHandler {
public:
    std::vector<YAML::Mark> starts;
    std::optional<std::pair<YAML::Mark, std::string>> first_tag;
    void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                  const std::string&) override {
        note(mark, tag);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        note(mark, tag);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        note(mark, tag);
    }
    void OnMapEnd() override {}

private:
    // "?" is an untagged plain node, "!" a quoted scalar (or the bare `!`,
    // which means the same: text).
    void note(const YAML::Mark& mark, const std::string& tag) {
        if (first_tag || tag.empty() || tag == "?" || tag == "!") return;
        first_tag.emplace(mark, tag);
    }
};

// `tag:yaml.org,2002:str` as it was written: `!!str`.
std::string written_tag(const std::string& tag) {
    constexpr std::string_view kCore = "tag:yaml.org,2002:";
    if (tag.compare(0, kCore.size(), kCore) == 0) return "!!" + tag.substr(kCore.size());
    return tag;
}

}  // namespace

YAML::Node load_one_document(const std::string& text) {
    if (const auto problem = yaml_size_problem(text)) {  // before any node is built
        YAML::Mark mark = YAML::Mark::null_mark();
        mark.line = problem->line;
        mark.column = problem->column;
        throw YamlSizeError(mark, problem->message);
    }
    YAML::Node root = YAML::Load(text);
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentStarts handler;
    for (int i = 0; i < 2 && parser.HandleNextDocument(handler); ++i) {
    }
    if (handler.starts.size() > 1)
        throw YAML::ParserException(
            handler.starts[1],
            "content after the end of the document (a second '---' document, or a stray "
            "',' or ']'); allowed: one YAML document");
    if (handler.first_tag)
        throw YAML::ParserException(
            handler.first_tag->first,
            fmt::format("the tag {} is not allowed (ratesim reads every value by its key, and "
                        "would ignore it); allowed: the value without a tag (quote it to make it "
                        "text)",
                        quoted_excerpt(written_tag(handler.first_tag->second))));
    return root;
}

}  // namespace ratesim::scenario
