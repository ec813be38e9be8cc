#include "sim/scenario/overrides.hpp"

#include <fmt/format.h>

namespace ratesim::scenario {

namespace {

// `who` names the override in messages: "--set PATH=VALUE" or a sweep's place.
[[noreturn]] void fail(const std::string& who, const std::string& problem,
                       const std::string& allowed = "") {
    std::string message = fmt::format("{}: error: {}", who, problem);
    if (!allowed.empty()) message += "; allowed: " + allowed;
    throw ScenarioError(message);
}

std::vector<std::string> split_path(const std::string& set, const std::string& given) {
    // "clients[0].workers", the form messages print, means clients.0.workers.
    std::string path;
    for (std::size_t i = 0; i < given.size(); ++i) {
        if (given[i] == '[' && i > 0 && given[i - 1] != '.') path += '.';
        else if (given[i] == ']' && i + 1 < given.size() && given[i + 1] != '.') path += '.';
        else if (given[i] != '[' && given[i] != ']') path += given[i];
    }
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        segments.push_back(
            path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (segments.back().empty())
            fail(set, fmt::format("'{}' has an empty path segment", path),
                 "dotted keys such as clients.batch.workers or api.pools.sonnet.rpm");
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return segments;
}

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
}

std::string kind_of(const YAML::Node& node) {
    if (node.IsNull()) return "an empty value";
    if (node.IsScalar()) return fmt::format("the value '{}'", node.Scalar());
    return "?";
}

}  // namespace

std::string assign_path(YAML::Node& root, const std::string& path, const YAML::Node& value,
                        const std::string& who) {
    if (path.empty()) fail(who, "the path is empty", "e.g. clients.batch.workers");
    const std::vector<std::string> segments = split_path(who, path);
    YAML::Node current = root;
    std::string canonical;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string& segment = segments[i];
        const bool last = i + 1 == segments.size();
        const std::string here = canonical.empty() ? "the scenario" : canonical;
        YAML::Node next;
        bool found = false;
        std::string child_path;
        if (current.IsMap()) {
            std::vector<std::string> keys;
            for (auto it = current.begin(); it != current.end(); ++it) {
                if (!it->first.IsScalar()) continue;
                keys.push_back(it->first.Scalar());
                if (!found && it->first.Scalar() == segment) {
                    next.reset(it->second);
                    found = true;
                }
            }
            child_path = canonical.empty() ? segment : canonical + "." + segment;
            if (!found && last) {
                current[segment] = value;  // a new key
                return child_path;
            }
            if (!found)
                fail(who, fmt::format("{} has no key '{}'{}", here, segment, hint_for(segment, keys)),
                     keys.empty() ? "nothing (the map is empty)" : join(keys));
        } else if (current.IsSequence()) {
            std::vector<std::string> names;
            std::size_t index = 0;
            for (auto it = current.begin(); it != current.end(); ++it, ++index) {
                const YAML::Node element = *it;
                std::string name;
                if (element.IsMap())
                    for (auto kv = element.begin(); kv != element.end(); ++kv)
                        if (kv->first.IsScalar() && kv->first.Scalar() == "name" &&
                            kv->second.IsScalar())
                            name = kv->second.Scalar();
                if (!name.empty()) names.push_back(name);
                const bool by_index = all_digits(segment) && std::stoul(segment) == index;
                if (!found && (by_index || (!name.empty() && name == segment))) {
                    next.reset(element);
                    found = true;
                    child_path = fmt::format("{}[{}]", canonical, index);
                }
            }
            if (!found) {
                std::string allowed = names.empty() ? "" : "a name (" + join(names) + ") or ";
                allowed += index == 0 ? "nothing (the list is empty)"
                                      : fmt::format("an index 0..{}", index - 1);
                fail(who,
                     fmt::format("{} has no element '{}'{}", here, segment, hint_for(segment, names)),
                     allowed);
            }
        } else {
            fail(who,
                 fmt::format("{} is {}, not a map or a list, so it has no '{}'", here,
                             kind_of(current), segment),
                 "a path through maps and lists of the scenario");
        }
        if (last) {
            next = value;  // replaces the node in place, so the tree sees it
            return child_path;
        }
        current.reset(next);
        canonical = child_path;
    }
    return canonical;
}

void apply_sets(YAML::Node& root, const std::vector<std::string>& sets, YamlSource& source) {
    for (const std::string& set : sets) {
        // `--sweep` arrives as a set of `sweep`; messages name the option.
        const std::string who = set.rfind("sweep=", 0) == 0 ? "--sweep" : "--set " + set;
        const std::size_t eq = set.find('=');
        if (eq == std::string::npos)
            fail(who, "expected PATH=VALUE",
                 "e.g. --set clients.batch.workers=16 or --set duration=2h");
        const std::string path = set.substr(0, eq);
        if (path.empty())
            fail(who, "the path before '=' is empty", "e.g. --set clients.batch.workers=16");
        YAML::Node value;
        try {
            value = load_one_document(set.substr(eq + 1));
        } catch (const YAML::Exception& e) {
            fail(who, fmt::format("the value is not valid YAML: {}", e.msg),
                 "a YAML value, e.g. 16, 30s, [a, b]");
        }
        source.overrides.emplace_back(assign_path(root, path, value, who), who);
    }
}

}  // namespace ratesim::scenario
