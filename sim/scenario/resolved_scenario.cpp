#include "sim/scenario/resolved_scenario.hpp"

#include <charconv>
#include <string_view>

#include "models/strategy/registry.hpp"
#include "sim/scenario/loader.hpp"

namespace ratesim::scenario {

namespace {

using nlohmann::json;

void drop_nulls(json& node) {
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end();) {
            if (it->is_null()) {
                it = node.erase(it);
            } else {
                drop_nulls(*it);
                ++it;
            }
        }
    } else if (node.is_array()) {
        for (auto& element : node) drop_nulls(element);
    }
}

// Every distribution ({dist, ...}) loses the mean it carries for readers.
void drop_expected_values(json& node) {
    if (node.is_object()) {
        if (node.contains("dist")) node.erase("expected_value");
        for (auto& [key, value] : node.items()) drop_expected_values(value);
    } else if (node.is_array()) {
        for (auto& element : node) drop_expected_values(element);
    }
}

int parse_status(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() ? value : -1;
}

// StatusSet::describe's "429, 500-599, timeout" (or "none") as the list a
// scenario writes: [429, 5xx, timeout]. A range that is not a whole class is
// listed code by code.
json status_list(const std::string& described) {
    json list = json::array();
    if (described == "none") return list;
    std::string_view rest = described;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        const std::size_t dash = item.find('-');
        const int first = parse_status(item.substr(0, dash));
        if (first < 0) {
            list.push_back(std::string(item));  // timeout
        } else if (dash == std::string_view::npos) {
            list.push_back(first);
        } else {
            const int last = parse_status(item.substr(dash + 1));
            if (first % 100 == 0 && last == first + 99) {
                list.push_back(std::to_string(first / 100) + "xx");
            } else {
                for (int s = first; s <= last; ++s) list.push_back(s);
            }
        }
    }
    return list;
}

void respell_strategy(json& strategy) {
    if (!strategy.is_object()) return;  // a preset name
    const std::pair<const char*, models::Part> parts[] = {
        {"retry", models::Part::retry}, {"pacing", models::Part::pacing}, {"budget", models::Part::budget}};
    for (const auto& [key, part] : parts) {
        if (!strategy.contains(key) || !strategy[key].is_object()) continue;
        json& config = strategy[key];
        const auto kind = config.find("kind");
        if (kind == config.end() || !kind->is_string()) continue;
        const models::PartKind* spec = models::find_kind(part, kind->get<std::string>());
        if (spec == nullptr) continue;
        for (const auto& param : spec->params) {
            const auto value = config.find(param.name);
            if (param.type == models::ParamType::statuses && value != config.end() && value->is_string())
                *value = status_list(value->get<std::string>());
        }
    }
    if (strategy.contains("routing") && strategy["routing"].is_object()) {
        json& routing = strategy["routing"];
        if (routing.contains("on") && routing["on"].is_string())
            routing["on"] = status_list(routing["on"].get<std::string>());
    }
}

// A pool's own latency is the model catalogue's, which applies only where
// api.latency leaves that distribution unset: so it was unset.
void drop_catalogue_latency(json& api) {
    if (!api.contains("pools") || !api["pools"].is_object()) return;
    for (const char* key : {"time_to_first_token", "output_tokens_per_second"}) {
        bool from_catalogue = false;
        for (auto& [name, pool] : api["pools"].items())
            if (pool.is_object() && pool.erase(key) > 0) from_catalogue = true;
        if (from_catalogue && api.contains("latency") && api["latency"].is_object())
            api["latency"].erase(key);
    }
}

}  // namespace

json scenario_document_of(const json& resolved) {
    json doc = resolved;
    if (!doc.is_object()) return doc;  // the loader names what it found instead
    drop_nulls(doc);
    drop_expected_values(doc);
    doc.erase("file");
    if (doc.contains("api") && doc["api"].is_object()) drop_catalogue_latency(doc["api"]);
    if (doc.contains("clients") && doc["clients"].is_array()) {
        for (auto& group : doc["clients"]) {
            if (!group.is_object()) continue;
            if (group.contains("workload") && group["workload"].value("kind", "") == "trace") {
                group["workload"].erase("requests");
                if (group.contains("request") && group["request"].is_object())
                    for (const char* key : {"input_tokens", "output_tokens"})  // each trace row's own
                        group["request"].erase(key);
            }
            if (group.contains("strategy")) respell_strategy(group["strategy"]);
        }
    }
    if (doc.contains("compare") && doc["compare"].is_object()) {
        json& strategies = doc["compare"]["strategies"];
        if (strategies.is_array() && strategies.empty()) {
            doc.erase("compare");  // the groups' own strategies
        } else if (strategies.is_array()) {
            for (auto& strategy : strategies) respell_strategy(strategy);
        }
    }
    if (doc.contains("sweep") && doc["sweep"].is_object() && doc["sweep"].contains("path")) {
        const json sweep = doc["sweep"];
        doc["sweep"] = json{{sweep["path"].get<std::string>(), sweep.value("values", json::array())}};
    }
    return doc;
}

ScenarioConfig load_resolved_scenario(const json& resolved, const std::string& label,
                                      const std::vector<std::string>& sets) {
    // JSON is YAML: the document goes through the one loader every scenario does.
    return load_scenario_text(scenario_document_of(resolved).dump(1), label, sets);
}

}  // namespace ratesim::scenario
