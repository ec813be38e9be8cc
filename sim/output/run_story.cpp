#include "sim/output/run_story.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "sim/output/comparison_table.hpp"
#include "sim/output/plot_style.hpp"
#include "sim/output/scenario_limits.hpp"
#include "sim/output/variant_focus.hpp"
#include "sim/run/statistics.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace {

std::string percent(double x) {
    if (x > 0 && x < 0.01) return "under 1%";
    return fmt::format("{:.1f}%", 100 * x);
}

std::string times(double x) { return x < 10 ? fmt::format("{:.1f}", x) : fmt::format("{:.0f}", x); }

double value(const VariantSummary& v, const char* metric) {
    const double x = v.mean_of(metric);
    return std::isfinite(x) ? x : 0.0;
}

using Variants = std::vector<const VariantSummary*>;

bool did_not_finish(const VariantSummary& v) { return unfinished(undone_of(v)); }

// The variants that finished every item: the only ones ranked as best,
// fastest or lowest (one that gave up did less work and ended early).
Variants finished_only(const Variants& variants) {
    Variants kept;
    for (const VariantSummary* v : variants)
        if (!did_not_finish(*v)) kept.push_back(v);
    return kept;
}

// "a, b and c".
std::string names_of(const Variants& variants) {
    std::string out;
    for (std::size_t i = 0; i < variants.size(); ++i)
        out += (i == 0 ? "" : i + 1 == variants.size() ? " and " : ", ") + variants[i]->name;
    return out;
}

// The variant with the largest (or smallest) finite value of `metric`.
const VariantSummary* extreme(const Variants& variants, const char* metric, bool largest) {
    const VariantSummary* best = nullptr;
    for (const VariantSummary* v : variants) {
        const double x = v->mean_of(metric);
        if (!std::isfinite(x)) continue;
        if (!best || (largest ? x > best->mean_of(metric) : x < best->mean_of(metric))) best = v;
    }
    return best;
}

// The half-width at `confidence` of the mean of a's minus b's replication values.
double paired_half_width(const VariantSummary& a, const VariantSummary& b, const std::string& metric,
                         double confidence) {
    const auto x = a.runs.find(metric), y = b.runs.find(metric);
    if (x == a.runs.end() || y == b.runs.end() || x->second.size() != y->second.size()) return NAN;
    run::Table differences(x->second.size(), 1);
    for (std::size_t i = 0; i < x->second.size(); ++i) differences(i, 0) = x->second[i] - y->second[i];
    return run::summarize_columns(differences, confidence).half_width[0];
}

using Sentence = std::optional<std::string>;

// Whether every item finished, or who left how many unfinished.
std::vector<std::string> completion(const Variants& r) {
    std::vector<std::string> unfinished;
    for (const VariantSummary* variant : r) {
        const VariantSummary& v = *variant;
        const Undone left = undone_of(v);
        const double pending = std::isfinite(left.owed) ? left.owed : 0.0, failed = value(v, "failed");
        if (!output::unfinished(left)) continue;
        std::vector<std::string> parts;
        if (failed >= 0.5) parts.push_back(fmt::format("{:.0f} gave up", failed));
        if (pending >= 0.5) parts.push_back(fmt::format("{:.0f} still pending when the run stopped", pending));
        std::string why = parts.empty() ? "" : parts.front();
        if (parts.size() > 1) why += ", " + parts.back();
        unfinished.push_back(fmt::format("{} left {:.0f} of {:.0f} items unfinished ({}).", v.name,
                                         pending + failed, value(v, "items"), why));
    }
    if (!unfinished.empty()) return unfinished;
    return {fmt::format("{} every one of the {:.0f} items.",
                        r.size() > 1 ? "Every variant completed" : "The run completed",
                        value(*r.front(), "items"))};
}

// Who retried the most, when retries were common enough to matter.
Sentence retries(const Variants& r) {
    const VariantSummary* most = extreme(r, "amplification", true);
    if (!most) return std::nullopt;
    const double amp = most->mean_of("amplification");
    if (amp < 1.05) return std::nullopt;  // retries too rare to be worth a sentence
    return fmt::format(
        "{} sent {}× as many attempts as items ({:.0f} per run), and {} of its "
        "attempts were refused with 429.",
        most->name, times(amp), value(*most, "attempts"), percent(value(*most, "rate_429")));
}

