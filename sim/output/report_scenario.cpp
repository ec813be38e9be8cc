#include "sim/output/report_scenario.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/output/html_text.hpp"
#include "sim/output/plot_style.hpp"
#include "sim/output/variant_focus.hpp"
#include "sim/scenario/rate_profile_json.hpp"

namespace ratesim::output {

namespace {

using nlohmann::json;

// A JSON scalar as text: 80000 -> "80,000", null -> "unlimited".
std::string scalar(const json& x, const char* absent = "unlimited") {
    if (x.is_null()) return absent;
    if (x.is_string()) return x.get<std::string>();
    if (x.is_boolean()) return x.get<bool>() ? "yes" : "no";
    if (x.is_number()) {
        const double v = x.get<double>();
        if (v != std::floor(v) || std::fabs(v) >= 1e15) return fmt::format("{:g}", v);
        std::string digits = fmt::format("{:.0f}", std::fabs(v)), out;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
            out += digits[i];
        }
        return (v < 0 ? "-" : "") + out;
    }
    return x.dump();
}

std::string cell(const std::string& text) { return "<td>" + html_escape(text) + "</td>"; }

std::string limits_html(const json& api) {
    std::string out =
        "<h3>Limits</h3>\n<table>\n<thead><tr><th>pool</th><th>models</th><th>RPM</th><th>ITPM</th>"
        "<th>OTPM</th><th>output accounting</th></tr></thead>\n<tbody>\n";
    const json pools = api.value("pools", json::object());
    for (const auto& [name, pool] : pools.items()) {
        std::string models;
        for (const auto& m : pool.value("models", json::array()))
            models += (models.empty() ? "" : ", ") + scalar(m);
        out += "<tr>" + cell(name) + cell(models) + cell(scalar(pool.value("rpm", json()))) +
               cell(scalar(pool.value("itpm", json()))) + cell(scalar(pool.value("otpm", json()))) +
               cell(scalar(pool.value("output_accounting", json()), "-")) + "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    out += fmt::format("<p>Buckets hold {} of each limit (burst); they start full.</p>\n",
                       html_escape(scalar(api.value("burst", json()), "-")));
    // The legacy combined limits, only where a pool has them (scenario.json has them only then).
    for (const auto& [name, pool] : pools.items()) {
        if (!pool.contains("tpm") && !pool.contains("tpd")) continue;
        std::string legacy;
        if (pool.contains("tpm")) legacy += scalar(pool["tpm"]) + " input + output tokens per minute";
        if (pool.contains("tpd"))
            legacy += (legacy.empty() ? "" : ", and ") + scalar(pool["tpd"]) +
                      " per day (a bucket of burst " + scalar(pool.value("tpd_burst", json()), "-") +
                      ", refilling continuously over 24 h)";
        out += "<p>Legacy limits of " + html_escape(name) + ": " + html_escape(legacy) + ".</p>\n";
    }
    const json capacity = api.value("capacity", json::object());
    // An incident's midstream rule, where it has one (scenario.json has it only then).
    auto midstream = [](const json& incident) -> std::string {
        const json m = incident.value("midstream", json());
        if (!m.is_object()) return "";
        return html_escape(fmt::format("; {:g}% of the streams it catches break off {:g}% of the way through",
                                       100 * m.value("fraction", 0.0), 100 * m.value("after", 0.0)));
    };
    std::string incidents;
    for (const auto& i : capacity.value("incidents", json::array()))
        incidents += fmt::format("<li>from {} for {}: {}% of attempts get 529{}</li>\n",
                                 html_escape(scalar(i.value("at", json()))),
                                 html_escape(scalar(i.value("for", json()))),
                                 html_escape(fmt::format("{:g}", 100 * i.value("overload", 0.0))), midstream(i));
    const json random = capacity.value("random", json());
    if (random.is_object())
        incidents += fmt::format(
            "<li>random incidents about every {}: {}% of attempts get 529{} (not shaded in the "
            "plots: each replication draws its own)</li>\n",
            html_escape(scalar(random.value("every", json()))),
            html_escape(fmt::format("{:g}", 100 * random.value("overload", 0.0))), midstream(random));
    if (!incidents.empty())
        out += "<h3>Overload incidents (529)</h3>\n<ul>\n" + incidents + "</ul>\n";
    return out;
}

// A number as the scenario would write it: 1,500, 0.25, 2.5k stays 2,500.
std::string amount(const json& x) {
    if (x.is_number()) {
        const double v = x.get<double>();
        return v == std::floor(v) ? scalar(x) : fmt::format("{:.4g}", v);
    }
    return scalar(x);
}

// A distribution as a scenario writes it: "lognormal, median 1,500, p95 6,000"
// (from mu and sigma), "uniform 100 to 900", "normal, mean 60, sd 10".
std::string distribution_text(const json& d) {
    if (!d.is_object()) return scalar(d, "-");
    const std::string kind = d.value("dist", "");
    if (kind == "constant") return amount(d.value("value", json()));
    if (kind == "lognormal" && d.value("mu", json()).is_number() && d.value("sigma", json()).is_number()) {
        // The scenario's median and p95, recovered from mu and sigma: exp(mu), exp(mu + z95 sigma).
        const double mu = d["mu"].get<double>(), sigma = d["sigma"].get<double>();
        const double median = std::exp(mu), p95 = std::exp(mu + 1.6448536269514722 * sigma);
        auto rounded = [](double x) {
            const double r = std::stod(fmt::format("{:.4g}", x));
            return amount(json(r));
        };
        return fmt::format("lognormal, median {}, p95 {}", rounded(median), rounded(p95));
    }
    if (kind == "uniform") return fmt::format("uniform {} to {}", amount(d.value("min", json())), amount(d.value("max", json())));
    if (kind == "empirical") return fmt::format("empirical, from {}", scalar(d.value("file", json()), "-"));
    std::string out = kind;
    for (const auto& [key, value] : d.items()) {
        if (key == "dist" || key == "expected_value") continue;
        out += ", " + key + " " + amount(value);
    }
    return out;
}

std::string groups_html(const json& clients) {
    std::string out =
        "<h3>Client "
        "groups</h3>\n<table>\n<thead><tr><th>group</th><th>workers</th><th>workload</th>"
        "<th>model</th><th>input tokens</th><th>output "
        "tokens</th><th>timeout</th><th>strategy</th></tr></thead>\n"
        "<tbody>\n";
    for (const auto& g : clients) {
        const json workload = g.value("workload", json::object());
        const std::string work =
            workload.value("kind", "") == "batch"
                ? fmt::format("batch of {} items", scalar(workload.value("items", json())))
                : workload.value("kind", "") == "trace"
                      ? fmt::format("trace of {} requests", scalar(workload.value("requests", json())))
                      : fmt::format("Poisson, {}", scenario::rate_text(workload.value("rate", json())));
        const json request = g.value("request", json::object());
        const json strategy = g.value("strategy", json());
        out += "<tr>" + cell(g.value("name", "")) + cell(scalar(g.value("workers", json()))) +
               cell(work) + cell(scalar(request.value("model", json()), "-")) +
               cell(distribution_text(request.value("input_tokens", json()))) +
               cell(distribution_text(request.value("output_tokens", json()))) +
               cell(scalar(g.value("timeout", json()), "-")) +
               cell(strategy.is_object() ? strategy.value("name", "") : "each compared strategy") +
               "</tr>\n";
    }
    return out + "</tbody>\n</table>\n";
}

std::string strategies_html(const ResultDir& r) {
    std::string out =
        "<h3>Strategies "
        "compared</h3>\n<table class=\"wide\">\n<thead><tr><th>variant</th><th>rule</th></tr></thead>\n<tbody>\n";
    for (std::size_t v = 0; v < r.variants.size(); ++v)
        out += fmt::format(
            "<tr><td><span class=\"swatch\" "
            "style=\"background:{}\"></span>{}</td><td>{}</td></tr>\n",
            variant_color(color_slot(r, v)), html_escape(r.variants[v].name),
            html_escape(r.variants[v].strategy));
    return out + "</tbody>\n</table>\n";
}

}  // namespace

std::string scenario_section_html(const ResultDir& r) {
    const json& s = r.scenario;
    std::string out = "<section>\n<h2>Scenario</h2>\n";
    out += fmt::format(
        "<p>From <code>{}</code>: seed {}, {} replication{}, each run stopped at {} of simulated "
        "time "
        "at the latest; time series in {} bins.</p>\n",
        html_escape(s.value("file", "")), html_escape(scalar(s.value("seed", json()))),
        r.replications, r.replications == 1 ? "" : "s",
        html_escape(scalar(s.value("duration", json()), "-")),
        html_escape(scalar(s.value("/output/bin"_json_pointer, json()), "-")));
    out += limits_html(s.value("api", json::object()));
    out += groups_html(s.value("clients", json::array()));
    out += strategies_html(r);
    return out + "</section>\n";
}

}  // namespace ratesim::output
