#include "models/strategy/params.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace ratesim::models {

void StatusSet::add(int status) {
    if (status == kTimeout)
        timeout_ = true;
    else if (status >= 100 && status < 600)
        codes_.set(static_cast<std::size_t>(status));
}

void StatusSet::add_range(int lo, int hi) {
    for (int s = lo; s <= hi; ++s) add(s);
}

bool StatusSet::contains(int status) const {
    if (status == kTimeout) return timeout_;
    return status >= 100 && status < 600 && codes_.test(static_cast<std::size_t>(status));
}

std::string StatusSet::describe() const {
    std::string out;
    auto append = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
    for (int s = 100; s < 600;) {
        if (!codes_.test(static_cast<std::size_t>(s))) {
            ++s;
            continue;
        }
        int e = s;
        while (e + 1 < 600 && codes_.test(static_cast<std::size_t>(e + 1))) ++e;
        append(e == s ? fmt::format("{}", s) : fmt::format("{}-{}", s, e));
        s = e + 1;
    }
    if (timeout_) append("timeout");
    return out.empty() ? "none" : out;
}

const char* param_type_name(ParamType type) {
    switch (type) {
        case ParamType::duration: return "duration";
        case ParamType::duration_or_none: return "duration or none";
        case ParamType::number: return "number";
        case ParamType::number_or_none: return "number or none";
        case ParamType::fraction: return "fraction 0..1";
        case ParamType::count: return "integer >= 1";
        case ParamType::retries: return "integer >= 0 or unlimited";
        case ParamType::choice: return "choice";
        case ParamType::statuses: return "list of statuses";
    }
    return "?";
}

std::string describe_value(const ParamSpec& spec, const ParamValue& value) {
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    if (const auto* set = std::get_if<StatusSet>(&value)) return fmt::format("[{}]", set->describe());
    const double x = std::get<double>(value);
    switch (spec.type) {
        case ParamType::duration:
        case ParamType::duration_or_none:
            if (std::isinf(x)) return "none";
            if (x != 0 && x < 1) return fmt::format("{}ms", x * 1000);
            return fmt::format("{}s", x);
        case ParamType::number_or_none:
            if (std::isinf(x)) return "none";
            return fmt::format("{}", x);
        case ParamType::retries:
            if (std::isinf(x)) return "unlimited";
            return fmt::format("{}", x);
        default: return fmt::format("{}", x);
    }
}

double Params::number(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::logic_error("strategy parameter not resolved: " + name);
    return std::get<double>(it->second);
}

const std::string& Params::text(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::logic_error("strategy parameter not resolved: " + name);
    return std::get<std::string>(it->second);
}

const StatusSet& Params::statuses(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::logic_error("strategy parameter not resolved: " + name);
    return std::get<StatusSet>(it->second);
}

}  // namespace ratesim::models
