#include "sim/serve/messages_api.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "sim/serve/api_error.hpp"
#include "sim/serve/item_linker.hpp"
#include "sim/serve/message_shapes.hpp"
#include "sim/serve/messages_request.hpp"
#include "sim/serve/rate_limit_headers.hpp"

namespace ratesim::serve {

namespace {

constexpr const char* kJson = "application/json";
// A stream writes its text at most this often, however fast its tokens come.
constexpr engine::Time kDeltaEvery = engine::millis(50);

const char* dimension_words(models::Dimension d) {
    switch (d) {
        case models::Dimension::requests: return "requests";
        case models::Dimension::input_tokens: return "input tokens";
        case models::Dimension::output_tokens: return "output tokens";
        case models::Dimension::tokens_per_minute:
        case models::Dimension::tokens_per_day: return "tokens";
    }
    return "requests";
}

// A legacy TPM or TPD 429's message, as the API wrote it before ITPM and OTPM.
std::string legacy_limit_message(models::Dimension d) {
    return fmt::format("Number of request tokens has exceeded your {} rate limit "
                       "(https://docs.anthropic.com/en/api/rate-limits); see the response headers for current "
                       "usage. Please reduce the prompt length or the maximum tokens requested, or try again later.",
                       d == models::Dimension::tokens_per_day ? "daily" : "per-minute");
}

// 30000 -> "30,000", as the API's messages write limits.
std::string thousands(double x) {
    const std::string digits = std::to_string(static_cast<long long>(std::floor(x)));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string last_four(const std::string& key) { return key.size() <= 4 ? key : key.substr(key.size() - 4); }

int retry_count_of(const httplib::Request& req) {
    if (!req.has_header("x-stainless-retry-count")) return -1;
    try {
        return std::max(0, std::stoi(req.get_header_value("x-stainless-retry-count")));
    } catch (const std::exception&) {
        return -1;
    }
}

// What every answer about one request shares.
struct Exchange {
    std::string request_id;
    std::chrono::steady_clock::time_point arrived;
    output::RequestRecord record;
};

}  // namespace

struct MessagesApi::Impl {
    const scenario::ScenarioConfig& scenario;
    LiveServer& server;
    output::RecordAppender* record;
    ServeOptions options;
    httplib::Server http;
    ItemLinker items;
    std::chrono::system_clock::time_point started = std::chrono::system_clock::now();
    std::atomic<std::uint64_t> next_request{0};
    std::atomic<std::int64_t> open_streams{0};
    std::atomic<bool> stopping{false};  // stop(): answers end now, streams break off
    int listening_socket = -1;
    std::vector<std::string> models;

    Impl(const scenario::ScenarioConfig& s, LiveServer& live, output::RecordAppender* r, ServeOptions o)
        : scenario(s), server(live), record(r), options(std::move(o)) {
        for (const auto& pool : scenario.api.pools)
            for (const auto& m : pool.models) models.push_back(m);
        routes();
    }

    // Sleeps until simulated time `t`, or until stop() is called.
    void wait_until(engine::Time t) {
        const auto until = server.wall_time(t);
        while (!stopping.load() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_until(std::min(until, std::chrono::steady_clock::now() + std::chrono::milliseconds(100)));
    }

    Exchange begin(const httplib::Request& req, httplib::Response& res) {
        Exchange x;
        x.arrived = std::chrono::steady_clock::now();
        x.request_id = fmt::format("req_ratesim{:016x}", next_request++);
        x.record.request_id = x.request_id;
        x.record.arrival_s = engine::to_seconds(server.now());
        x.record.answered_s = x.record.arrival_s;
        x.record.retry_count = retry_count_of(req);
        res.set_header("request-id", x.request_id);
        return x;
    }

    void finish(Exchange& x) {
        x.record.latency_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - x.arrived).count();
        if (record) record->add(x.record);
    }

    static void send_error(httplib::Response& res, const ApiError& e, const std::string& request_id) {
        res.status = e.status;
        res.set_content(error_body(e, request_id), kJson);
    }

    void fail(Exchange& x, httplib::Response& res, const ApiError& e, bool recorded) {
        send_error(res, e, x.request_id);
        x.record.status = e.status;
        x.record.error_type = e.type;
        if (recorded) finish(x);
    }

