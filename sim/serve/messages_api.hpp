#pragma once
// The local Messages API of `ratesim serve`: HTTP routes in front of a
// LiveServer, answering as the real API does (shapes, headers, errors) and
// recording every request. httplib stays behind this header.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "sim/output/live_record_files.hpp"
#include "sim/serve/live_server.hpp"

namespace ratesim::serve {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: any free port
    // Worker threads: each open connection holds one (a streamed answer for
    // its whole length), so this bounds connections served at once; more
    // wait for a free thread.
    int threads = 1100;
    int idle_timeout_s = 5;  // a connection silent this long is closed (read, write, keep-alive)
};

// Request bodies above this get 413 request_too_large (the API's 32 MB).
inline constexpr std::size_t kMaxBodyBytes = 32u << 20;

class MessagesApi {
public:
    // `record` may be null (nothing recorded).
    MessagesApi(const scenario::ScenarioConfig& scenario, LiveServer& server, output::RecordAppender* record,
                ServeOptions options);
    ~MessagesApi();
    MessagesApi(const MessagesApi&) = delete;
    MessagesApi& operator=(const MessagesApi&) = delete;

    // Binds the address; returns the port. Throws std::runtime_error when it cannot.
    int bind();
    // Serves until stop() (from any thread).
    void listen();
    void stop();
    // Streamed answers being written now.
    std::int64_t open_streams() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ratesim::serve
