// Throughput, 429 rate, bucket levels and the server queue over simulated time.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/output/plot_style.hpp"
#include "sim/output/comparison_table.hpp"
#include "sim/output/plot_writers.hpp"
#include "sim/output/scenario_limits.hpp"
#include "sim/output/variant_focus.hpp"
#include "sim/scenario/units.hpp"

namespace ratesim::output {

namespace fs = std::filesystem;

namespace {

// Series longer than this are drawn in coarser bins, so an SVG stays small.
constexpr std::size_t kMaxPoints = 600;

// The variants drawn over time: the focus (variant_focus.hpp), at most kMaxVariantsOverTime.
std::vector<std::size_t> shown_variants(const ResultDir& r) {
    std::vector<std::size_t> shown = variant_focus(r).variants;
    if (shown.size() > kMaxVariantsOverTime) shown.resize(kMaxVariantsOverTime);
    return shown;
}

double time_span(const ResultDir& r) {
    double span = 0;
    for (const auto& timeline : r.timelines)
        if (!timeline.bins.empty()) span = std::max(span, timeline.bins.rbegin()->first);
    return span;
}

bool has_bins(const ResultDir& r) {
    for (const std::size_t v : shown_variants(r))
        if (!r.timelines[v].bins.empty()) return true;
    return false;
}

std::string over_time_note(const ResultDir& r) {
    std::string note = r.replications > 1 ? fmt::format("mean of {} replications", r.replications)
                                          : std::string("one replication");
    const VariantFocus focus = variant_focus(r);
    if (!focus.at.empty()) note += "; at " + focus.at;
    if (focus.variants.size() > kMaxVariantsOverTime)
        note +=
            fmt::format("; first {} of {} variants", kMaxVariantsOverTime, focus.variants.size());
    return note;
}

// The organization's bins of a timeline, or with `group` that client group's.
const std::map<double, TimeBin>& bins_of(const VariantTimeline& timeline, const std::string& group) {
    static const std::map<double, TimeBin> none;
    if (group.empty()) return timeline.bins;
    const auto it = timeline.group_bins.find(group);
    return it == timeline.group_bins.end() ? none : it->second;
}

// Bins merged `k` at a time (counts summed), the same `k` for every shown
// variant: at most kMaxPoints remain, and a plotted bin holds about
// kSuccessesPerBin successes of the busiest variant per replication, so that a
// steady rate does not alias into a band (a 10 s bin at 37 requests/min holds
// 6 or 7, drawn as 36 or 42 a minute). With `group`, that group's bins.
constexpr double kSuccessesPerBin = 30;
std::size_t merge_factor(const ResultDir& r, const std::string& group) {
    std::size_t k = 1;
    double busiest = 0;  // successes per base bin per replication
    const double reps = std::max(1, r.replications);
    std::size_t longest = 1;
    for (const std::size_t v : shown_variants(r)) {
        const auto& bins = bins_of(r.timelines[v], group);
        if (bins.empty()) continue;
        longest = std::max(longest, bins.size());
        k = std::max(k, (bins.size() + kMaxPoints - 1) / kMaxPoints);
        double ok = 0;
        for (const auto& [t, bin] : bins) ok += bin.ok;
        busiest = std::max(busiest, ok / reps / static_cast<double>(bins.size()));
    }
    if (busiest > 0) k = std::max(k, static_cast<std::size_t>(std::ceil(kSuccessesPerBin / busiest)));
    return std::min(k, std::max<std::size_t>(1, longest / 4));  // at least four points
}

struct MergedBin {
    double end_s = 0;
    double minutes = 0;  // the simulated time it spans
    TimeBin counts;
};
std::vector<MergedBin> merged_bins(const std::map<double, TimeBin>& bins, std::size_t k, double bin_s) {
    std::vector<MergedBin> out;
    std::size_t in_group = 0;
    for (const auto& [t, bin] : bins) {
        if (in_group == 0) out.emplace_back();
        MergedBin& m = out.back();
        m.end_s = t;
        m.minutes += bin_s / 60;
        m.counts.attempts += bin.attempts;
        m.counts.ok += bin.ok;
        m.counts.r429 += bin.r429;
        m.counts.r529 += bin.r529;
        m.counts.timeouts += bin.timeouts;
        if (++in_group == k) in_group = 0;
    }
    return out;
}

// `value(bin, minutes it spans)` per shown variant, one data block each
// (gnuplot `index v`): the organization's bins, or `group`'s.
template <class Value>
std::string variant_blocks(const ResultDir& r, const TimeAxis& axis, Value value, const std::string& group = "") {
    std::string data;
    const std::size_t k = merge_factor(r, group);
    for (const std::size_t v : shown_variants(r)) {
        data += fmt::format("# {}\n# t value\n", r.variants[v].name);
        for (const MergedBin& bin : merged_bins(bins_of(r.timelines[v], group), k, r.bin_s))
            data += fmt::format("{:g} {}\n", bin.end_s / axis.divisor, value(bin.counts, bin.minutes));
        data += "\n\n";
    }
    return data;
}

// "Each point is a 60s bin (6 of the 10s bins of timeseries.csv)".
std::string bin_note(const ResultDir& r, const std::string& group = "") {
    const std::size_t k = merge_factor(r, group);
    const std::string width = scenario::display_duration(static_cast<double>(k) * r.bin_s);
    if (k == 1) return fmt::format("Each point is one {} bin of timeseries.csv.", width);
    return fmt::format(
        "Each point is a {} bin ({} of the {} bins of timeseries.csv), wide enough to hold about {:.0f} "
        "successes of the busiest variant, so that a steady rate draws a flat line rather than a band "
        "of whole counts.",
        width, k, scenario::display_duration(r.bin_s), kSuccessesPerBin);
}

// A variant's figures, or with `group` that client group's (the variant's
// own when it has no such group).
const VariantSummary& figures_of(const VariantSummary& v, const std::string& group) {
    for (const auto& g : v.groups)
        if (!group.empty() && g.name == group) return g;
    return v;
}

bool variant_unfinished(const VariantSummary& v, const std::string& group = "") {
    return unfinished(undone_of(figures_of(v, group)));
}

// The key title of a variant: its name, and what it (or its `group`) left undone.
std::string over_time_title(const VariantSummary& v, const std::string& group = "") {
    if (!variant_unfinished(v, group)) return v.name;
    const VariantSummary& f = figures_of(v, group);
    return fmt::format("{} (dashed: {})", v.name, items_text(f.mean_of("succeeded"), undone_of(f)));
}

}  // namespace

std::optional<Plot> write_throughput_plot(const ResultDir& r, const fs::path& dir, const std::string& group) {
    if (!has_bins(r)) return std::nullopt;
    const TimeAxis axis = time_axis(time_span(r));
    const double reps = std::max(1, r.replications);
    const std::string name = group.empty() ? "throughput" : "throughput_" + group;
    write_text_file(dir / (name + ".dat"),
                    variant_blocks(
                        r, axis,
                        [&](const TimeBin& b, double minutes) { return gp_number(b.ok / reps / minutes); },
                        group));
    const auto limit = scenario_binding_limit(r.scenario);
    Plot plot{name,
              fmt::format("Successful requests per minute{} ({})", group.empty() ? "" : " of group " + group,
                          over_time_note(r)),
              fmt::format("{}Successful requests per minute in each time bin, one line per variant. {}{} "
                          "A dashed coloured line is a variant that did not finish every item.",
                          group.empty() ? "" : "This group's share only; every group draws on the same limits. ",
                          limit ? fmt::format("The dashed black line is the binding limit ({}): the "
                                              "limit of the pools the clients use that admits the "
                                              "fewest of their mean requests per minute. A strategy "
                                              "whose line runs along it uses the capacity it is given, "
                                              "one below it leaves capacity unused; above it, it spends "
                                              "the buckets' initial burst. ",
                                              limit->label)
                                : std::string(),
                          bin_note(r, group))};
    std::string key_entry;
    std::string gp = gp_prologue(plot.name, plot.title);
    gp += fmt::format(
        "set xlabel {}\nset ylabel 'successful requests per minute'\nset yrange [0:*]\n",
        gp_string(axis.label));
    gp += gp_incidents(r.scenario, axis, key_entry);
    std::vector<std::string> clauses;
    std::size_t block = 0;
    for (const std::size_t v : shown_variants(r))
        clauses.push_back(fmt::format(
            "'{}.dat' index {} using 1:2 with lines lw 2.5 {} title {}", name, block++,
            variant_line_style(color_slot(r, v), variant_unfinished(r.variants[v], group)),
            gp_string(over_time_title(r.variants[v], group))));
    if (limit)
        clauses.push_back(fmt::format("{:.6g} with lines dt 3 lw 2 lc rgb '#000000' title {}",
                                      limit->requests_per_minute,
                                      gp_string("binding limit: " + limit->label)));
    if (!key_entry.empty()) clauses.push_back(key_entry);
    gp += gp_plot(clauses) + gp_epilogue(plot.name);
    write_text_file(dir / (name + ".gp"), gp);
    return plot;
}

std::optional<Plot> write_rate_429_plot(const ResultDir& r, const fs::path& dir) {
    if (!has_bins(r)) return std::nullopt;
    const TimeAxis axis = time_axis(time_span(r));
    bool any_529 = false;
    for (const std::size_t v : shown_variants(r))
        for (const auto& [t, bin] : r.timelines[v].bins) any_529 |= bin.r529 > 0;
    write_text_file(dir / "rate_429.dat", variant_blocks(r, axis, [&](const TimeBin& b, double) {
                        if (b.attempts <= 0) return std::string("NaN NaN");
                        return fmt::format("{} {}", gp_number(100 * b.r429 / b.attempts),
                                           gp_number(100 * b.r529 / b.attempts));
                    }));
    Plot plot{
        "rate_429",
        fmt::format("{} ({})", any_529 ? "429 and 529 rate" : "429 rate", over_time_note(r)),
        std::string("The share of attempts in each time bin answered 429 (rate limited)") +
            (any_529 ? "; dotted lines of the same color are the share answered 529 (overloaded)"
                     : "") +
            ". A line that stays high means the strategy keeps sending into an empty bucket: "
            "each of those attempts is wasted work for the client and the API. " + bin_note(r)};
    std::string key_entry;
    std::string gp = gp_prologue(plot.name, plot.title);
    gp += fmt::format("set xlabel {}\nset ylabel '% of attempts in the bin'\nset yrange [0:105]\n",
                      gp_string(axis.label));
    gp += gp_incidents(r.scenario, axis, key_entry);
    std::vector<std::string> clauses;
    std::size_t block = 0;
    for (const std::size_t v : shown_variants(r)) {
        const std::string& name = r.variants[v].name;
        const std::string title = over_time_title(r.variants[v]);
        clauses.push_back(fmt::format(
            "'rate_429.dat' index {} using 1:2 with lines lw 2.5 {} title {}", block,
            variant_line_style(color_slot(r, v), variant_unfinished(r.variants[v])),
            gp_string(any_529 ? name + " 429" + title.substr(name.size()) : title)));
        if (any_529)
            clauses.push_back(fmt::format(
                "'rate_429.dat' index {} using 1:3 with lines lw 2 dt 3 lc rgb '{}' title {}",
                block, variant_color(color_slot(r, v)), gp_string(name + " 529")));
        ++block;
    }
    if (!key_entry.empty()) clauses.push_back(key_entry);
    gp += gp_plot(clauses) + gp_epilogue(plot.name);
    write_text_file(dir / "rate_429.gp", gp);
    return plot;
}

std::optional<Plot> write_bucket_plot(const ResultDir& r, const fs::path& dir,
                                      std::size_t variant) {
    if (variant >= r.timelines.size() || r.timelines[variant].buckets.empty()) return std::nullopt;
    const auto& buckets = r.timelines[variant].buckets;
    double span = 0;
    for (const auto& [key, points] : buckets)
        if (!points.empty()) span = std::max(span, points.back().first);
    const TimeAxis axis = time_axis(span);
    const std::string& name = r.variants[variant].name;
    Plot plot{
        "buckets", fmt::format("Bucket levels: {}, replication 0", name),
        fmt::format("How full each token bucket was at the end of each time bin while {} ran "
                    "(replication 0), as a fraction of its capacity. A bucket pinned near 0 is "
                    "the binding limit: every request waits for it to refill.",
                    name)};
    std::string data;
    std::vector<std::string> clauses;
    static const std::pair<const char*, const char*> dims[] = {{"_requests", "requests"},
                                                               {"_input_tokens", "input tokens"},
                                                               {"_output_tokens", "output tokens"}};
    static const char* dim_colors[] = {"#1b9e77", "#d95f02", "#7570b3"};
    std::size_t block = 0;
    std::vector<std::string> pools;
    for (const auto& [key, points] : buckets) {
        std::string pool = key, dim = key;
        std::size_t d = 0;
        for (std::size_t i = 0; i < std::size(dims); ++i) {
            const std::string suffix = dims[i].first;
            if (key.size() > suffix.size() &&
                key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
                pool = key.substr(0, key.size() - suffix.size());
                dim = dims[i].second;
                d = i;
            }
        }
        if (std::find(pools.begin(), pools.end(), pool) == pools.end()) pools.push_back(pool);
        const std::size_t pool_index =
            static_cast<std::size_t>(std::find(pools.begin(), pools.end(), pool) - pools.begin());
        const std::size_t step = (points.size() + kMaxPoints - 1) / kMaxPoints;
        data += fmt::format("# {} {}\n# t fraction\n", pool, dim);
        for (std::size_t i = 0; i < points.size(); i += std::max<std::size_t>(step, 1))
            data += fmt::format("{:g} {}\n", points[i].first / axis.divisor,
                                gp_number(points[i].second));
        data += "\n\n";
        clauses.push_back(fmt::format(
            "'buckets.dat' index {} using 1:2 with lines lw 2.5 dt {} lc rgb '{}' title {}",
            block++, pool_index + 1, dim_colors[d], gp_string(pool + " " + dim)));
    }
    write_text_file(dir / "buckets.dat", data);
    std::string key_entry;
    std::string gp = gp_prologue(plot.name, plot.title);
    gp += fmt::format(
        "set xlabel {}\nset ylabel 'bucket level (fraction of capacity)'\nset yrange [0:1.05]\n",
        gp_string(axis.label));
    gp += gp_incidents(r.scenario, axis, key_entry);
    if (!key_entry.empty()) clauses.push_back(key_entry);
    gp += gp_plot(clauses) + gp_epilogue(plot.name);
    write_text_file(dir / "buckets.gp", gp);
    return plot;
}

std::optional<Plot> write_server_queue_plot(const ResultDir& r, const fs::path& dir) {
    double span = 0;
    for (const std::size_t v : shown_variants(r))
        if (!r.timelines[v].server_queue.empty())
            span = std::max(span, r.timelines[v].server_queue.back().first);
    if (!(span > 0)) return std::nullopt;
    const TimeAxis axis = time_axis(span);
    Plot plot{"server_queue", "Server queue length (replication 0)",
              "How many admitted attempts waited for a free server (api.queue) at the end of each "
              "time bin, one line per variant (replication 0). While the queue is long every "
              "attempt waits that long before its first token; an attempt whose client timed out "
              "first is still served, and its work is wasted. A queue that stays long after an "
              "incident is over is the metastable failure: retries keep it full."};
    std::string data;
    std::vector<std::string> clauses;
    std::size_t block = 0;
    for (const std::size_t v : shown_variants(r)) {
        const auto& points = r.timelines[v].server_queue;
        data += fmt::format("# {}\n# t waiting\n", r.variants[v].name);
        const std::size_t step = std::max<std::size_t>(1, (points.size() + kMaxPoints - 1) / kMaxPoints);
        for (std::size_t i = 0; i < points.size(); i += step)
            data += fmt::format("{:g} {}\n", points[i].first / axis.divisor, gp_number(points[i].second));
        if (points.empty()) data += "NaN NaN\n";
        data += "\n\n";
        clauses.push_back(fmt::format("'server_queue.dat' index {} using 1:2 with lines lw 2.5 {} title {}",
                                      block++, variant_line_style(color_slot(r, v), false),
                                      gp_string(r.variants[v].name)));
    }
    write_text_file(dir / "server_queue.dat", data);
    std::string key_entry;
    std::string gp = gp_prologue(plot.name, plot.title);
    gp += fmt::format("set xlabel {}\nset ylabel 'attempts waiting for a server'\nset yrange [0:*]\n",
                      gp_string(axis.label));
    gp += gp_incidents(r.scenario, axis, key_entry);
    if (!key_entry.empty()) clauses.push_back(key_entry);
    gp += gp_plot(clauses) + gp_epilogue(plot.name);
    write_text_file(dir / "server_queue.gp", gp);
    return plot;
}

}  // namespace ratesim::output
