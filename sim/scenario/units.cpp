#include "sim/scenario/units.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <cstdint>

namespace ratesim::scenario {

const char* const kDurationForms =
    "a number with a unit ms, s, m, h or d (e.g. 250ms, 30s, 1.5m, 2h, 1d), or 0";
const char* const kRateForms = "a number per unit s, min or h (e.g. 2/s, 120/min, 100/h)";
const char* const kCountForms =
    "a number, optionally with k (x1000) or M (x1000000) (e.g. 1000, 1.5k, 450k, 2M)";
const char* const kNumberForms = "a plain number (e.g. 60, 0.25)";

namespace {

struct Split {
    std::string_view number;  // digits with at most one '.'
    std::string_view rest;    // what follows
};

// Splits off a leading unsigned decimal `[0-9]*.?[0-9]*` with at least one digit.
std::optional<Split> split_decimal(std::string_view text) {
    std::size_t i = 0;
    bool digit = false, dot = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c == '.' && !dot)
            dot = true;
        else
            break;
    }
    if (!digit) return std::nullopt;
    return Split{text.substr(0, i), text.substr(i)};
}

// std::from_chars for a double, which the libc++ of Debian's Emscripten (13)
// lacks; there, strtod on the same text. Both round correctly, so the bits
// agree; what strtod takes and from_chars does not (leading space, '+', hex)
// is refused first, and a value out of range is refused as from_chars does.
std::from_chars_result double_from_chars(const char* first, const char* last, double& value) {
#if defined(__EMSCRIPTEN__)
    const std::string text(first, last);
    const bool starts_well = !text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) ||
                                               text[0] == '.' || text[0] == '-' || std::isalpha(static_cast<unsigned char>(text[0])));
    if (!starts_well || text.find_first_of("xX") != std::string::npos) return {first, std::errc::invalid_argument};
    errno = 0;
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (end == text.c_str()) return {first, std::errc::invalid_argument};
    if (errno == ERANGE) return {first + (end - text.c_str()), std::errc::result_out_of_range};
    value = parsed;
    return {first + (end - text.c_str()), std::errc()};
#else
    return std::from_chars(first, last, value, std::chars_format::general);
#endif
}

