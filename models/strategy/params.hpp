#pragma once
// Typed parameters of a strategy part: what a kind declares it accepts, and
// the resolved values (defaults filled in) it is built from.
#include <bitset>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace ratesim::models {

// A set of response statuses (100..599) plus the client-side timeout.
class StatusSet {
public:
    static constexpr int kTimeout = 0;  // the status a client timeout reports
    void add(int status);               // kTimeout or 100..599
    void add_range(int lo, int hi);     // inclusive
    bool contains(int status) const;
    bool empty() const { return !timeout_ && codes_.none(); }
    std::string describe() const;       // e.g. "429, 500-599, timeout"
    bool operator==(const StatusSet&) const = default;

private:
    std::bitset<600> codes_;
    bool timeout_ = false;
};

enum class ParamType {
    duration,          // seconds (YAML: 250ms, 2s, ...)
    duration_or_none,  // seconds, or `none` = +inf
    number,            // any finite number >= 0
    number_or_none,    // a number >= 0, or `none` = +inf
    fraction,          // 0..1
    count,             // integer >= 1
    retries,           // integer >= 0, or `unlimited` = +inf
    choice,            // one of ParamSpec::choices
    statuses,          // list of statuses: 429, 5xx, timeout, ...
};

using ParamValue = std::variant<double, std::string, StatusSet>;

struct ParamSpec {
    std::string name;
    ParamType type;
    ParamValue default_value;
    std::string help;
    std::vector<std::string> choices;  // for ParamType::choice
};

const char* param_type_name(ParamType type);
std::string describe_value(const ParamSpec& spec, const ParamValue& value);

// Resolved parameter values, by name.
class Params {
public:
    void set(const std::string& name, ParamValue value) { values_[name] = std::move(value); }
    bool has(const std::string& name) const { return values_.count(name) != 0; }
    double number(const std::string& name) const;  // also durations, in seconds
    const std::string& text(const std::string& name) const;
    const StatusSet& statuses(const std::string& name) const;
    const std::map<std::string, ParamValue>& values() const { return values_; }

private:
    std::map<std::string, ParamValue> values_;
};

}  // namespace ratesim::models
