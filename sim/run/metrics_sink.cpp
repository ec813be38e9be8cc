#include "sim/run/metrics_sink.hpp"

#include "sim/output/csv_text.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace ratesim::run {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

MetricsSink::MetricsSink(const scenario::ScenarioConfig& scenario,
                         const std::vector<models::ClientGroupConfig>& groups, std::string variant,
                         int replication, std::ostream* timeseries)
    : scenario_(scenario),
      variant_(std::move(variant)),
      csv_variant_(output::csv_text(variant_)),
      replication_(replication),
      timeseries_(timeseries) {
    std::size_t workers = 0;
    std::vector<bool> pool_used(scenario.api.pools.size(), false);
    for (const auto& g : groups) {
        prices_.push_back(models::prices_for(g.request.model));
        batch_only_ &= g.workload.kind != models::WorkloadConfig::Kind::poisson;  // finite work
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
        pool_names_.push_back(pool_used[p] ? scenario.api.pools[p].name : std::string());
    m_.variant = variant_;
    m_.replication = replication_;
}

MetricsSink::Bin& MetricsSink::bin_at(engine::Time t) {
    const std::int64_t index = t / scenario_.bin;
    while (current_bin_ < index) {
        write_bin(current_bin_, (current_bin_ + 1) * scenario_.bin, nullptr);
        bin_ = Bin{};
        ++current_bin_;
    }
    return bin_;
}

void MetricsSink::write_bin(std::int64_t index, engine::Time bin_end, const models::WorldSample* sample) {
    if (!timeseries_) return;
    const double t = engine::to_seconds(bin_end);
    auto row = [&](const char* metric, double value) {
        fmt::print(*timeseries_, "{},{},{:g},{},{:.6g}\n", csv_variant_, replication_, t, metric, value);
    };
    if (sample) {
        row("in_flight", static_cast<double>(sample->in_flight));
        row("queued", static_cast<double>(sample->queued));
        static const char* dims[3] = {"requests", "input_tokens", "output_tokens"};
        for (std::size_t p = 0; p < pool_names_.size(); ++p)
            for (int d = 0; d < 3 && !pool_names_[p].empty(); ++d) {
                const double fill = sample->bucket_fill[p * 3 + static_cast<std::size_t>(d)];
                if (std::isnan(fill)) continue;
                const std::string metric = fmt::format("bucket_{}_{}", pool_names_[p], dims[d]);
                row(metric.c_str(), fill);
            }
        return;
    }
    const double width_min = engine::to_seconds(bin_end - index * scenario_.bin) / 60.0;
    row("attempts", static_cast<double>(bin_.attempts));
    row("ok", static_cast<double>(bin_.ok));
    row("r429", static_cast<double>(bin_.r429));
    row("r529", static_cast<double>(bin_.r529));
    row("timeouts", static_cast<double>(bin_.timeouts));
    row("goodput_rpm", width_min > 0 ? static_cast<double>(bin_.ok) / width_min : 0.0);
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
    Bin& bin = bin_at(a.answered_at);
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
    write_bin(s.at / scenario_.bin - 1, s.at, &s);
    report_simulated_time(s.at);
}

void MetricsSink::report_simulated_time(engine::Time now) {
    if (simulated_total_ == nullptr || now <= reported_until_) return;
    simulated_total_->fetch_add(now - reported_until_, std::memory_order_relaxed);
    reported_until_ = now;
}

RunMetrics MetricsSink::finish(engine::Time end, std::int64_t pending, std::uint64_t events) {
    bin_at(end);
    if (end > current_bin_ * scenario_.bin) write_bin(current_bin_, end, nullptr);
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
    m.makespan_s = pending == 0 && batch_only_ ? engine::to_seconds(last_finish_) : kNaN;
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