// The lowest and highest 429 rates, among the variants that finished.
Sentence rate_429_range(const Variants& all) {
    const Variants r = finished_only(all);
    if (r.size() < 2) return std::nullopt;
    const VariantSummary* least = extreme(r, "rate_429", false);
    const VariantSummary* most = extreme(r, "rate_429", true);
    if (!least || least == most) return std::nullopt;
    return fmt::format("Of the variants that finished every item, {} had the lowest 429 rate ({}), {} the "
                       "highest ({}).",
                       least->name, percent(value(*least, "rate_429")), most->name,
                       percent(value(*most, "rate_429")));
}

// When nothing was refused, the limits never pushed back: the strategies
// differ only in how they pace, and this scenario cannot tell them apart.
Sentence no_429(const Variants& r) {
    for (const VariantSummary* v : r)
        if (value(*v, "r429") > 0) return std::nullopt;
    return std::string(r.size() > 1 ? "No variant got a 429: the limits never pushed back, so the strategies "
                                      "cannot be told apart here. Offer more load (more workers or items, "
                                      "lower limits) to compare them."
                                    : "The run got no 429: the limits never pushed back.");
}

// The goodput range, against the binding limit (absent: none).
Sentence goodput(const Variants& r, const std::optional<ScenarioBinding>& limit) {
    // A variant that gave up on items ends its run early: its goodput is
    // taken over a shorter run and does not compare.
    const Variants kept = finished_only(r);
    Variants left_out;
    for (const VariantSummary* v : r)
        if (did_not_finish(*v)) left_out.push_back(v);
    const std::string gave_up = names_of(left_out);
    const VariantSummary* fast = extreme(kept, "goodput_rpm", true);
    const VariantSummary* slow = extreme(kept, "goodput_rpm", false);
    if (!fast || !slow) return std::nullopt;
    std::string s =
        kept.size() > 1 && fast != slow
            ? fmt::format(
                  "Goodput ranged from {:.1f} ({}) to {:.1f} ({}) successful "
                  "requests per minute",
                  value(*slow, "goodput_rpm"), slow->name, value(*fast, "goodput_rpm"), fast->name)
            : fmt::format("Goodput was {:.1f} successful requests per minute",
                          value(*fast, "goodput_rpm"));
    if (limit) s += fmt::format(", against a binding limit of {}", limit->label);
    if (!gave_up.empty())
        s += fmt::format(" (leaving out {}, which did not finish every item and so {} not compare)", gave_up,
                         left_out.size() > 1 ? "do" : "does");
    return s + ".";
}

// Which limit most 429s named.
Sentence limit_named(const Variants& r) {
    double by_limit[4] = {0, 0, 0, 0};
    for (const VariantSummary* v : r) {
        const double named[3] = {value(*v, "r429_requests"), value(*v, "r429_input_tokens"),
                                 value(*v, "r429_output_tokens")};
        for (int d = 0; d < 3; ++d) by_limit[d] += named[d];
        // The legacy TPM and TPD have no column of their own: the rest of the
        // rate-limit 429s (a sum of means, so below half a 429 is rounding).
        const double legacy =
            value(*v, "r429") - named[0] - named[1] - named[2] - value(*v, "r429_spend_limit");
        if (legacy >= 0.5) by_limit[3] += legacy;
    }
    const double total = by_limit[0] + by_limit[1] + by_limit[2] + by_limit[3];
    if (total <= 0) return std::nullopt;
    static const char* names[4] = {"the request limit (RPM)", "the input-token limit (ITPM)",
                                   "the output-token limit (OTPM)", "the legacy token limits (TPM or TPD)"};
    const auto top = static_cast<std::size_t>(std::max_element(by_limit, by_limit + 4) - by_limit);
    return fmt::format(
        "{} of the 429s named {}.",
        by_limit[top] / total > 0.999 ? std::string("All") : percent(by_limit[top] / total),
        names[top]);
}

