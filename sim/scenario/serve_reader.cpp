// The `serve:` section: the live group, the API keys and their workspaces,
// and mid-stream overloads.
#include <fmt/format.h>

#include <algorithm>

#include "sim/scenario/key_values.hpp"
#include "sim/scenario/sections.hpp"
#include "sim/scenario/spelling_hints.hpp"

namespace ratesim::scenario {

ServeConfig read_serve(const YamlNode& node, const std::vector<models::ClientGroupConfig>& groups,
                       const models::ApiConfig& api) {
    node.expect_map("a map with group, keys and midstream_overload");
    node.check_keys(keys_of("serve"));
    ServeConfig serve;
    if (auto v = node.get("group")) {
        const std::string name = v->text(std::string(key_spec("serve", "group").forms));
        std::vector<std::string> names;
        for (const auto& g : groups) names.push_back(g.name);
        const auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end())
            v->error(unknown_with_hint("client group", name, names) + " (it is not in clients)",
                     join(names));
        serve.group = static_cast<std::size_t>(it - names.begin());
    }
    if (auto v = node.get("keys")) {
        v->expect_map(std::string(key_spec("serve", "keys").forms));
        std::vector<std::string> workspaces;
        for (const auto& ws : api.workspaces) workspaces.push_back(ws.name);
        for (const auto& [key, entry] : v->entries()) {
            std::string workspace;
            if (!entry.is_null()) {
                entry.expect_map("a map with workspace");
                entry.check_keys(keys_of("serve.keys.*"));
                if (auto w = entry.get("workspace")) {
                    workspace = w->text(std::string(key_spec("serve.keys.*", "workspace").forms));
                    if (std::find(workspaces.begin(), workspaces.end(), workspace) == workspaces.end())
                        w->error(unknown_with_hint("workspace", workspace, workspaces) +
                                     " (it is not in api.workspaces)",
                                 workspaces.empty() ? "none: define api.workspaces first"
                                                    : join(workspaces));
                }
            }
            serve.api_keys.emplace_back(key, workspace);
        }
    }
    if (auto v = node.get("midstream_overload"))
        serve.midstream_overload = v->fraction();
    return serve;
}

}  // namespace ratesim::scenario