    // The key's workspace, or the 401 an unknown key gets.
    std::variant<std::string, ApiError> authenticate(const httplib::Request& req, std::string& key) {
        key = req.get_header_value("x-api-key");
        const std::string bearer = req.get_header_value("authorization");
        if (key.empty() && bearer.rfind("Bearer ", 0) == 0) key = bearer.substr(7);
        const auto& keys = scenario.serve.api_keys;
        if (keys.empty()) return scenario.clients.at(scenario.serve.group).workspace;
        if (key.empty()) return ApiError{401, "authentication_error", "x-api-key header is required"};
        for (const auto& [k, workspace] : keys)
            if (k == key) return workspace;
        return ApiError{401, "authentication_error", "invalid x-api-key"};
    }

    void set_limit_headers(httplib::Response& res, const models::RateLimitHeaders& h) {
        for (const auto& [name, value] : rate_limit_headers(h, started)) res.set_header(name, value);
    }

    void create_message(const httplib::Request& req, httplib::Response& res) {
        Exchange x = begin(req, res);
        std::string key;
        const auto auth = authenticate(req, key);
        x.record.key = last_four(key);
        if (const auto* e = std::get_if<ApiError>(&auth)) return fail(x, res, *e, true);
        x.record.workspace = std::get<std::string>(auth);
        const auto parsed = parse_messages_request(req.body, RequestKind::create_message);
        if (const auto* e = std::get_if<ApiError>(&parsed)) return fail(x, res, *e, true);
        const MessagesRequest& m = std::get<MessagesRequest>(parsed);
        x.record.model = m.model;
        x.record.stream = m.stream;
        x.record.max_tokens = m.max_tokens;
        x.record.input_tokens = m.input_tokens;
        if (server.pool_of(m.model) < 0) return fail(x, res, not_found(fmt::format("model: {}", m.model)), true);

        const ItemAttempt item =
            items.link(key, req.body, x.record.retry_count, engine::from_seconds(x.record.arrival_s));
        x.record.item = item.item;
        x.record.attempt = item.attempt;
        const LiveAnswer live = server.answer({m.model, x.record.workspace, m.input_tokens, m.max_tokens});
        const models::Response& r = live.answer.response;
        x.record.arrival_s = engine::to_seconds(r.sent_at);
        x.record.answered_s = engine::to_seconds(r.received_at);
        set_limit_headers(res, r.headers);
        if (!live.answer.admitted) {
            wait_until(r.received_at);
            return refuse(x, res, r);
        }
        x.record.status = models::status::ok;
        x.record.output_tokens = live.output_tokens;
        x.record.usd = live.usd;
        MessageShape shape{fmt::format("msg_ratesim{:016x}", live.sequence), m.model, m.input_tokens,
                           live.output_tokens, live.output_tokens >= m.max_tokens};
        if (m.stream) return stream(std::move(x), res, shape, live, item);
        wait_until(r.received_at);
        // Broken by an incident's midstream rule: without a stream to break,
        // the error comes as a 529 at the break point (billed what was generated).
        if (r.stream_error) return fail(x, res, {529, "overloaded_error", "Overloaded"}, true);
        res.set_content(message_json(shape), kJson);
        items.finished(item);
        finish(x);
    }

    // x-should-retry and retry-after-ms where the model sent them (error
    // rules; x-should-retry also on 529s); retry-after is set by refuse.
    static void set_retry_headers(httplib::Response& res, const models::Response& r) {
        if (r.should_retry != models::ShouldRetry::absent)
            res.set_header("x-should-retry", r.should_retry == models::ShouldRetry::yes ? "true" : "false");
        if (r.retry_after_ms != engine::kNever)
            res.set_header("retry-after-ms",
                           fmt::format("{}", static_cast<long long>(std::llround(
                                                 static_cast<double>(r.retry_after_ms) / 1000.0))));
    }

    void refuse(Exchange& x, httplib::Response& res, const models::Response& r) {
        if (r.has_retry_after()) {
            const double seconds = std::ceil(engine::to_seconds(r.retry_after));
            res.set_header("retry-after", std::to_string(static_cast<long long>(seconds)));
            x.record.retry_after_s = seconds;
        }
        set_retry_headers(res, r);
        if (r.status == models::status::overloaded)
            return fail(x, res, {529, "overloaded_error", "Overloaded"}, true);
        if (r.status != models::status::rate_limited) return fail(x, res, status_error(r.status), true);
        x.record.spend_limit = r.spend_limit;
        if (r.spend_limit)
            return fail(x, res, {429, "rate_limit_error",
                                 "You have reached your specified workspace API usage limits. You will "
                                 "regain access on the first day of next month.", true}, true);
        x.record.exceeded = output::record_dimension_name(r.exceeded);
        const models::LimitHeader& h = r.headers[r.exceeded];
        // The legacy combined limits answered in the legacy API's words
        // (docs/model.md §6).
        if (r.exceeded == models::Dimension::tokens_per_minute || r.exceeded == models::Dimension::tokens_per_day)
            return fail(x, res, {429, "rate_limit_error", legacy_limit_message(r.exceeded)}, true);
        fail(x, res, {429, "rate_limit_error",
                      fmt::format("This request would exceed your organization's rate limit of {} {} per "
                                  "minute (model: {}). For details, refer to: "
                                  "https://docs.claude.com/en/api/rate-limits.",
                                  thousands(h.limit), dimension_words(r.exceeded), x.record.model)},
             true);
    }