// Who finished the batch first, and whether the gap is more than noise.
Sentence makespan_gap(const Variants& all, double confidence) {
    // Makespans compare only between variants that did all the work: one that gave up on
    // items finishes early by doing less.
    Variants r;
    for (const VariantSummary* v : finished_only(all))
        if (std::isfinite(v->mean_of("makespan_s"))) r.push_back(v);
    if (r.size() < 2) return std::nullopt;
    const VariantSummary* first = extreme(r, "makespan_s", false);
    const VariantSummary* last = extreme(r, "makespan_s", true);
    if (!first || !last || first == last) return std::nullopt;
    const double gap = value(*last, "makespan_s") - value(*first, "makespan_s");
    // Paired on common random numbers: the same replication's makespans differ by
    // the strategies alone, so the interval of the differences is the one to judge.
    const double noise = paired_half_width(*last, *first, "makespan_s", confidence);
    std::string s = fmt::format(
        "{}{} finished the batch first ({}), {} ahead of {} ({})",
        r.size() < all.size() ? "Of the variants that finished every item, " : "", first->name,
        scenario::display_duration(value(*first, "makespan_s")), scenario::display_duration(gap),
        last->name, scenario::display_duration(value(*last, "makespan_s")));
    if (std::isfinite(noise))
        s += gap <= noise
                 ? fmt::format(
                       "; paired replication by replication, that gap is within its "
                       "{} interval (±{}), so it is not told apart from noise",
                       run::confidence_percent(confidence), scenario::display_duration(noise))
                 : fmt::format("; paired replication by replication, the gap is {} ± {} ({})",
                               scenario::display_duration(gap), scenario::display_duration(noise),
                               run::confidence_percent(confidence));
    return s + ".";
}

// How often the platform answered 529, to whom.
Sentence overloads(const Variants& r) {
    const VariantSummary* most = extreme(r, "r529", true);
    if (!most || value(*most, "r529") <= 0) return std::nullopt;
    const VariantSummary* least = extreme(r, "r529", false);
    std::string s = fmt::format("The platform answered 529 (overloaded) {:.0f} times per run to {}",
                                value(*most, "r529"), most->name);
    if (r.size() > 1 && least != most)
        s += fmt::format(" and {:.0f} times to {}", value(*least, "r529"), least->name);
    return s + ".";
}

// Who had the most client timeouts.
Sentence timeouts(const Variants& r) {
    const VariantSummary* most = extreme(r, "timeouts", true);
    if (!most || value(*most, "timeouts") <= 0) return std::nullopt;
    return fmt::format("{} had {}client timeouts: {:.0f} per run.", most->name,
                       r.size() > 1 ? "the most " : "", value(*most, "timeouts"));
}

}  // namespace

std::vector<std::string> what_happened(const ResultDir& result) {
    std::vector<std::string> out;
    // In a sweep, the strategies at the value the plots show.
    const VariantFocus focus = variant_focus(result);
    Variants r;
    for (const std::size_t v : focus.variants) r.push_back(&result.variants[v]);
    if (r.empty()) return out;
    if (!focus.at.empty())
        out.push_back(fmt::format("At {}, the value the plots show (the curves show every value):",
                                  focus.at));
    for (auto& sentence : completion(r)) out.push_back(std::move(sentence));
    const Sentence sentences[] = {
        retries(r),     rate_429_range(r), no_429(r), goodput(r, scenario_binding_limit(result.scenario)),
        limit_named(r), makespan_gap(r, result.confidence),   overloads(r),
        timeouts(r)};
    for (const Sentence& sentence : sentences)
        if (sentence) out.push_back(*sentence);
    return out;
}

std::string common_random_numbers_note(const ResultDir& r) {
    return fmt::format(
        "The strategies are compared on common random numbers: each replication gives every "
        "variant the "
        "same items, sizes, latencies and incidents, so their differences are their own. {}",
        r.replications > 1
            ? fmt::format("Figures are means over {} replications; summary.csv has each "
                          "replication and the {} confidence half-widths.",
                          r.replications, run::confidence_percent(r.confidence))
            : std::string("This run has one replication, so it gives no confidence intervals."));
}

}  // namespace ratesim::output
