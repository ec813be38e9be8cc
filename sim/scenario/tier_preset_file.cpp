#include "sim/scenario/tier_preset_file.hpp"

#include <fmt/format.h>

#include <memory>

#include "sim/scenario/scenario_keys.hpp"

namespace ratesim::scenario {

std::string family_of(const std::string& file) {
    const auto slash = file.find_last_of('/');
    std::string base = file.substr(slash == std::string::npos ? 0 : slash + 1);
    return base.substr(0, base.rfind(".yaml"));
}

YamlNode tier_preset_root(const EmbeddedFile& embedded, YAML::Node& keep) {
    try {
        keep = load_one_document(embedded.text);
    } catch (const YAML::ParserException& e) {
        throw ScenarioError(fmt::format("{}:{}:{}: error: invalid YAML: {}", embedded.name,
                                        e.mark.line + 1, e.mark.column + 1, e.msg));
    }
    auto source = std::make_shared<YamlSource>();
    source->file = embedded.name;
    YamlNode root(keep, "", source);
    root.expect_map("a preset: " + join(keys_of("<preset file>")));
    root.check_keys(keys_of("<preset file>"));
    const std::string family = root.require("family", "the family name").text("a name");
    if (family != family_of(embedded.name))
        root.require("family", "").error(
            fmt::format("the family '{}' differs from the file name", family),
            family_of(embedded.name));
    return root;
}

}  // namespace ratesim::scenario
