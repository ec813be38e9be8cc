#include "sim/run/metrics_sink.hpp"

#include <limits>

namespace ratesim::run {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

MetricsSink::MetricsSink(const scenario::ScenarioConfig& scenario,
                         const std::vector<models::ClientGroupConfig>& groups, std::string variant,
                         int replication, RunSeries* series)
    : scenario_(scenario), variant_(std::move(variant)), replication_(replication), series_(series) {
    std::size_t workers = 0;
    std::vector<bool> pool_used(scenario.api.pools.size(), false);
    for (const auto& g : groups) {
        prices_.push_back(models::prices_for(g.request.model));
        finite_work_only_ &= g.workload.kind != models::WorkloadConfig::Kind::poisson;  // finite work
        first_worker_.push_back(workers);
        workers += static_cast<std::size_t>(g.workers);
        for (std::size_t p = 0; p < scenario.api.pools.size(); ++p)
            for (const auto& model : scenario.api.pools[p].models)
                if (model == g.request.model) pool_used[p] = true;
    }
    successes_.assign(workers, 0);
    // A dimension's limit counts only if every used pool limits it.
    limits_.assign(3, 0.0);
    bool limited[3] = {true, true, true};
    for (std::size_t p = 0; p < pool_used.size(); ++p) {
        if (!pool_used[p]) continue;
        const auto& pool = scenario.api.pools[p];
        const std::optional<double> l[3] = {pool.rpm, pool.itpm, pool.otpm};
        for (int d = 0; d < 3; ++d) {
            if (l[d])
                limits_[d] += *l[d];
            else
                limited[d] = false;
        }
    }
    for (int d = 0; d < 3; ++d)
        if (!limited[d] || limits_[d] <= 0) limits_[d] = kNaN;
    // Bucket levels only of the pools the groups use: the others stay full.
    for (std::size_t p = 0; p < pool_used.size(); ++p)
        if (pool_used[p]) used_pools_.push_back(p);
    if (series_) {
        series_->variant = variant_;
        series_->replication = replication_;
        for (const std::size_t p : used_pools_) series_->pools.push_back(scenario.api.pools[p].name);
    }
    bin_.end = scenario_.bin;
    m_.variant = variant_;
    m_.replication = replication_;
}

BinCounts& MetricsSink::bin_at(engine::Time t) {
    const std::int64_t index = t / scenario_.bin;
    while (current_bin_ < index) {
        close_bin(bin_.end);
        ++current_bin_;
        bin_ = BinCounts{current_bin_ * scenario_.bin, (current_bin_ + 1) * scenario_.bin};
    }
    return bin_;
}

void MetricsSink::close_bin(engine::Time end) {
    if (!series_) return;
    BinCounts closed = bin_;
    closed.end = end;
    series_->bins.emplace_back(closed);
}

void MetricsSink::items_created(int, engine::Time at, std::int64_t count) {
    bin_at(at);
    m_.items += count;
}

void MetricsSink::attempt_sent(int, std::uint32_t, engine::Time at) {
    ++bin_at(at).attempts;
    ++m_.attempts;
}

void MetricsSink::attempt_answered(const models::AttemptObservation& a) {
    BinCounts& bin = bin_at(a.answered_at);
    switch (a.status) {
        case models::status::ok:
            ++m_.ok;
            ++bin.ok;
            ++successes_[first_worker_[static_cast<std::size_t>(a.group)] + a.worker];
            break;
        case models::status::rate_limited:
            ++m_.r429;
            ++bin.r429;
            if (a.never_admissible) ++m_.never_admissible;
            if (a.spend_limit) {
                ++m_.r429_spend_limit;
                break;
            }
            switch (a.exceeded) {
                case models::Dimension::requests: ++m_.r429_requests; break;
                case models::Dimension::input_tokens: ++m_.r429_input_tokens; break;
                case models::Dimension::output_tokens: ++m_.r429_output_tokens; break;
            }
            break;
        case models::status::overloaded:
            ++m_.r529;
            ++bin.r529;
            break;
        case models::status::client_timeout:
            ++m_.timeouts;
            ++bin.timeouts;
            break;
        default:
            if (a.status >= 500) ++m_.r5xx;
            break;
    }
}

void MetricsSink::attempt_billed(const models::BilledObservation& b) {
    // A model without catalogue prices is not silently free: its cost is NaN.
    const double usd = prices_[static_cast<std::size_t>(b.group)] ? b.usd : kNaN;
    m_.cost_usd += usd;
    if (b.client_gave_up) {
        m_.wasted_usd += usd;
        return;
    }
    ok_input_tokens_ += b.counted_input_tokens;
    ok_output_tokens_ += b.output_tokens;
}

void MetricsSink::item_finished(const models::ItemObservation& item) {
    bin_at(item.finished_at);
    last_finish_ = item.finished_at;
    if (item.succeeded) {
        ++m_.succeeded;
        latency_.add(item.finished_at - item.created_at);
    } else {
        ++m_.failed;
    }
}

void MetricsSink::sample(const models::WorldSample& s) {
    bin_at(s.at);
    if (series_) {
        constexpr auto dimensions = static_cast<std::size_t>(models::kDimensions);
        series_->bins.emplace_back(BinLevels{s.at, s.in_flight, s.queued});
        for (const std::size_t p : used_pools_)
            for (std::size_t d = 0; d < dimensions; ++d)
                series_->bucket_fill.push_back(s.bucket_fill[p * dimensions + d]);
    }
    report_simulated_time(s.at);
}

void MetricsSink::report_simulated_time(engine::Time now) {
    if (simulated_total_ == nullptr || now <= reported_until_) return;
    simulated_total_->fetch_add(now - reported_until_, std::memory_order_relaxed);
    reported_until_ = now;
}

RunMetrics MetricsSink::finish(engine::Time end, std::int64_t pending, std::uint64_t events) {
    bin_at(end);
    if (end > bin_.start) close_bin(end);
    report_simulated_time(end);

    RunMetrics m = m_;
    m.pending = pending;
    m.events = events;
    m.simulated_s = engine::to_seconds(end);
    const double attempts = static_cast<double>(m.attempts);
    m.rate_429 = attempts > 0 ? static_cast<double>(m.r429) / attempts : 0.0;
    m.rate_529 = attempts > 0 ? static_cast<double>(m.r529) / attempts : 0.0;
    m.amplification = m.items > 0 ? attempts / static_cast<double>(m.items) : 0.0;
    const double minutes = engine::to_seconds(end) / 60.0;
    if (minutes > 0) {
        m.goodput_rpm = static_cast<double>(m.ok) / minutes;
        m.goodput_itpm = ok_input_tokens_ / minutes;
        m.goodput_otpm = ok_output_tokens_ / minutes;
    }
    m.util_rpm = m.goodput_rpm / limits_[0];
    m.util_itpm = m.goodput_itpm / limits_[1];
    m.util_otpm = m.goodput_otpm / limits_[2];
    const bool any_success = latency_.count() > 0;
    m.latency_p50_s = any_success ? engine::to_seconds(latency_.quantile(0.50)) : kNaN;
    m.latency_p90_s = any_success ? engine::to_seconds(latency_.quantile(0.90)) : kNaN;
    m.latency_p99_s = any_success ? engine::to_seconds(latency_.quantile(0.99)) : kNaN;
    m.latency_max_s = any_success ? engine::to_seconds(latency_.max()) : kNaN;
    if (any_success)
        for (const double q : latency_cdf_fractions())
            m.latency_cdf_s.push_back(engine::to_seconds(q < 1 ? latency_.quantile(q) : latency_.max()));
    m.makespan_s = pending == 0 && finite_work_only_ ? engine::to_seconds(last_finish_) : kNaN;
    double sum = 0, sum_sq = 0;
    for (const auto s : successes_) {
        sum += static_cast<double>(s);
        sum_sq += static_cast<double>(s) * static_cast<double>(s);
    }
    const double n = static_cast<double>(successes_.size());
    m.fairness_jain = sum_sq > 0 ? sum * sum / (n * sum_sq) : kNaN;
    return m;
}

}  // namespace ratesim::run
