#include "sim/run/metrics_sink.hpp"

#include <algorithm>
#include <limits>

#include "models/routing_targets.hpp"

namespace ratesim::run {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Whether the pool serves one of the models the group sends to (its own, its route's, its fallbacks').
bool pool_serves(const models::PoolConfig& pool, const models::ClientGroupConfig& group) {
    for (const std::string& model : models::group_targets(group))
        if (std::find(pool.models.begin(), pool.models.end(), model) != pool.models.end()) return true;
    return false;
}

// Each dimension's limit summed over the pools that serve `groups`; NaN
// unless every such pool limits it.
std::array<double, 3> limits_of(const scenario::ScenarioConfig& scenario,
                                const std::vector<models::ClientGroupConfig>& groups) {
    std::array<double, 3> limits{0, 0, 0};
    bool limited[3] = {true, true, true};
    for (const auto& pool : scenario.api.pools) {
        if (std::none_of(groups.begin(), groups.end(), [&](const auto& g) { return pool_serves(pool, g); }))
            continue;
        const std::optional<double> l[3] = {pool.rpm, pool.itpm, pool.otpm};
        for (int d = 0; d < 3; ++d) {
            if (l[d])
                limits[d] += *l[d];
            else
                limited[d] = false;
        }
    }
    for (int d = 0; d < 3; ++d)
        if (!limited[d] || limits[d] <= 0) limits[d] = kNaN;
    return limits;
}

bool has_finite_work(const models::ClientGroupConfig& g) {
    return g.workload.kind != models::WorkloadConfig::Kind::poisson;
}

}  // namespace

MetricsSink::MetricsSink(const scenario::ScenarioConfig& scenario,
                         const std::vector<models::ClientGroupConfig>& groups, std::string variant,
                         int replication, RunSeries* series)
    : scenario_(scenario), variant_(std::move(variant)), replication_(replication), series_(series) {
    std::size_t workers = 0;
    models_ = models::models_in_use(groups);
    for (const auto& model : models_) priced_.push_back(models::prices_for(model).has_value());
    for (const auto& g : groups) {
        org_.finite_work &= has_finite_work(g);
        open_loop_.push_back(g.workload.kind != models::WorkloadConfig::Kind::fixed_items);
        first_worker_.push_back(workers);
        workers += static_cast<std::size_t>(g.workers);
    }
    successes_.assign(workers, 0);
    org_.limits = limits_of(scenario, groups);
    org_.workers = workers;
    if (groups.size() > 1)
        for (std::size_t g = 0; g < groups.size(); ++g) {
            Tally& t = groups_.emplace_back();
            t.m.group = groups[g].name;
            t.limits = limits_of(scenario, {groups[g]});
            t.first_worker = first_worker_[g];
            t.workers = static_cast<std::size_t>(groups[g].workers);
            t.finite_work = has_finite_work(groups[g]);
        }
    if (models::uses_routing(groups)) {
        const std::size_t scopes = 1 + groups_.size();
        for (std::size_t scope = 0; scope < scopes; ++scope)
            for (const auto& model : models_) {
                ModelMetrics row;
                if (scope > 0) row.group = groups[scope - 1].name;
                row.model = model;
                model_rows_.push_back(row);
            }
    }
    // Bucket levels only of the pools the groups use: the others stay full.
    for (std::size_t p = 0; p < scenario.api.pools.size(); ++p)
        if (std::any_of(groups.begin(), groups.end(),
                        [&](const auto& g) { return pool_serves(scenario.api.pools[p], g); }))
            used_pools_.push_back(p);
    if (series_) {
        series_->variant = variant_;
        series_->replication = replication_;
        for (const std::size_t p : used_pools_) series_->pools.push_back(scenario.api.pools[p].name);
        if (!groups_.empty())
            for (const auto& g : groups) series_->groups.push_back(g.name);
    }
    roll_bins(0);
}

void MetricsSink::roll_bins(engine::Time t) {
    const std::int64_t index = t / scenario_.bin;
    while (current_bin_ < index) {
        if (current_bin_ >= 0) close_bins(org_.bin.end);
        ++current_bin_;
        const engine::Time start = current_bin_ * scenario_.bin, end = (current_bin_ + 1) * scenario_.bin;
        org_.bin = BinCounts{start, end};
        for (std::size_t g = 0; g < groups_.size(); ++g) {
            groups_[g].bin = BinCounts{start, end};
            groups_[g].bin.group = static_cast<int>(g);
        }
    }
}

