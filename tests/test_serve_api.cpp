// `ratesim serve`'s HTTP answers, through a real HTTP client: the shapes the
// official SDK reads, the headers, and what bad input gets.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "sim/scenario/loader.hpp"
#include "sim/serve/messages_api.hpp"

namespace test_serve_api {

using nlohmann::json;
using namespace ratesim;

namespace {

// A 120 RPM pool with a one-second burst: a bucket of two requests.
const char* const kScenario = R"(name: serve-test
api:
  burst: 1s
  pools:
    sonnet: {models: [claude-sonnet-4-5, claude-sonnet-4-6], rpm: 120, itpm: 600k, otpm: 100k}
  latency: {round_trip: 1ms, time_to_first_token: 20ms, output_tokens_per_second: 1000}
clients:
  - name: app
    workload: {kind: batch, items: 1}
    request: {model: claude-sonnet-4-5, output_tokens: 40, max_tokens: 1024}
    strategy: sdk-ts
)";

const std::string kHello =
    R"({"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"hello there"}]})";

// serve's HTTP layer on a free port of 127.0.0.1, in this process.
struct LiveApi {
    scenario::ScenarioConfig scenario;
    serve::LiveServer live;
    serve::MessagesApi api;
    int port;
    std::thread serving;

    explicit LiveApi(const std::vector<std::string>& sets = {})
        : scenario(scenario::load_scenario_text(kScenario, "serve-test.yaml", sets)),
          live(scenario),
          api(scenario, live, nullptr, {"127.0.0.1", 0, 16, 2}),
          port(api.bind()),
          serving([this] { api.listen(); }) {}
    ~LiveApi() {
        api.stop();
        serving.join();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(10, 0);
        return c;
    }
    httplib::Result post(const std::string& path, const std::string& body,
                         const httplib::Headers& headers = {}) const {
        auto result = client().Post(path.c_str(), headers, body, "application/json");
        REQUIRE(result);
        return result;
    }
};

json error_of(const httplib::Result& r) {
    const json body = json::parse(r->body);
    CHECK(body["type"] == "error");
    CHECK(body["request_id"] == r->get_header_value("request-id"));
    return body["error"];
}

}  // namespace

TEST_CASE("a non-streamed success is a message with usage, a request-id and the pool's rate-limit headers",
          "[serve]") {
    LiveApi server;
    const auto r = server.post("/v1/messages", kHello);
    REQUIRE(r->status == 200);
    const json m = json::parse(r->body);
    CHECK(m["type"] == "message");
    CHECK(m["role"] == "assistant");
    CHECK(m["model"] == "claude-sonnet-4-5");
    CHECK(m["stop_reason"] == "end_turn");
    CHECK(m["usage"]["input_tokens"] == 4 + 3);  // "hello there": 11 code points, ceil(11 / 4) = 3
    CHECK(m["usage"]["output_tokens"] == 40);
    CHECK(m["content"][0]["type"] == "text");
    CHECK(m["content"][0]["text"].get<std::string>().size() > 40);
    CHECK(r->get_header_value("request-id").rfind("req_", 0) == 0);
    CHECK(r->get_header_value("anthropic-ratelimit-requests-limit") == "120");
    CHECK(r->get_header_value("anthropic-ratelimit-requests-remaining") == "1");
    CHECK(r->get_header_value("anthropic-ratelimit-input-tokens-limit") == "600000");
    CHECK(r->get_header_value("anthropic-ratelimit-output-tokens-limit") == "100000");
    CHECK(r->has_header("anthropic-ratelimit-tokens-reset"));
}

TEST_CASE("max_tokens below the drawn output length caps it, with stop_reason max_tokens", "[serve]") {
    LiveApi server;
    const auto r = server.post(
        "/v1/messages", R"({"model":"claude-sonnet-4-5","max_tokens":7,"messages":[{"role":"user","content":"x"}]})");
    REQUIRE(r->status == 200);
    const json m = json::parse(r->body);
    CHECK(m["usage"]["output_tokens"] == 7);
    CHECK(m["stop_reason"] == "max_tokens");
}

