#pragma once
// A saved response of the Rate Limits API, read into typed limits that an
// `api:` section can hold (`ratesim import-limits`, sim/cli/import_limits_command.cpp).
//
// The endpoint is `GET /v1/organizations/rate_limits` (Admin API), documented at
// https://platform.claude.com/docs/en/api/admin/rate_limits/list and
// https://platform.claude.com/docs/en/manage-claude/rate-limits-api; the field
// names below follow those pages and the official Python SDK's types
// (anthropic-sdk-python, src/anthropic/types/beta/organization/
// beta_organization_rate_limit*.py). The response is
//   {"data": [ENTRY, ...], "next_page": null | "CURSOR"}
// and each ENTRY is
//   {"type": "rate_limit", "id": "...",
//    "group": {"type": "model_group" | "batch" | "files" | "skills" | "token_count" | "web_search",
//              "id": "rlg_...", "display_name": "Claude Sonnet 4.x" (model groups only)},
//    "group_type": the same as group.type (deprecated),
//    "models": ["claude-sonnet-4-6", ...] for model groups, else null,
//    "limits": [{"type": "requests_per_minute", "value": 1000}, ...]}
// A model group becomes a pool (requests_per_minute -> rpm,
// input_tokens_per_minute -> itpm, output_tokens_per_minute -> otpm); the
// batch group's requests_per_minute becomes api.batches.rpm. Every other
// group, and every other limiter, is skipped with a note: ratesim has no pool
// for it.
#include <optional>
#include <string>
#include <vector>

namespace ratesim::scenario {

struct ImportedPool {
    std::string name;          // from the group's display name: "Claude Sonnet 4.x" -> sonnet-4-x
    std::string display_name;  // as the response gives it (or the group id)
    std::vector<std::string> models;
    std::optional<double> rpm, itpm, otpm;
};

struct ImportedLimits {
    std::vector<ImportedPool> pools;  // in the response's order
    std::optional<double> batch_rpm;
    std::vector<std::string> notes;  // what was skipped, and why
};

// Parses `text`, the contents of `file`. Throws ScenarioError: malformed JSON
// as "FILE:LINE:COLUMN: error: ...", a wrong shape naming the field
// (data[2].limits[0].value), and a response that says more pages follow.
ImportedLimits parse_rate_limits_response(const std::string& text, const std::string& file);

// The imported limits as a scenario's `api:` section (YAML, with a header
// comment naming `source`), ready to paste into a scenario or to save as a file.
std::string api_section_yaml(const ImportedLimits& limits, const std::string& source);

}  // namespace ratesim::scenario
