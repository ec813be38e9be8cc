#include "sim/output/variant_focus.hpp"

#include <fmt/format.h>

namespace ratesim::output {

namespace {

using nlohmann::json;

struct Sweep {
    std::vector<std::string> values;
    std::size_t strategies = 0;  // variants per value; 0: no sweep
    std::string path;
};

Sweep sweep_of(const ResultDir& r) {
    Sweep s;
    const json sweep = r.scenario.value("sweep", json());
    if (!sweep.is_object() || !sweep.contains("values") || !sweep["values"].is_array()) return s;
    for (const auto& v : sweep["values"])
        s.values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    s.path = sweep.value("path", "");
    if (s.values.empty() || r.variants.size() % s.values.size() != 0) return Sweep{};
    s.strategies = r.variants.size() / s.values.size();
    return s;
}

// The scenario's value at a dotted path (list elements by `name` or index), as text.
std::string value_at(const json& scenario, const std::string& path) {
    const json* at = &scenario;
    std::size_t start = 0;
    while (at && start <= path.size()) {
        const std::size_t dot = path.find('.', start);
        const std::string key =
            path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const json* next = nullptr;
        if (at->is_object() && at->contains(key)) next = &(*at)[key];
        if (at->is_array())
            for (const auto& element : *at)
                if ((element.is_object() && element.value("name", "") == key) ||
                    std::to_string(&element - &(*at)[0]) == key)
                    next = &element;
        at = next;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (!at) return "";
    return at->is_string() ? at->get<std::string>() : at->dump();
}

}  // namespace

VariantFocus variant_focus(const ResultDir& r) {
    VariantFocus focus;
    const Sweep sweep = sweep_of(r);
    if (sweep.strategies == 0) {
        for (std::size_t v = 0; v < r.variants.size(); ++v) focus.variants.push_back(v);
        return focus;
    }
    std::size_t chosen = sweep.values.size() / 2;
    const std::string own = value_at(r.scenario, sweep.path);
    for (std::size_t i = 0; i < sweep.values.size(); ++i)
        if (sweep.values[i] == own) chosen = i;
    for (std::size_t s = 0; s < sweep.strategies; ++s)
        focus.variants.push_back(chosen * sweep.strategies + s);
    const std::string label = sweep.path.substr(
        sweep.path.rfind('.') == std::string::npos ? 0 : sweep.path.rfind('.') + 1);
    focus.at = fmt::format("{}={}", label, sweep.values[chosen]);
    return focus;
}

std::size_t color_slot(const ResultDir& r, std::size_t variant) {
    const Sweep sweep = sweep_of(r);
    return sweep.strategies == 0 ? variant : variant % sweep.strategies;
}

}  // namespace ratesim::output