    // A streamed success: the opening events with the first token, the text
    // paced over the generation window, then the closing events; or, for a
    // mid-stream overload, event: error part way through (half way under
    // serve.midstream_overload; where the incident's rule broke it).
    void stream(Exchange x, httplib::Response& res, const MessageShape& shape, const LiveAnswer& live,
                const ItemAttempt& item) {
        struct State {
            Exchange x;
            MessageShape shape;
            engine::Time start, end;
            std::size_t tokens, sent = 0, break_at;
            bool opened = false, midstream;
            ItemAttempt item;
        };
        const auto tokens = static_cast<std::size_t>(live.output_tokens);
        auto s = std::make_shared<State>(State{std::move(x), shape, live.answer.generation_start,
                                               live.answer.response.received_at, tokens, 0,
                                               static_cast<std::size_t>(static_cast<double>(tokens) * live.break_after),
                                               false,
                                               live.midstream_error, item});
        wait_until(s->start);
        ++open_streams;
        res.set_header("cache-control", "no-cache");
        res.set_chunked_content_provider(
            "text/event-stream",
            [this, s](std::size_t, httplib::DataSink& sink) {
                auto write = [&sink](const std::string& text) { return sink.write(text.data(), text.size()); };
                if (stopping.load()) return false;
                if (!s->opened) {
                    s->opened = true;
                    return write(stream_opening(s->shape));
                }
                const engine::Time now = server.now();
                const std::size_t due =
                    now >= s->end || s->end <= s->start
                        ? s->tokens
                        : static_cast<std::size_t>(static_cast<double>(s->tokens) *
                                                   static_cast<double>(now - s->start) /
                                                   static_cast<double>(s->end - s->start));
                if (s->midstream && due >= s->break_at) {
                    s->x.record.stream_error = true;
                    if (!write(stream_delta(s->sent, s->break_at)) ||
                        !write(stream_overloaded(s->x.request_id)))
                        return false;
                    sink.done();
                    return true;
                }
                if (due > s->sent) {
                    if (!write(stream_delta(s->sent, due))) return false;
                    s->sent = due;
                }
                if (s->sent >= s->tokens) {
                    if (!write(stream_closing(s->shape))) return false;
                    sink.done();
                    return true;
                }
                const engine::Time next =
                    s->start + static_cast<engine::Time>(static_cast<double>(s->end - s->start) *
                                                         static_cast<double>(s->sent + 1) /
                                                         static_cast<double>(s->tokens));
                wait_until(std::min(s->end, std::max(next, now + kDeltaEvery)));
                return true;
            },
            [this, s](bool success) {
                s->x.record.client_closed = !success;
                if (success && !s->x.record.stream_error) items.finished(s->item);
                finish(s->x);
                --open_streams;
            });
    }

    void count_tokens(const httplib::Request& req, httplib::Response& res) {
        Exchange x = begin(req, res);
        std::string key;
        const auto auth = authenticate(req, key);
        if (const auto* e = std::get_if<ApiError>(&auth)) return fail(x, res, *e, false);
        const auto parsed = parse_messages_request(req.body, RequestKind::count_tokens);
        if (const auto* e = std::get_if<ApiError>(&parsed)) return fail(x, res, *e, false);
        const MessagesRequest& m = std::get<MessagesRequest>(parsed);
        if (server.pool_of(m.model) < 0) return fail(x, res, not_found(fmt::format("model: {}", m.model)), false);
        res.set_content(fmt::format(R"({{"input_tokens":{}}})", static_cast<std::int64_t>(m.input_tokens)), kJson);
    }

    void list_models(const httplib::Request& req, httplib::Response& res) {
        Exchange x = begin(req, res);
        res.set_content(models_list_json(models), kJson);
    }