TEST_CASE("a streamed success sends the API's events in order, its text paced over the generation window",
          "[serve]") {
    LiveApi server;
    const auto started = std::chrono::steady_clock::now();
    json body = json::parse(kHello);
    body["stream"] = true;
    const auto r = server.post("/v1/messages", body.dump());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("content-type").rfind("text/event-stream", 0) == 0);
    std::vector<std::string> events;
    std::string text;
    std::istringstream lines(r->body);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("event: ", 0) == 0) events.push_back(line.substr(7));
        if (line.rfind("data: ", 0) == 0) {
            const json data = json::parse(line.substr(6));
            CHECK(data["type"] == events.back());
            if (events.back() == "content_block_delta") text += data["delta"]["text"].get<std::string>();
            if (events.back() == "message_start") CHECK(data["message"]["usage"]["input_tokens"] == 7);
            if (events.back() == "message_delta") {
                CHECK(data["delta"]["stop_reason"] == "end_turn");
                CHECK(data["usage"]["output_tokens"] == 40);
            }
        }
    }
    REQUIRE(events.size() >= 7);
    CHECK(std::vector<std::string>(events.begin(), events.begin() + 4) ==
          std::vector<std::string>{"message_start", "content_block_start", "ping", "content_block_delta"});
    CHECK(std::vector<std::string>(events.end() - 3, events.end()) ==
          std::vector<std::string>{"content_block_stop", "message_delta", "message_stop"});
    // 40 words of one token each; 40 tokens at 1000/s after 1 ms + 20 ms.
    CHECK(std::count(text.begin(), text.end(), ' ') == 40);
    CHECK(seconds >= 0.06);
}

TEST_CASE("a request over the bucket gets 429 with retry-after and rate_limit_error naming the limit",
          "[serve]") {
    LiveApi server;
    REQUIRE(server.post("/v1/messages", kHello)->status == 200);
    REQUIRE(server.post("/v1/messages", kHello)->status == 200);
    const auto r = server.post("/v1/messages", kHello);
    REQUIRE(r->status == 429);
    CHECK(r->get_header_value("retry-after") == "1");
    CHECK(r->get_header_value("anthropic-ratelimit-requests-remaining") == "0");
    const json e = error_of(r);
    CHECK(e["type"] == "rate_limit_error");
    CHECK(e["message"].get<std::string>().find("rate limit of 120 requests per minute") != std::string::npos);
}

TEST_CASE("the legacy TPD and TPM send their headers, and their 429s the legacy API's messages", "[serve][legacy]") {
    {
        // 50 tokens a day: the first request takes 7 input + 40 output, the
        // second's 7 wait for 4 tokens at 50 / 86400 per second, 6912 s.
        LiveApi server({"api.pools.sonnet.tpd=50"});
        const auto ok = server.post("/v1/messages", kHello);
        REQUIRE(ok->status == 200);
        CHECK(ok->get_header_value("anthropic-ratelimit-daily-tokens-limit") == "50");
        CHECK_FALSE(ok->has_header("anthropic-ratelimit-combined-tokens-limit"));
        const auto r = server.post("/v1/messages", kHello);
        REQUIRE(r->status == 429);
        const int retry_after = std::stoi(r->get_header_value("retry-after"));
        CHECK(retry_after > 6900);
        CHECK(retry_after <= 6912);
        const json e = error_of(r);
        CHECK(e["type"] == "rate_limit_error");
        CHECK(e["message"].get<std::string>().rfind(
                  "Number of request tokens has exceeded your daily rate limit", 0) == 0);
    }
    {
        // 60 tokens a minute with the 1 s burst: a bucket of 1 token, below any request.
        LiveApi server({"api.pools.sonnet.tpm=60"});
        const auto r = server.post("/v1/messages", kHello);
        REQUIRE(r->status == 429);
        CHECK(r->get_header_value("anthropic-ratelimit-combined-tokens-limit") == "60");
        CHECK(error_of(r)["message"].get<std::string>().rfind(
                  "Number of request tokens has exceeded your per-minute rate limit", 0) == 0);
    }
}

TEST_CASE("an attempt during an incident gets 529 overloaded_error", "[serve]") {
    LiveApi server({"api.capacity={incidents: [{at: 0s, for: 1h, overload: 1}]}"});
    const auto r = server.post("/v1/messages", kHello);
    REQUIRE(r->status == 529);
    CHECK(error_of(r) == json{{"type", "overloaded_error"}, {"message", "Overloaded"}});
    CHECK_FALSE(r->has_header("retry-after"));
    CHECK(r->has_header("anthropic-ratelimit-requests-limit"));
}

TEST_CASE("the spend cap gives 429 enforced_spend_limit_reached without retry-after", "[serve]") {
    LiveApi server({"api.spend_cap=10", "api.spend_month={spent: 10}"});
    const auto r = server.post("/v1/messages", kHello);
    REQUIRE(r->status == 429);
    CHECK_FALSE(r->has_header("retry-after"));
    const json e = error_of(r);
    CHECK(e["type"] == "rate_limit_error");
    CHECK(e["details"]["error_code"] == "enforced_spend_limit_reached");
}

