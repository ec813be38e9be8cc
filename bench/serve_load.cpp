// A bounded load on `ratesim serve` (bench/serve_load.sh starts the server):
// CONNECTIONS client threads, each on one keep-alive connection, send
// REQUESTS requests in all as fast as they are answered, and stop.
//
//   429 mode:    non-streamed requests against a pool that refuses nearly
//                all of them (bench/scenarios/serve-429.yaml). Prints answers
//                per second by status, and the overhead over the model's own
//                latency (its 1 ms minimum round trip): p50 and p99.
//   stream mode: streamed requests against a pool that admits them all, each
//                paced by the model over seconds
//                (bench/scenarios/serve-streams.yaml). Prints the most streams
//                open at once and how long they took.
//
// It is a benchmark, not a test. Usage:
//   ratesim_serve_load 429|stream PORT CONNECTIONS REQUESTS
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

const std::string kBody =
    R"({"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"hello there"}]})";
const std::string kStreamBody =
    R"({"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"hello"}]})";

double quantile(std::vector<double>& xs, double q) {
    if (xs.empty()) return 0;
    std::sort(xs.begin(), xs.end());
    return xs[std::min(xs.size() - 1, static_cast<std::size_t>(q * static_cast<double>(xs.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s 429|stream PORT CONNECTIONS REQUESTS\n", argv[0]);
        return 2;
    }
    const std::string mode = argv[1];
    const int port = std::atoi(argv[2]);
    const int connections = std::atoi(argv[3]);
    const long requests = std::atol(argv[4]);
    const bool stream = mode == "stream";
    constexpr double kModelLatencyMs = 1.0;  // serve-429.yaml: round_trip 0, the model's 1 ms floor

    std::atomic<long> next{0};
    std::mutex mu;
    std::vector<double> latencies_ms;
    std::vector<std::pair<double, int>> edges;  // (seconds since start, +1 request begins / -1 it ends)
    long by_status[600] = {};
    long failures = 0;
    const auto started = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c)
        threads.emplace_back([&] {
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            client.set_read_timeout(120, 0);
            std::vector<double> mine;
            std::vector<std::pair<double, int>> my_edges;
            long statuses[600] = {};
            long failed = 0;
            while (next++ < requests) {
                const auto t0 = Clock::now();
                auto result = client.Post("/v1/messages", stream ? kStreamBody : kBody, "application/json");
                const auto t1 = Clock::now();
                const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
                my_edges.emplace_back(std::chrono::duration<double>(t0 - started).count(), +1);
                my_edges.emplace_back(std::chrono::duration<double>(t1 - started).count(), -1);
                if (!result) {
                    if (failed++ == 0)
                        std::fprintf(stderr, "a request failed after %.0f ms: %s\n", ms,
                                     httplib::to_string(result.error()).c_str());
                    continue;
                }
                ++statuses[std::clamp(result->status, 0, 599)];
                mine.push_back(ms);
            }
            std::lock_guard lock(mu);
            latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
            edges.insert(edges.end(), my_edges.begin(), my_edges.end());
            for (int s = 0; s < 600; ++s) by_status[s] += statuses[s];
            failures += failed;
        });
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

    std::printf("mode %s: %d connections, %ld requests in %.2f s, %ld failed\n", mode.c_str(), connections,
                requests, seconds, failures);
    for (int s = 0; s < 600; ++s)
        if (by_status[s]) std::printf("  %d: %ld answers, %.0f per second\n", s, by_status[s], by_status[s] / seconds);
    if (!stream) {
        std::vector<double> overhead;
        for (const double ms : latencies_ms) overhead.push_back(ms - kModelLatencyMs);
        std::printf("  overhead over the model's latency: p50 %.2f ms, p99 %.2f ms\n", quantile(overhead, 0.5),
                    quantile(overhead, 0.99));
    } else {
        std::sort(edges.begin(), edges.end());  // an end before a begin at the same instant
        int open = 0, most = 0;
        for (const auto& [t, d] : edges) most = std::max(most, open += d);
        std::printf("  streams open at once: at most %d\n", most);
        std::printf("  stream length: p50 %.2f s, p99 %.2f s\n", quantile(latencies_ms, 0.5) / 1000,
                    quantile(latencies_ms, 0.99) / 1000);
    }
    return failures == 0 ? 0 : 1;
}
