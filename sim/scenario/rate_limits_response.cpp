#include "sim/scenario/rate_limits_response.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "sim/scenario/scenario_error.hpp"

namespace ratesim::scenario {

namespace {

using nlohmann::json;

constexpr const char* kDocs = "https://platform.claude.com/docs/en/api/admin/rate_limits/list";

// LINE:COLUMN (both from 1) of the byte before `byte` (nlohmann counts the
// bytes read, the offending one included).
std::string location_of(const std::string& text, std::size_t byte) {
    const std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return fmt::format("{}:{}", line, column);
}

// The reason nlohmann gives, without its "[json.exception...] parse error at ..." prefix.
std::string reason_of(const json::parse_error& e) {
    const std::string what = e.what();
    const auto at = what.find("syntax error");
    return at == std::string::npos ? what : what.substr(at);
}

[[noreturn]] void shape_error(const std::string& file, const std::string& field,
                              const std::string& problem, const std::string& allowed) {
    throw ScenarioError(fmt::format("{}: error: {}: {}; allowed: {} (the shape of {})", file, field,
                                    problem, allowed, kDocs));
}

// "Claude Sonnet 4.x" -> "sonnet-4-x": lower case, runs of anything but
// letters and digits as one '-', without the leading "claude-".
std::string pool_name_of(const std::string& display_name) {
    std::string name;
    for (const char c : display_name) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0)
            name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else if (!name.empty() && name.back() != '-')
            name += '-';
    }
    while (!name.empty() && name.back() == '-') name.pop_back();
    if (name.rfind("claude-", 0) == 0 && name.size() > 7) name.erase(0, 7);
    return name;
}

std::string text_field(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The entry's group type: group.type, else the deprecated group_type.
std::string group_type_of(const json& entry) {
    const auto group = entry.find("group");
    if (group != entry.end() && group->is_object()) {
        const std::string type = text_field(*group, "type");
        if (!type.empty()) return type;
    }
    return text_field(entry, "group_type");
}

void refuse_more_pages(const json& root, const std::string& file) {
    const auto next = root.find("next_page");
    const bool has_next = next != root.end() && next->is_string() && !next->get<std::string>().empty();
    const auto more = root.find("has_more");
    const bool has_more = more != root.end() && more->is_boolean() && more->get<bool>();
    if (!has_next && !has_more) return;
    throw ScenarioError(fmt::format(
        "{}: error: the response says more pages follow ({}), so it holds only some of the "
        "organization's limits; allowed: one response that holds every entry: fetch GET "
        "/v1/organizations/rate_limits without the `limit` parameter (every entry then comes in one "
        "page, with next_page null), or fetch each page with ?page=<next_page> until next_page is "
        "null and put all their `data` entries into one file",
        file, has_next ? fmt::format("next_page: \"{}\"", next->get<std::string>()) : "has_more: true"));
}

}  // namespace