TEST_CASE("a mid-stream overload is event: error after the 200 and some text", "[serve]") {
    LiveApi server({"serve={midstream_overload: 1}"});
    json body = json::parse(kHello);
    body["stream"] = true;
    const auto r = server.post("/v1/messages", body.dump());
    REQUIRE(r->status == 200);
    CHECK(r->body.find("event: message_start") == 0);
    CHECK(r->body.find("event: message_stop") == std::string::npos);
    const auto at = r->body.find("event: error\ndata: ");
    REQUIRE(at != std::string::npos);
    const std::string data = r->body.substr(at + 19, r->body.find('\n', at + 19) - at - 19);
    CHECK(json::parse(data)["error"]["type"] == "overloaded_error");
}

TEST_CASE("an incident's midstream rule breaks a stream after the tokens before its break point", "[serve]") {
    // 40 output tokens (the serve group's draw), after 0.25: 10 tokens, then the error.
    LiveApi server({"api.capacity={incidents: [{at: 0s, for: 1h, overload: 0, "
                    "midstream: {fraction: 1, after: 0.25}}]}"});
    json body = json::parse(kHello);
    body["stream"] = true;
    const auto r = server.post("/v1/messages", body.dump());
    REQUIRE(r->status == 200);
    CHECK(r->body.find("event: message_start") == 0);
    CHECK(r->body.find("event: message_stop") == std::string::npos);
    CHECK(r->body.find("event: message_delta") == std::string::npos);
    const auto at = r->body.find("event: error\ndata: ");
    REQUIRE(at != std::string::npos);
    const std::string data = r->body.substr(at + 19, r->body.find('\n', at + 19) - at - 19);
    CHECK(json::parse(data)["type"] == "error");
    CHECK(json::parse(data)["error"]["type"] == "overloaded_error");
    // The text deltas before the error: one word and a space per token.
    std::string text;
    for (auto d = r->body.find("event: content_block_delta\ndata: "); d != std::string::npos && d < at;
         d = r->body.find("event: content_block_delta\ndata: ", d + 1)) {
        const auto from = d + 33;
        text += json::parse(r->body.substr(from, r->body.find('\n', from) - from))["delta"]["text"].get<std::string>();
    }
    CHECK(std::count(text.begin(), text.end(), ' ') == 10);

    body["stream"] = false;  // without a stream, the break is a 529
    const auto plain = server.post("/v1/messages", body.dump());
    REQUIRE(plain->status == 529);
    CHECK(error_of(plain)["type"] == "overloaded_error");
}

TEST_CASE("bad request bodies get 400 invalid_request_error naming the field", "[serve]") {
    LiveApi server;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"{not json", "not valid JSON"},
        {"[1]", "must be a JSON object"},
        {R"({"max_tokens":1,"messages":[{"role":"user","content":"a"}]})", "model: Field required"},
        {R"({"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"a"}]})", "max_tokens: Field required"},
        {R"({"model":"claude-sonnet-4-5","max_tokens":"5","messages":[]})", "max_tokens: Input should be a valid integer"},
        {R"({"model":"claude-sonnet-4-5","max_tokens":0,"messages":[]})", "max_tokens: Input should be greater than"},
        {R"({"model":"claude-sonnet-4-5","max_tokens":5})", "messages: Field required"},
        {R"({"model":"claude-sonnet-4-5","max_tokens":5,"messages":{}})", "messages: Input should be a valid list"},
        {R"({"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"bot","content":"a"}]})",
         "messages.0.role: Input should be 'user' or 'assistant'"},
        {R"({"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text"}]}]})",
         "messages.0.content.0.text: Field required"},
        {R"({"model":"claude-sonnet-4-5","max_tokens":5,"stream":"yes","messages":[{"role":"user","content":"a"}]})",
         "stream: Input should be a valid boolean"},
    };
    for (const auto& [body, message] : cases) {
        INFO(body);
        const auto r = server.post("/v1/messages", body);
        CHECK(r->status == 400);
        const json e = error_of(r);
        CHECK(e["type"] == "invalid_request_error");
        CHECK_THAT(e["message"].get<std::string>(), Catch::Matchers::Contains(message));
    }
}

TEST_CASE("an unknown model gets 404 not_found_error, an unknown path 404 and a wrong method 405", "[serve]") {
    LiveApi server;
    const auto model = server.post(
        "/v1/messages", R"({"model":"claude-nope","max_tokens":5,"messages":[{"role":"user","content":"a"}]})");
    CHECK(model->status == 404);
    CHECK(error_of(model) == json{{"type", "not_found_error"}, {"message", "model: claude-nope"}});
    const auto path = server.client().Get("/v1/nowhere");
    REQUIRE(path);
    CHECK(path->status == 404);
    CHECK(error_of(path)["type"] == "not_found_error");
    const auto method = server.client().Get("/v1/messages");
    REQUIRE(method);
    CHECK(method->status == 405);
    CHECK(error_of(method)["type"] == "invalid_request_error");
}