void MetricsSink::close_bins(engine::Time end) {
    if (!series_) return;
    BinCounts closed = org_.bin;
    closed.end = end;
    series_->bins.emplace_back(closed);
    for (const Tally& t : groups_) {
        closed = t.bin;
        closed.end = end;
        series_->bins.emplace_back(closed);
    }
    hand_over_part();
}

void MetricsSink::hand_over_part() {
    if (stream_to_ == nullptr || series_->bins.size() < kSeriesPart) return;
    stream_to_->take(*series_);
    series_->bins.clear();
    series_->bucket_fill.clear();
}

void MetricsSink::items_created(int group, engine::Time at, std::int64_t n) {
    roll_bins(at);
    count(group, [&](Tally& t) { t.m.items += n; });
}

void MetricsSink::attempt_sent(int group, std::uint32_t, engine::Time at) {
    roll_bins(at);
    count(group, [&](Tally& t) {
        ++t.bin.attempts;
        ++t.m.attempts;
    });
}

void MetricsSink::attempt_answered(const models::AttemptObservation& a) {
    roll_bins(a.answered_at);
    if (a.status == models::status::ok && !a.stream_error)
        ++successes_[first_worker_[static_cast<std::size_t>(a.group)] + a.worker];
    count_model(a.group, a.model, [&](ModelMetrics& row) {
        ++row.attempts;
        if (a.status == models::status::ok) ++row.ok;
        if (a.status == models::status::rate_limited) ++row.r429;
        if (a.status == models::status::overloaded) ++row.r529;
    });
    count(a.group, [&](Tally& t) {
        RunMetrics& m = t.m;
        BinCounts& bin = t.bin;
        if (a.stream_error) {  // a 200 that broke off: its own outcome (no bin column of its own)
            ++m.midstream_errors;
            return;
        }
        switch (a.status) {
            case models::status::ok:
                ++m.ok;
                ++bin.ok;
                break;
            case models::status::rate_limited:
                ++m.r429;
                ++bin.r429;
                if (a.never_admissible) ++m.never_admissible;
                if (a.spend_limit) {
                    ++m.r429_spend_limit;
                    break;
                }
                switch (a.exceeded) {
                    case models::Dimension::requests: ++m.r429_requests; break;
                    case models::Dimension::input_tokens: ++m.r429_input_tokens; break;
                    case models::Dimension::output_tokens: ++m.r429_output_tokens; break;
                    // The legacy limits have no column of their own (summary.csv's
                    // columns are the same for every scenario): counted in r429.
                    case models::Dimension::tokens_per_minute:
                    case models::Dimension::tokens_per_day: break;
                }
                break;
            case models::status::overloaded:
                ++m.r529;
                ++bin.r529;
                break;
            case models::status::client_timeout:
                ++m.timeouts;
                ++bin.timeouts;
                break;
            default:
                if (a.status >= 500) ++m.r5xx;
                else if (a.status >= 400) ++m.r4xx;
                break;
        }
    });
}

void MetricsSink::attempt_billed(const models::BilledObservation& b) {
    // A model without catalogue prices is not silently free: its cost is NaN.
    const double usd = priced_[static_cast<std::size_t>(b.model)] ? b.usd : kNaN;
    count_model(b.group, b.model, [&](ModelMetrics& row) { row.cost_usd += usd; });
    count(b.group, [&](Tally& t) {
        t.m.cost_usd += usd;
        if (b.client_gave_up || b.stream_broken) {
            t.m.wasted_usd += usd;
            return;
        }
        t.ok_input_tokens += b.counted_input_tokens;
        t.ok_output_tokens += b.output_tokens;
    });
}

void MetricsSink::item_finished(const models::ItemObservation& item) {
    roll_bins(item.finished_at);
    count_model(item.group, item.model, [&](ModelMetrics& row) {
        ++(item.succeeded ? row.items_succeeded : row.items_failed);
    });
    count(item.group, [&](Tally& t) {
        t.last_finish = item.finished_at;
        if (item.succeeded) {
            ++t.m.succeeded;
            t.latency.add(item.finished_at - item.created_at);
        } else {
            ++t.m.failed;
        }
    });
}