ImportedLimits parse_rate_limits_response(const std::string& text, const std::string& file) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        throw ScenarioError(fmt::format("{}:{}: error: not valid JSON: {}; allowed: a saved response of "
                                        "GET /v1/organizations/rate_limits ({})",
                                        file, location_of(text, e.byte), reason_of(e), kDocs));
    }
    if (!root.is_object())
        shape_error(file, "the response", "not a JSON object", "{\"data\": [...], \"next_page\": null}");
    refuse_more_pages(root, file);
    const auto data = root.find("data");
    if (data == root.end() || !data->is_array())
        shape_error(file, "data", data == root.end() ? "missing" : "not an array",
                    "an array of rate-limit entries");

    ImportedLimits limits;
    for (std::size_t i = 0; i < data->size(); ++i) {
        const json& entry = (*data)[i];
        const std::string at = fmt::format("data[{}]", i);
        if (!entry.is_object()) shape_error(file, at, "not an object", "a rate-limit entry");
        const std::string type = group_type_of(entry);
        if (type.empty())
            shape_error(file, at + ".group.type", "missing", "model_group, batch, files, skills, "
                                                             "token_count or web_search");
        const auto values = entry.find("limits");
        if (values == entry.end() || !values->is_array())
            shape_error(file, at + ".limits", values == entry.end() ? "missing" : "not an array",
                        "an array of {\"type\": ..., \"value\": ...}");
        const auto group = entry.find("group");
        const std::string group_id = group != entry.end() && group->is_object() ? text_field(*group, "id") : "";
        std::string display = group != entry.end() && group->is_object() ? text_field(*group, "display_name") : "";
        if (display.empty()) display = group_id.empty() ? text_field(entry, "id") : group_id;

        if (type != "model_group" && type != "batch") {
            limits.notes.push_back(fmt::format(
                "{}: skipped the '{}' group{}: ratesim has no pool for it (only model groups and the "
                "Message Batches group are imported)",
                at, type, group_id.empty() ? "" : " (" + group_id + ")"));
            continue;
        }
        ImportedPool pool;
        pool.display_name = display;
        if (type == "model_group") {
            const auto models = entry.find("models");
            if (models == entry.end() || !models->is_array() || models->empty())
                shape_error(file, at + ".models", "missing or empty for a model group",
                            "a non-empty array of model names");
            for (std::size_t m = 0; m < models->size(); ++m) {
                if (!(*models)[m].is_string())
                    shape_error(file, fmt::format("{}.models[{}]", at, m), "not a string", "a model name");
                pool.models.push_back((*models)[m].get<std::string>());
            }
            pool.name = pool_name_of(display);
            if (pool.name.empty()) pool.name = fmt::format("group-{}", i);
            std::string unique = pool.name;
            for (int n = 2; std::any_of(limits.pools.begin(), limits.pools.end(),
                                        [&](const ImportedPool& p) { return p.name == unique; });
                 ++n)
                unique = fmt::format("{}-{}", pool.name, n);
            pool.name = unique;
        }
        for (std::size_t j = 0; j < values->size(); ++j) {
            const json& value = (*values)[j];
            const std::string vat = fmt::format("{}.limits[{}]", at, j);
            if (!value.is_object()) shape_error(file, vat, "not an object", "{\"type\": ..., \"value\": ...}");
            const std::string limiter = text_field(value, "type");
            if (limiter.empty()) shape_error(file, vat + ".type", "missing", "a limiter type");
            const auto v = value.find("value");
            if (v == value.end() || !v->is_number())
                shape_error(file, vat + ".value", v == value.end() ? "missing" : "not a number",
                            "the limit, a number");
            const double number = v->get<double>();
            if (!(number > 0)) {
                limits.notes.push_back(fmt::format("{}: skipped {} = {:g} of '{}': ratesim needs a "
                                                   "limit > 0 (leave it out for no limit)",
                                                   vat, limiter, number, display));
                continue;
            }
            if (type == "batch" && limiter == "requests_per_minute") {
                limits.batch_rpm = number;
            } else if (type == "model_group" && limiter == "requests_per_minute") {
                pool.rpm = number;
            } else if (type == "model_group" && limiter == "input_tokens_per_minute") {
                pool.itpm = number;
            } else if (type == "model_group" && limiter == "output_tokens_per_minute") {
                pool.otpm = number;
            } else {
                limits.notes.push_back(fmt::format(
                    "{}: skipped the limiter '{}' of '{}': ratesim has no field for it{}", vat, limiter,
                    display, type == "batch" ? " (set api.batches.queue by hand if it is the queue limit)" : ""));
            }
        }
        if (type == "model_group") limits.pools.push_back(std::move(pool));
    }
    if (limits.pools.empty())
        shape_error(file, "data", "no model_group entry", "at least one model group, the source of a pool");
    return limits;
}

std::string api_section_yaml(const ImportedLimits& limits, const std::string& source) {
    // JSON strings are YAML double-quoted scalars: any name survives.
    const auto quoted = [](const std::string& s) { return json(s).dump(); };
    const auto count = [](double v) { return fmt::format("{:.0f}", v); };
    std::string out = fmt::format(
        "# Imported by `ratesim import-limits` from {}, a saved response of the Rate Limits API\n"
        "# (GET /v1/organizations/rate_limits; {}).\n"
        "# The response holds limits only: output_accounting, burst, latency and the spend cap\n"
        "# keep ratesim's defaults unless set here.\n"
        "api:\n  pools:\n",
        source, kDocs);
    for (const ImportedPool& p : limits.pools) {
        std::vector<std::string> models;
        for (const auto& m : p.models) models.push_back(quoted(m));
        std::string fields = fmt::format("models: [{}]", fmt::join(models, ", "));
        if (p.rpm) fields += ", rpm: " + count(*p.rpm);
        if (p.itpm) fields += ", itpm: " + count(*p.itpm);
        if (p.otpm) fields += ", otpm: " + count(*p.otpm);
        std::string comment = p.display_name;  // one line, whatever the response held
        for (char& c : comment)
            if (std::iscntrl(static_cast<unsigned char>(c)) != 0) c = ' ';
        out += fmt::format("    # {}\n    {}: {{{}}}\n", comment, quoted(p.name), fields);
    }
    if (limits.batch_rpm) out += fmt::format("  batches: {{rpm: {}}}\n", count(*limits.batch_rpm));
    return out;
}

}  // namespace ratesim::scenario