TEST_CASE("a body over 32 MB gets 413 request_too_large", "[serve]") {
    LiveApi server;
    const auto r = server.post("/v1/messages", std::string(serve::kMaxBodyBytes + 1, ' '));
    CHECK(r->status == 413);
    CHECK(error_of(r)["type"] == "request_too_large");
}

TEST_CASE("an error rule's status comes with the API's error body, x-should-retry and retry-after-ms",
          "[serve]") {
    LiveApi server({"api.pools.sonnet.errors=[{status: 504, rate: 1, should_retry: false, retry_after: 2500ms}]"});
    const auto r = server.post("/v1/messages", kHello);
    REQUIRE(r->status == 504);
    CHECK(error_of(r)["type"] == "timeout_error");
    CHECK(r->get_header_value("x-should-retry") == "false");
    CHECK(r->get_header_value("retry-after-ms") == "2500");
    CHECK(r->get_header_value("retry-after") == "3");
    LiveApi plain({"api.pools.sonnet.errors=[{status: 500, rate: 1}]"});
    const auto p = plain.post("/v1/messages", kHello);
    REQUIRE(p->status == 500);
    CHECK(error_of(p)["type"] == "api_error");
    CHECK_FALSE(p->has_header("x-should-retry"));
    CHECK_FALSE(p->has_header("retry-after-ms"));
}

TEST_CASE("a 529 carries x-should-retry where api.capacity.should_retry sets it", "[serve]") {
    LiveApi server({"api.capacity={incidents: [{at: 0s, for: 1h, overload: 1}], should_retry: true}"});
    const auto r = server.post("/v1/messages", kHello);
    REQUIRE(r->status == 529);
    CHECK(r->get_header_value("x-should-retry") == "true");
    CHECK_FALSE(r->has_header("retry-after-ms"));
}

TEST_CASE("a request over the pool's max_request_tokens gets 413 request_too_large", "[serve]") {
    LiveApi server({"api.pools.sonnet.max_request_tokens=2"});
    const auto r = server.post("/v1/messages", kHello);
    REQUIRE(r->status == 413);
    CHECK(error_of(r)["type"] == "request_too_large");
}

TEST_CASE("with keys mapped to workspaces a known key is served and any other gets 401", "[serve]") {
    LiveApi server({"api.workspaces={team: {pools: {sonnet: {rpm: 60}}}}", "serve={keys: {sk-team: {workspace: team}}}"});
    const auto known = server.post("/v1/messages", kHello, {{"x-api-key", "sk-team"}});
    CHECK(known->status == 200);
    // The workspace's narrower pool (60 RPM, a bucket of one) shows in the headers.
    CHECK(known->get_header_value("anthropic-ratelimit-requests-limit") == "60");
    for (const char* key : {"sk-other", ""}) {
        const auto r = server.post("/v1/messages", kHello, {{"x-api-key", key}});
        CHECK(r->status == 401);
        CHECK(error_of(r)["type"] == "authentication_error");
    }
}

TEST_CASE("count_tokens answers the estimate, and /v1/models lists the scenario's models", "[serve]") {
    LiveApi server;
    const auto counted = server.post(
        "/v1/messages/count_tokens",
        R"({"model":"claude-sonnet-4-6","system":"be brief","messages":[{"role":"user","content":"hello there"}]})");
    REQUIRE(counted->status == 200);
    CHECK(json::parse(counted->body) == json{{"input_tokens", 4 + 2 + 4 + 3}});
    const auto models = server.client().Get("/v1/models");
    REQUIRE(models);
    const json list = json::parse(models->body);
    CHECK(list["data"].size() == 2);
    CHECK(list["data"][1]["id"] == "claude-sonnet-4-6");
    CHECK(list["has_more"] == false);
    const auto one = server.client().Get("/v1/models/claude-sonnet-4-5");
    REQUIRE(one);
    CHECK(json::parse(one->body)["type"] == "model");
    const auto none = server.client().Get("/v1/models/claude-nope");
    REQUIRE(none);
    CHECK(none->status == 404);
}

TEST_CASE("a connection that stops half way through its request is closed after the idle timeout",
          "[serve]") {
    LiveApi server;  // idle timeout 2 s
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(server.port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const timeval guard{15, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &guard, sizeof guard);
    const std::string partial = "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    REQUIRE(send(fd, partial.data(), partial.size(), 0) == static_cast<ssize_t>(partial.size()));
    const auto started = std::chrono::steady_clock::now();
    char byte;
    while (recv(fd, &byte, 1, 0) > 0) {
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    close(fd);
    CHECK(seconds >= 1.5);
    CHECK(seconds < 10);
    CHECK(server.post("/v1/messages", kHello)->status == 200);  // and the server still answers
}

}  // namespace test_serve_api