void MetricsSink::sample(const models::WorldSample& s) {
    roll_bins(s.at);
    if (series_) {
        constexpr auto dimensions = static_cast<std::size_t>(models::kDimensions);
        series_->bins.emplace_back(BinLevels{s.at, s.in_flight, s.queued, s.server_queue});
        for (const std::size_t p : used_pools_)
            for (std::size_t d = 0; d < dimensions; ++d)
                series_->bucket_fill.push_back(s.bucket_fill[p * dimensions + d]);
        hand_over_part();
    }
    report_simulated_time(s.at);
}

void MetricsSink::report_simulated_time(engine::Time now) {
    if (simulated_total_ == nullptr || now <= reported_until_) return;
    simulated_total_->fetch_add(now - reported_until_, std::memory_order_relaxed);
    reported_until_ = now;
}

RunMetrics MetricsSink::figures(Tally& tally, engine::Time end, models::ItemsLeft left, std::int64_t owed,
                                std::uint64_t events) const {
    RunMetrics m = tally.m;
    m.variant = variant_;
    m.replication = replication_;
    m.in_progress = left.in_progress;
    m.unserved = left.unserved;
    m.pending = left.in_progress + left.unserved;
    m.owed = owed;
    m.events = events;
    m.simulated_s = engine::to_seconds(end);
    const double attempts = static_cast<double>(m.attempts);
    m.rate_429 = attempts > 0 ? static_cast<double>(m.r429) / attempts : 0.0;
    m.rate_529 = attempts > 0 ? static_cast<double>(m.r529) / attempts : 0.0;
    m.rate_midstream = attempts > 0 ? static_cast<double>(m.midstream_errors) / attempts : 0.0;
    m.amplification = m.items > 0 ? attempts / static_cast<double>(m.items) : 0.0;
    const double minutes = engine::to_seconds(end) / 60.0;
    if (minutes > 0) {
        m.goodput_rpm = static_cast<double>(m.ok) / minutes;
        m.goodput_itpm = tally.ok_input_tokens / minutes;
        m.goodput_otpm = tally.ok_output_tokens / minutes;
    }
    m.util_rpm = m.goodput_rpm / tally.limits[0];
    m.util_itpm = m.goodput_itpm / tally.limits[1];
    m.util_otpm = m.goodput_otpm / tally.limits[2];
    const LatencyHistogram& latency = tally.latency;
    const bool any_success = latency.count() > 0;
    m.latency_p50_s = any_success ? engine::to_seconds(latency.quantile(0.50)) : kNaN;
    m.latency_p90_s = any_success ? engine::to_seconds(latency.quantile(0.90)) : kNaN;
    m.latency_p99_s = any_success ? engine::to_seconds(latency.quantile(0.99)) : kNaN;
    m.latency_max_s = any_success ? engine::to_seconds(latency.max()) : kNaN;
    if (any_success)
        for (const double q : latency_cdf_fractions())
            m.latency_cdf_s.push_back(engine::to_seconds(q < 1 ? latency.quantile(q) : latency.max()));
    m.makespan_s = m.pending == 0 && tally.finite_work ? engine::to_seconds(tally.last_finish) : kNaN;
    double sum = 0, sum_sq = 0;
    for (std::size_t w = tally.first_worker; w < tally.first_worker + tally.workers; ++w) {
        const auto s = static_cast<double>(successes_[w]);
        sum += s;
        sum_sq += s * s;
    }
    m.fairness_jain = sum_sq > 0 ? sum * sum / (static_cast<double>(tally.workers) * sum_sq) : kNaN;
    return m;
}

RunMetrics MetricsSink::finish(engine::Time end, const std::vector<models::ItemsLeft>& left,
                               std::uint64_t events) {
    roll_bins(end);
    if (end > org_.bin.start) close_bins(end);
    report_simulated_time(end);

    // An open-loop group owes what arrived and no worker took up; a batch
    // everything not finished (the rule of plan's implied targets).
    auto owed_of = [&](std::size_t g) {
        const bool open = g < open_loop_.size() && open_loop_[g];
        return open ? left[g].unserved : left[g].in_progress + left[g].unserved;
    };
    models::ItemsLeft all;
    std::int64_t all_owed = 0;
    for (std::size_t g = 0; g < left.size(); ++g) {
        all.in_progress += left[g].in_progress;
        all.unserved += left[g].unserved;
        all_owed += owed_of(g);
    }
    RunMetrics m = figures(org_, end, all, all_owed, events);
    for (std::size_t g = 0; g < groups_.size(); ++g)
        m.groups.push_back(figures(groups_[g], end, left[g], owed_of(g), events));
    m.models = model_rows_;
    return m;
}

}  // namespace ratesim::run
