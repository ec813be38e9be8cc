#include "sim/scenario/loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/strategy/registry.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/key_values.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/scenario/tier_preset_merge.hpp"
#include "sim/scenario/model_warnings.hpp"
#include "sim/scenario/units.hpp"
#include "sim/scenario/plan_reader.hpp"
#include "sim/scenario/playground_reader.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/sections.hpp"
#include "sim/scenario/strategy_reader.hpp"
#include "sim/scenario/sweep_reader.hpp"
#include "sim/scenario/text_encoding.hpp"

namespace ratesim::scenario {

bool is_scenario_name(const std::string& name) {
    if (name.empty() || name.find_first_not_of('.') == std::string::npos)
        return false;  // not "." or ".."
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

namespace {

constexpr engine::Time kMaxBins = 100'000;  // per run

std::string describe_root(const YAML::Node& root) {
    if (root.IsSequence()) return "a list";
    if (root.IsScalar()) return fmt::format("the value '{}'", root.Scalar().substr(0, 60));
    return "an empty document";
}

std::vector<models::StrategyConfig> read_compare(
    const YamlNode& node, const std::vector<models::ClientGroupConfig>& groups, const models::ApiConfig& api) {
    node.check_keys(keys_of("compare"));
    const char* forms = "a non-empty list of strategies (preset names or maps)";
    const YamlNode list = node.require("strategies", forms);
    const auto elements = list.elements(forms);
    if (elements.empty()) list.error("the list is empty", forms);
    std::vector<models::StrategyConfig> variants;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        models::StrategyConfig variant =
            read_strategy(elements[i], fmt::format("custom-{}", i + 1), api);
        for (std::size_t j = 0; j < variants.size(); ++j)
            if (variants[j].name == variant.name)
                elements[i].error(
                    fmt::format("duplicate label '{}' (compare.strategies[{}] has it too)",
                                variant.name, j),
                    "a unique label per variant: give one a name: key");
        if (const std::string cap = models::in_flight_cap_of(variant); !cap.empty())
            for (const auto& group : groups)
                if (group.coordination == models::Coordination::none)
                    elements[i].error(
                        fmt::format("{} caps a group's attempts in flight; it needs "
                                    "coordination: shared, and group '{}' has coordination: none",
                                    cap, group.name),
                        "coordination: shared in every group, or another budget kind");
        if (variant.routing.enabled())
            for (const auto& group : groups)
                if (group.message_batch_size > 0)
                    elements[i].error(fmt::format("group '{}' sends Message Batches, which cannot fall back",
                                                  group.name),
                                      "a strategy without routing");
        variants.push_back(std::move(variant));
    }
    return variants;
}

ScenarioConfig read_scenario(const YamlNode& top, const std::string& base_dir) {
    top.check_keys(keys_of(""));
    ScenarioConfig config;
    const std::string name_forms(key_spec("", "name").forms);
    const YamlNode name = top.require("name", name_forms);
    config.name = name.text(name_forms);
    if (!is_scenario_name(config.name))
        name.error(fmt::format("invalid name {}", name.found()), name_forms);
    // It names out/<name>/ (and out/<name>-plan/), staged under a longer name beside it.
    if (config.name.size() > kMaxScenarioNameBytes)
        name.error(fmt::format("the name is {} bytes long", config.name.size()), name_forms);
    if (auto v = top.get("description"))
        config.description = v->text(std::string(key_spec("", "description").forms));
    if (auto v = top.get("seed"))
        config.seed = static_cast<std::uint64_t>(read_integer(*v, key_spec("", "seed")));
    const auto duration = top.get("duration");
    if (duration) config.duration = read_duration(*duration, key_spec("", "duration"));
    const auto drain = top.get("drain");
    if (drain) config.drain = read_duration(*drain, key_spec("", "drain"));
    if (auto v = top.get("replications"))
        config.replications = static_cast<int>(read_integer(*v, key_spec("", "replications")));
    if (auto v = top.get("confidence")) config.confidence = read_number(*v, key_spec("", "confidence"));
    std::optional<YamlNode> bin;
    if (auto v = top.get("output")) {
        v->check_keys(keys_of("output"));
        bin = v->get("bin");
        if (bin) config.bin = read_duration(*bin, key_spec("output", "bin"));
    }
    config.api = read_api(
        top.require("api", "a map with pools (and burst, output_accounting, latency, capacity)"),
        base_dir);
    const auto compare = top.get("compare");
    config.clients = read_clients(top.require("clients", "a non-empty list of client groups"),
                                  config.api, base_dir, !compare.has_value());
    if (compare) config.variants = read_compare(*compare, config.clients, config.api);
    // Each bin is a dozen timeseries.csv rows per run: bound the file.
    const engine::Time cap = config.time_cap();
    const engine::Time bins = (cap + config.bin - 1) / config.bin;
    if (bins > kMaxBins) {
        const YamlNode& culprit = bin ? *bin : duration ? *duration : drain ? *drain : top;
        culprit.error(fmt::format("a bin of {} over a run of up to {} (duration, plus drain with an open-loop group) makes {} time-series bins per run",
                                  format_duration(config.bin), format_duration(cap), bins),
                      fmt::format("at most {} bins per run: a bin of at least {}, or a shorter duration or drain",
                                  kMaxBins, format_duration((cap + kMaxBins - 1) / kMaxBins)));
    }
    config.warnings = model_catalog_warnings(top.require("clients", ""), config.clients);
    if (auto plan = top.get("plan")) config.plan = read_plan(*plan);
    if (auto serve = top.get("serve")) config.serve = read_serve(*serve, config.clients, config.api);
    return config;
}

YAML::Node parse_document(const std::string& text, const std::string& label) {
    try {
        return load_one_document(text);
    } catch (const YAML::DeepRecursion& e) {
        throw ScenarioError(fmt::format(
            "{}:{}:{}: error: the lists and maps are nested {} levels deep here; allowed: fewer "
            "than {} levels of nesting",
            label, e.mark.line + 1, e.mark.column + 1, e.depth(), e.depth()));
    } catch (const YamlSizeError& e) {
        throw ScenarioError(fmt::format("{}:{}:{}: error: {}", label, e.mark.line + 1, e.mark.column + 1, e.msg));
    } catch (const YAML::ParserException& e) {
        throw ScenarioError(fmt::format("{}:{}:{}: error: invalid YAML: {}", label, e.mark.line + 1,
                                        e.mark.column + 1, e.msg));
    } catch (const YAML::Exception& e) {
        throw ScenarioError(fmt::format("{}: error: invalid YAML: {}", label, e.msg));
    }
}

ScenarioConfig load(const std::string& text, const std::string& label, const std::string& base_dir,
                    const std::vector<std::string>& sets) {
    if (const auto bad = first_invalid_utf8(text))
        throw ScenarioError(fmt::format(
            "{}:{}:{}: error: byte 0x{:02X} is not UTF-8 text; allowed: a UTF-8 file", label,
            bad->line, bad->column, static_cast<unsigned char>(text[bad->offset])));
    if (const auto bad = first_control_character(text))
        throw ScenarioError(fmt::format(
            "{}:{}:{}: error: byte 0x{:02X} is a control character; allowed: text, tabs and line "
            "breaks", label, bad->line, bad->column, static_cast<unsigned char>(text[bad->offset])));
    for (const std::string& set : sets)
        if (const auto bad = first_invalid_utf8(set))
            throw ScenarioError(fmt::format("--set {}: error: byte 0x{:02X} is not UTF-8 text; "
                                            "allowed: UTF-8 text",
                                            set, static_cast<unsigned char>(set[bad->offset])));
    YAML::Node root = parse_document(text, label);
    if (!root.IsMap()) {
        const YAML::Mark m = root.IsDefined() && !root.IsNull() ? root.Mark() : YAML::Mark();
        throw ScenarioError(fmt::format(
            "{}:{}:{}: error: the scenario must be a map, found {}; allowed: a map with keys {}",
            label, m.line + 1, m.column + 1, describe_root(root), join(keys_of(""))));
    }
    auto source = std::make_shared<YamlSource>();
    source->file = label;
    try {
        const YAML::Node pristine = YAML::Clone(root);
        merge_tier_preset(root, sets, *source);
        apply_sets(root, sets, *source);
        std::optional<SweepSpec> sweep;
        if (root.IsMap() && root["sweep"]) {
            sweep = read_sweep(YamlNode(root["sweep"], "sweep", source));
            root.remove("sweep");
        }
        ScenarioConfig config = read_scenario(YamlNode(root, "", source), base_dir);
        config.file = label;
        // For the scenario itself only: a sweep point may take a value outside a range.
        config.playground = root["playground"]
                                ? read_playground(YamlNode(root["playground"], "playground", source), root, config)
                                : default_tunables(config);
        if (sweep) {
            config.sweep_path = sweep->path;
            config.sweep_values = sweep->labels;
            for (std::size_t i = 0; i < sweep->values.size(); ++i) {
                // The file with the value in place before the preset is merged
                // (a sweep may vary api.preset) and again after the sets.
                YAML::Node copy = YAML::Clone(pristine);
                if (copy["sweep"]) copy.remove("sweep");
                auto point_source = std::make_shared<YamlSource>();
                point_source->file = label;
                // Only a swept preset needs its value before the merge; other paths
                // may exist only once the preset is merged in.
                if (sweep->path == "api.preset")
                    assign_path(copy, sweep->path, sweep->values[i], sweep->whos[i]);
                merge_tier_preset(copy, sets, *point_source);
                apply_sets(copy, sets, *point_source);
                if (copy["sweep"]) copy.remove("sweep");
                point_source->overrides.emplace_back(
                    assign_path(copy, sweep->path, sweep->values[i], sweep->whos[i]), sweep->whos[i]);
                config.sweep_points.push_back(read_scenario(YamlNode(copy, "", point_source), base_dir));
                config.sweep_points.back().file = label;
            }
        }
        return config;
    } catch (const ScenarioError&) {
        throw;
    } catch (const YAML::Exception& e) {
        throw ScenarioError(fmt::format("{}: error: {}", label, e.what()));
    } catch (const std::exception& e) {
        throw ScenarioError(fmt::format("{}: error: {}", label, e.what()));
    }
}

}  // namespace

ScenarioConfig load_scenario(const std::string& path, const std::vector<std::string>& sets) {
    const std::string text =
        read_input_file(path, InputKind::scenario, [](const std::string& problem, const std::string& allowed) {
            throw ScenarioError(fmt::format("{}; allowed: {}", problem, allowed));
        });
    return load(text, path, scenario_base_dir(path), sets);
}

ScenarioConfig load_scenario_stdin(const std::vector<std::string>& sets) {
    const std::string text =
        read_standard_input(InputKind::scenario, [](const std::string& problem, const std::string& allowed) {
            throw ScenarioError(fmt::format("<stdin>: error: {}; allowed: {}", problem, allowed));
        });
    return load(text, "<stdin>", "", sets);
}

ScenarioConfig load_scenario_text(const std::string& yaml_text, const std::string& file_label,
                                  const std::vector<std::string>& sets, const std::string& base_dir) {
    return load(yaml_text, file_label, base_dir, sets);
}

std::string scenario_base_dir(const std::string& path) { return std::filesystem::path(path).parent_path().string(); }

}  // namespace ratesim::scenario
