// The HTTP/1.1 server under `headlock serve`: Boost.Beast on Asio, one
// acceptor, a pool of threads running one io_context, one session per
// connection. It knows nothing about DynamoDB or Apify: every complete
// request goes to an HttpHandler, and so does every request it refuses to
// read (too large, malformed), so that the answer has the protocol's shape.
//
// What it enforces for bad clients (HttpServerOptions): a body limit (413,
// checked against Content-Length before the body is read), a header limit
// (431), an idle timeout that also bounds the time to send one request (a
// slow client is cut off), and at most one request at a time per connection
// (pipelined requests wait in the read buffer and are answered in order).
// A connection that breaks the framing is answered once and closed; the
// server goes on.
//
// Stopping: Stop() (thread safe; SIGINT/SIGTERM when started with
// `handle_signals`) closes the acceptor, closes idle connections, lets every
// request already read be handled and answered (with Connection: close), and
// Run() returns once all connections are gone.
//
// Thread safety: the handler is called from several threads at once; one
// connection's requests are handled one after another.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "headlock/result.h"

namespace headlock::serve {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Boost 1.74's beast::string_view is boost::string_view: conversions.
inline std::string_view ToStd(boost::beast::string_view s) { return {s.data(), s.size()}; }
inline boost::beast::string_view ToBeast(std::string_view s) { return {s.data(), s.size()}; }

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Answers one complete request. The server sets the version, keep-alive
  // and Content-Length afterwards.
  virtual HttpResponse Handle(HttpRequest& request) = 0;
  // Answers a request the server would not read whole: `status` is 400
  // (malformed), 413 (body over the limit) or 431 (header over the limit).
  // `header` is the request's header when it was read (its target tells the
  // protocol), else null. The connection is closed after this answer.
  virtual HttpResponse Reject(int status, std::string_view message, const HttpRequest* header) = 0;
};

struct HttpServerOptions {
  // Address to listen on. Default: loopback only.
  std::string host = "127.0.0.1";
  // 0 picks a free port (HttpServer::port() tells which).
  uint16_t port = 8000;
  // Threads running the handlers. 0: one per core.
  int threads = 0;
  // Largest request body read, after which the answer is 413. DynamoDB
  // takes requests up to 16 MB (BatchWriteItem), Apify's API bodies up to
  // 9,437,184 bytes. Default: 16 MiB.
  size_t max_body_bytes = 16 * 1024 * 1024;
  // Largest request line plus headers; more gets 431. Default: 16 KiB
  // (a SigV4 Authorization header is well under 1 KiB).
  uint32_t max_header_bytes = 16 * 1024;
  // How long a connection may wait for (or take to send) its next request,
  // and to take its answer, before it is closed. Default: 60 s.
  std::chrono::milliseconds idle_timeout{60'000};
  // Stop on SIGINT and SIGTERM.
  bool handle_signals = false;
};

class HttpServer {
 public:
  // Binds and listens (no thread runs yet). Errors: kInvalidInput for an
  // address that does not parse, kIOError when the port cannot be bound.
  // `handler` must outlive the server.
  static Result<std::unique_ptr<HttpServer>> Listen(const HttpServerOptions& options,
                                                    HttpHandler* handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The address and port listened on (the real port when options.port was 0).
  const std::string& host() const;
  uint16_t port() const;

  // Serves on options.threads threads (the caller's among them) until
  // Stop() and every connection has closed.
  void Run();
  // Begins the graceful stop described above. Thread safe; returns at once.
  void Stop();

  // The number of connections open now (for tests).
  size_t OpenConnections() const;

  struct Impl;  // the sessions' view of the server (http_server.cc only)

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace headlock::serve
