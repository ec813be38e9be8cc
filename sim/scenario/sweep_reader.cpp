#include "sim/scenario/sweep_reader.hpp"

#include <cmath>

#include <fmt/format.h>

#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::scenario {

namespace {

constexpr std::size_t kMaxSweepValues = 1000;
constexpr const char* kRangeForms =
    "a list of values, or a range 'A..B xF' (geometric, F > 1), 'A..B +S' (arithmetic, S > 0) "
    "or 'A..B' (step 1); A, B and S are numbers with optional k/M suffixes, or durations (1s..1m +10s)";

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// A count, or a duration in seconds when `durations`.
double bound(const YamlNode& node, const std::string& text, bool durations) {
    const auto r = durations ? parse_duration_seconds(trim(text)) : parse_count(trim(text));
    if (!r) node.error(fmt::format("'{}' in the range: {}", trim(text), r.error.substr(0, r.error.find("; allowed:"))),
                       kRangeForms);
    return *r.value;
}

std::string format_value(double v) {
    if (std::abs(v) < 1e15 && v == std::round(v)) return fmt::format("{:.0f}", v);
    return fmt::format("{:.10g}", v);
}

}  // namespace

std::vector<std::string> expand_range(const YamlNode& node, const std::string& text) {
    const auto dots = text.find("..");
    if (dots == std::string::npos) node.error(fmt::format("'{}' is not a range", text), kRangeForms);
    // A range of durations when its start is one (a bare number is a count).
    const bool durations = !parse_count(trim(text.substr(0, dots))) &&
                           parse_duration_seconds(trim(text.substr(0, dots)));
    const double from = bound(node, text.substr(0, dots), durations);
    std::string rest = trim(text.substr(dots + 2));
    char op = '+';
    double step = 1;
    const auto space = rest.find_first_of(" \t");
    if (space != std::string::npos) {
        const std::string step_text = trim(rest.substr(space));
        rest = rest.substr(0, space);
        if (step_text.empty() || (step_text[0] != 'x' && step_text[0] != '+'))
            node.error(fmt::format("'{}' is not a step", step_text), kRangeForms);
        op = step_text[0];
        step = op == 'x' ? bound(node, step_text.substr(1), false) : bound(node, step_text.substr(1), durations);
    }
    const double to = bound(node, rest, durations);
    if (to < from) node.error(fmt::format("the range '{}' runs backwards", text), kRangeForms);
    if ((op == 'x' && step <= 1) || (op == '+' && step <= 0))
        node.error(fmt::format("the step in '{}' would never reach the end", text), kRangeForms);
    std::vector<double> values;
    // A relative tolerance keeps 0.1-steps from missing their end to rounding.
    const double end = to * (1 + 1e-12);
    for (double v = from; v <= end; v = op == 'x' ? v * step : v + step) {
        if (values.size() == kMaxSweepValues)
            node.error(fmt::format("the range '{}' has more than {} values", text, kMaxSweepValues),
                       fmt::format("at most {} values per sweep", kMaxSweepValues));
        if (op == 'x' && v == 0)
            node.error(fmt::format("a geometric range '{}' cannot start at 0", text), kRangeForms);
        values.push_back(v);
    }
    std::vector<std::string> labels;
    for (double v : values) labels.push_back(durations ? format_duration_seconds(v) : format_value(v));
    return labels;
}

SweepSpec read_sweep(const YamlNode& node) {
    const char* forms = "a map with one dotted path (e.g. clients.batch.workers) and its values";
    const auto entries = node.entries();
    if (entries.size() != 1)
        node.error(fmt::format("a sweep varies one path; found {}", entries.size()), forms);
    const std::string& path = entries.front().first;  // named, not bound: lambdas capture it
    const YamlNode& values = entries.front().second;
    SweepSpec spec;
    spec.path = path;
    // How messages name one value: its place in the file, or the --sweep option.
    auto who = [&](const YamlNode& at, const std::string& value) {
        const std::string place = at.location();
        if (place.rfind("--", 0) == 0) return fmt::format("--sweep {}={}", path, value);
        return fmt::format("{}: sweep {}={}", place, path, value);
    };
    if (values.raw().IsSequence()) {
        const auto elements = values.elements(kRangeForms);
        if (elements.empty()) values.error("the list of values is empty", kRangeForms);
        if (elements.size() > kMaxSweepValues)
            values.error(fmt::format("{} values", elements.size()),
                         fmt::format("at most {} values per sweep", kMaxSweepValues));
        for (const auto& e : elements) {
            if (!e.raw().IsScalar()) e.error(fmt::format("found {}", e.found()), "a scalar value");
            for (const auto& label : spec.labels)
                if (label == e.raw().Scalar())
                    e.error(fmt::format("the value '{}' appears twice", label), "distinct values");
            spec.values.push_back(e.raw());
            spec.labels.push_back(e.raw().Scalar());
            spec.whos.push_back(who(e, e.raw().Scalar()));
        }
    } else if (values.raw().IsScalar()) {
        for (const std::string& label : expand_range(values, values.raw().Scalar())) {
            spec.values.push_back(YAML::Node(label));
            spec.labels.push_back(label);
            spec.whos.push_back(who(values, label));
        }
    } else {
        values.error(fmt::format("found {}", values.found()), kRangeForms);
    }
    return spec;
}

}  // namespace ratesim::scenario
