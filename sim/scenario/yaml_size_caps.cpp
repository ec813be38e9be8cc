#include "sim/scenario/yaml_size_caps.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <vector>

namespace ratesim::scenario {

namespace {

struct Cap {
    std::size_t entries;
    const char* what;  // what the entries are, for the message
};

// The cap of the list or map at `path` ("clients", "api.pools"...).
Cap cap_of(const std::string& path) {
    if (path == "clients") return {kMaxClientGroups, "client groups"};
    if (path == "compare.strategies") return {kMaxVariants, "strategies to compare"};
    if (path == "api.pools") return {kMaxPools, "pools"};
    if (path == "api.capacity.incidents")
        return {kMaxScheduledIncidents,
                "scheduled incidents (api.capacity.random draws any number of incidents at random)"};
    return {kMaxYamlEntries, "entries in one list or map"};
}

// Thrown from the handler to stop parsing at the first cap passed.
struct Passed {
    YAML::Mark mark;
    std::string message;
};

class SizeCaps : public YAML::EventHandler {
public:
    explicit SizeCaps(std::size_t max_nodes) : max_nodes_(max_nodes) {}
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  const std::string& value) override {
        node(mark, &value);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        open(mark, false);
    }
    void OnSequenceEnd() override { frames_.pop_back(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        open(mark, true);
    }
    void OnMapEnd() override { frames_.pop_back(); }

private:
    struct Frame {
        bool map = false;
        std::string path;     // where it is: "api.capacity.incidents"
        std::size_t entries = 0;
        bool at_key = true;   // a map's next node is a key
        std::string key;      // a map's current key
    };

    // Counts one node (a scalar, an alias, a null, or the start of a list or
    // map) and returns the path a list or map starting here would have.
    std::string node(const YAML::Mark& mark, const std::string* scalar = nullptr) {
        if (++nodes_ > max_nodes_)
            throw Passed{mark, fmt::format("the document has more than {} values (nodes); "
                                           "allowed: at most {} in a scenario",
                                           max_nodes_, max_nodes_)};
        if (frames_.empty()) return "";
        Frame& f = frames_.back();
        std::string here;
        if (f.map) {
            if (f.at_key) {
                count(f, mark);
                f.key = scalar ? *scalar : "?";
                f.at_key = false;
                return (f.path.empty() ? "" : f.path + ".") + "?";  // a key that is a list or map
            }
            f.at_key = true;
            return f.path.empty() ? f.key : f.path + "." + f.key;
        }
        count(f, mark);
        return fmt::format("{}[{}]", f.path, f.entries - 1);
    }

    void open(const YAML::Mark& mark, bool map) {
        Frame f;
        f.map = map;
        f.path = node(mark);
        frames_.push_back(std::move(f));
    }

    static void count(Frame& f, const YAML::Mark& mark) {
        const Cap cap = cap_of(f.path);
        if (++f.entries <= cap.entries) return;
        throw Passed{mark, fmt::format("{}: the {} has more than {} entries; allowed: at most {} {}",
                                       f.path.empty() ? "the scenario" : f.path, f.map ? "map" : "list",
                                       cap.entries, cap.entries, cap.what)};
    }

    std::vector<Frame> frames_;
    std::size_t max_nodes_;
    std::size_t nodes_ = 0;
};

}  // namespace

std::optional<YamlSizeProblem> yaml_size_problem(const std::string& text, std::size_t max_nodes) {
    std::istringstream stream(text);
    try {
        YAML::Parser parser(stream);
        SizeCaps caps(max_nodes);
        parser.HandleNextDocument(caps);
    } catch (const Passed& passed) {
        return YamlSizeProblem{passed.mark.line, passed.mark.column, passed.message};
    } catch (const YAML::Exception&) {
        // A syntax error (or nesting too deep): the loader's own parse reports it.
    }
    return std::nullopt;
}

}  // namespace ratesim::scenario