    void get_model(const httplib::Request& req, httplib::Response& res) {
        Exchange x = begin(req, res);
        const std::string id = req.matches[1];
        if (std::find(models.begin(), models.end(), id) == models.end())
            return fail(x, res, not_found(fmt::format("model: {}", id)), false);
        res.set_content(model_json(id), kJson);
    }

    void method_not_allowed(const httplib::Request& req, httplib::Response& res) {
        Exchange x = begin(req, res);
        fail(x, res, {405, "invalid_request_error", fmt::format("Method {} not allowed for {}", req.method, req.path)},
             false);
    }

    void routes() {
        http.Post("/v1/messages", [this](const httplib::Request& q, httplib::Response& r) { create_message(q, r); });
        http.Post("/v1/messages/count_tokens",
                  [this](const httplib::Request& q, httplib::Response& r) { count_tokens(q, r); });
        http.Get("/v1/models", [this](const httplib::Request& q, httplib::Response& r) { list_models(q, r); });
        http.Get(R"(/v1/models/([^/]+))", [this](const httplib::Request& q, httplib::Response& r) { get_model(q, r); });
        auto not_allowed = [this](const httplib::Request& q, httplib::Response& r) { method_not_allowed(q, r); };
        for (const char* path : {"/v1/messages", "/v1/messages/count_tokens"}) {
            http.Get(path, not_allowed);
            http.Put(path, not_allowed);
            http.Delete(path, not_allowed);
            http.Patch(path, not_allowed);
        }
        for (const char* path : {"/v1/models", R"(/v1/models/([^/]+))"}) {
            http.Post(path, not_allowed);
            http.Put(path, not_allowed);
            http.Delete(path, not_allowed);
            http.Patch(path, not_allowed);
        }
        // What httplib answers itself (no route, a body too large, a request
        // it cannot parse) gets the API's error body too.
        http.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return;
            const std::string id = fmt::format("req_ratesim{:016x}", next_request++);
            res.set_header("request-id", id);
            if (res.status == 404)
                send_error(res, not_found("Not Found"), id);
            else if (res.status == 413)
                send_error(res, {413, "request_too_large", "Request exceeds the maximum allowed number of bytes."}, id);
            else
                send_error(res, {res.status, res.status >= 500 ? "api_error" : "invalid_request_error",
                                 fmt::format("the request could not be read (HTTP {})", res.status)}, id);
        });
        // httplib listens with a backlog of 5: a burst of new connections
        // (a fleet of clients starting together) would see some dropped and
        // reset. The socket is remembered here and its backlog raised in bind().
        http.set_socket_options([this](socket_t sock) {
            httplib::default_socket_options(sock);
            listening_socket = sock;
        });
        http.new_task_queue = [threads = options.threads] {
            return new httplib::ThreadPool(static_cast<std::size_t>(threads));
        };
        // Headers and body go out in separate writes: without TCP_NODELAY,
        // Nagle's algorithm and delayed ACKs add up to 40 ms or more to each.
        http.set_tcp_nodelay(true);
        http.set_payload_max_length(kMaxBodyBytes);
        http.set_read_timeout(options.idle_timeout_s, 0);
        http.set_write_timeout(options.idle_timeout_s, 0);
        http.set_keep_alive_timeout(options.idle_timeout_s);
        http.set_keep_alive_max_count(1000);
    }
};

MessagesApi::MessagesApi(const scenario::ScenarioConfig& scenario, LiveServer& server,
                         output::RecordAppender* record, ServeOptions options)
    : impl_(std::make_unique<Impl>(scenario, server, record, std::move(options))) {}

MessagesApi::~MessagesApi() = default;

int MessagesApi::bind() {
    const int port = impl_->options.port == 0
                         ? impl_->http.bind_to_any_port(impl_->options.host)
                         : (impl_->http.bind_to_port(impl_->options.host, impl_->options.port) ? impl_->options.port
                                                                                              : -1);
    if (port < 0)
        throw std::runtime_error(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                                             impl_->options.host, impl_->options.port));
    // Listening again changes the backlog (Linux); the kernel caps it at somaxconn.
    if (impl_->listening_socket >= 0) ::listen(impl_->listening_socket, 4096);
    return port;
}

void MessagesApi::listen() { impl_->http.listen_after_bind(); }
void MessagesApi::stop() {
    impl_->stopping = true;
    impl_->http.stop();
}
std::int64_t MessagesApi::open_streams() const { return impl_->open_streams.load(); }

}  // namespace ratesim::serve