std::optional<double> to_double(std::string_view digits) {
    double value = 0;
    const auto* end = digits.data() + digits.size();
    const auto [ptr, ec] = double_from_chars(digits.data(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::string quoted(std::string_view text) { return fmt::format("'{}'", text); }

template <class T>
UnitResult<T> fail(std::string problem, const char* forms) {
    return {std::nullopt, fmt::format("{}; allowed: {}", problem, forms)};
}

bool starts_negative(std::string_view text) { return !text.empty() && text.front() == '-'; }

// "1.5" and "2." are fine; "1.5.3" is split earlier, so only the digits matter.
std::string trim_number(double x) { return fmt::format("{}", x); }

}  // namespace

UnitResult<double> parse_duration_seconds(std::string_view text) {
    if (text.empty()) return fail<double>("empty duration", kDurationForms);
    if (starts_negative(text))
        return fail<double>(fmt::format("{} is negative", quoted(text)), kDurationForms);
    const auto split = split_decimal(text);
    if (!split)
        return fail<double>(fmt::format("{} is not a duration", quoted(text)), kDurationForms);
    const auto number = to_double(split->number);
    if (!number)
        return fail<double>(fmt::format("{} is not a duration", quoted(text)), kDurationForms);
    double scale = 0;
    const std::string_view unit = split->rest;
    if (unit.empty()) {
        if (*number == 0) return {0.0, {}};
        return fail<double>(fmt::format("{} has no unit", quoted(text)), kDurationForms);
    }
    if (unit == "ms")
        scale = 1e-3;
    else if (unit == "s")
        scale = 1;
    else if (unit == "m")
        scale = 60;
    else if (unit == "h")
        scale = 3600;
    else if (unit == "d")
        scale = 86400;
    else if (unit.front() == ' ' || unit.front() == '\t')
        return fail<double>(
            fmt::format("{}: write the unit right after the number, with no space", quoted(text)),
            kDurationForms);
    else
        return fail<double>(fmt::format("{} has an unknown unit '{}'", quoted(text), unit),
                            kDurationForms);
    const double seconds = *number * scale;
    if (seconds > kMaxDurationSeconds)
        return fail<double>(fmt::format("{} is too long (at most {}s)", quoted(text),
                                        trim_number(kMaxDurationSeconds)),
                            kDurationForms);
    return {seconds, {}};
}

UnitResult<engine::Time> parse_duration(std::string_view text) {
    auto seconds = parse_duration_seconds(text);
    if (!seconds) return {std::nullopt, std::move(seconds.error)};
    return {engine::from_seconds(*seconds.value), {}};
}

UnitResult<double> parse_rate(std::string_view text) {
    if (text.empty()) return fail<double>("empty rate", kRateForms);
    if (starts_negative(text))
        return fail<double>(fmt::format("{} is negative", quoted(text)), kRateForms);
    const auto slash = text.find('/');
    if (slash == std::string_view::npos)
        return fail<double>(fmt::format("{} has no unit", quoted(text)), kRateForms);
    const std::string_view count = text.substr(0, slash);
    const std::string_view unit = text.substr(slash + 1);
    const auto split = split_decimal(count);
    const auto number = split && split->rest.empty() ? to_double(split->number) : std::nullopt;
    if (!number) return fail<double>(fmt::format("{} is not a rate", quoted(text)), kRateForms);
    double per = 0;
    if (unit == "s")
        per = 1;
    else if (unit == "min")
        per = 60;
    else if (unit == "h")
        per = 3600;
    else
        return fail<double>(fmt::format("{} has an unknown unit '/{}'", quoted(text), unit),
                            kRateForms);
    return {*number / per, {}};
}

UnitResult<double> parse_count(std::string_view text) {
    if (text.empty()) return fail<double>("empty count", kCountForms);
    if (starts_negative(text))
        return fail<double>(fmt::format("{} is negative", quoted(text)), kCountForms);
    const auto split = split_decimal(text);
    const auto number = split ? to_double(split->number) : std::nullopt;
    if (!number) return fail<double>(fmt::format("{} is not a count", quoted(text)), kCountForms);
    const std::string_view suffix = split->rest;
    double scale = 1;
    if (suffix.empty())
        scale = 1;
    else if (suffix == "k" || suffix == "K")
        scale = 1e3;
    else if (suffix == "M")
        scale = 1e6;
    else
        return fail<double>(fmt::format("{} has an unknown suffix '{}'", quoted(text), suffix),
                            kCountForms);
    const double value = *number * scale;
    if (!std::isfinite(value))
        return fail<double>(fmt::format("{} is too large", quoted(text)), kCountForms);
    return {value, {}};
}

UnitResult<double> parse_number(std::string_view text) {
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    double value = 0;
    const auto* end = digits.data() + digits.size();
    const auto [ptr, ec] = double_from_chars(digits.data(), end, value);
    if (digits.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
        return fail<double>(fmt::format("{} is not a number", quoted(text)), kNumberForms);
    return {value, {}};
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string format_duration(engine::Time t) {
    if (t == engine::kNever) return "none";
    if (t == 0) return "0s";
    const char* sign = t < 0 ? "-" : "";
    const std::uint64_t abs =
        t < 0 ? static_cast<std::uint64_t>(-(t + 1)) + 1 : static_cast<std::uint64_t>(t);
    // Whole and fractional parts in the chosen unit; the fraction is exact.
    auto render = [&](std::uint64_t per_unit, int digits, const char* unit) {
        std::string out = fmt::format("{}{}", sign, abs / per_unit);
        if (const auto frac = abs % per_unit; frac != 0) {
            std::string f = fmt::format("{:0{}}", frac, digits);
            while (!f.empty() && f.back() == '0') f.pop_back();
            out += "." + f;
        }
        return out + unit;
    };
    if (abs < 1'000'000) return render(1000, 3, "ms");
    return render(1'000'000, 6, "s");
}

std::string format_duration_seconds(double s) {
    if (std::isinf(s) && s > 0) return "none";
    if (std::isnan(s)) return "nan";
    return format_duration(engine::from_seconds(s));
}

std::string display_duration(double s) {
    if (!std::isfinite(s)) return "-";
    if (s < 1) return fmt::format("{:.0f}ms", s * 1000);
    if (s < 120) return fmt::format("{:.1f}s", s);
    if (s < 7200) return fmt::format("{:.1f}m", s / 60);
    return fmt::format("{:.1f}h", s / 3600);
}

std::string format_rate(double per_second) {
    // Nearly whole (within float error of a /min or /h input) reads best.
    auto whole = [](double x) {
        return std::isfinite(x) && std::fabs(x) < 1e15 &&
               std::fabs(x - std::round(x)) <= 1e-9 * std::fabs(x);
    };
    if (whole(per_second)) return fmt::format("{}/s", std::round(per_second));
    if (whole(per_second * 60)) return fmt::format("{}/min", std::round(per_second * 60));
    if (whole(per_second * 3600)) return fmt::format("{}/h", std::round(per_second * 3600));
    return fmt::format("{}/s", per_second);
}

}  // namespace ratesim::scenario
