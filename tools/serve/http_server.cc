#include "serve/http_server.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace headlock::serve {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session;

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler* handler = nullptr;
  // Declared before the io_context: destroying it destroys pending handlers,
  // whose sessions then Forget() themselves.
  mutable std::mutex mu;  // guards the two below
  bool stopping = false;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::optional<asio::signal_set> signals;
  std::string host;
  uint16_t port = 0;

  void Accept();
  void BeginStop();
  void Forget(Session* session) {
    std::lock_guard lock(mu);
    sessions.erase(session);
  }
  bool Stopping() const {
    std::lock_guard lock(mu);
    return stopping;
  }
};

namespace {

// One connection: read a request, handle it, write the answer, again.
// Everything runs on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl* server)
      : stream_(std::move(socket)), server_(server) {}
  ~Session() { server_->Forget(this); }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
  }

  // Graceful stop: an idle connection closes now, a busy one after its answer.
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->Close();
    });
  }

 private:
  void ReadHeader() {
    busy_ = false;
    if (closing_) return Close();
    parser_.emplace();
    parser_->body_limit(server_->options.max_body_bytes);
    parser_->header_limit(server_->options.max_header_bytes);
    stream_.expires_after(server_->options.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    busy_ = true;  // a request has arrived: it is answered even if the server stops
    auto& header = parser_->get();
    if (beast::iequals(header[http::field::expect], "100-continue")) {
      // curl sends larger bodies only after this (or after a second).
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                     header.version());
      http::async_write(stream_, *cont,
                        [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
                          if (wec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnReadError(beast::error_code ec) {
    bool http_error = ec.category() == http::make_error_code(http::error::end_of_stream).category();
    if (ec == http::error::end_of_stream || !http_error) {
      // The client left, went quiet, or the server stops: nothing to answer.
      return Close();
    }
    int status = 400;
    std::string message = "malformed HTTP request: " + ec.message();
    if (ec == http::error::body_limit) {
      status = 413;
      message = "request body larger than " + std::to_string(server_->options.max_body_bytes) +
                " bytes";
    } else if (ec == http::error::header_limit) {
      status = 431;
      message = "request header larger than " +
                std::to_string(server_->options.max_header_bytes) + " bytes";
    }
    busy_ = true;
    // The request line is parsed before the fields: its target tells the
    // protocol even when a field broke the header.
    const HttpRequest* header =
        parser_ && !parser_->get().target().empty() ? &parser_->get() : nullptr;
    HttpResponse response = server_->handler->Reject(status, message, header);
    response.version(11);
    response.keep_alive(false);
    Write(std::move(response));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    HttpRequest request = parser_->release();
    parser_.reset();
    HttpResponse response = server_->handler->Handle(request);
    response.version(request.version() == 10 ? 10 : 11);
    response.keep_alive(request.keep_alive() && !closing_ && !server_->Stopping());
    Write(std::move(response));
  }

  void Write(HttpResponse&& response) {
    response.prepare_payload();
    auto shared = std::make_shared<HttpResponse>(std::move(response));
    stream_.expires_after(server_->options.idle_timeout);
    http::async_write(stream_, *shared,
                      [self = shared_from_this(), shared](beast::error_code ec, std::size_t) {
                        if (ec || !shared->keep_alive()) return self->Close();
                        self->ReadHeader();
                      });
  }

  void Close() {
    busy_ = false;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  HttpServer::Impl* server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool busy_ = false;     // between a request's header and the end of its answer
  bool closing_ = false;  // the server stops: close after this answer
};

}  // namespace

void HttpServer::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      return Accept();  // e.g. too many open files: keep serving the others
    }
    auto session = std::make_shared<Session>(std::move(socket), this);
    {
      std::lock_guard lock(mu);
      if (stopping) return;
      sessions.emplace(session.get(), session);
    }
    session->Start();
    Accept();
  });
}

void HttpServer::Impl::BeginStop() {
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(mu);
    if (stopping) return;
    stopping = true;
    for (auto& [ptr, weak] : sessions) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
  }
  asio::post(ioc, [this] {
    beast::error_code ignored;
    acceptor.close(ignored);
    if (signals) signals->cancel(ignored);
  });
  for (auto& s : open) s->Shutdown();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Listen(const HttpServerOptions& options,
                                                       HttpHandler* handler) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = handler;
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (ec) return Status::InvalidInput("--host " + options.host + ": not an IP address");
  tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Storage("cannot listen on " + options.host + ":" +
                           std::to_string(options.port) + ": " + ec.message());
  }
  impl->host = options.host;
  impl->port = impl->acceptor.local_endpoint().port();
  if (options.handle_signals) {
    impl->signals.emplace(impl->ioc, SIGINT, SIGTERM);
    impl->signals->async_wait([raw = impl.get()](beast::error_code wec, int) {
      if (!wec) raw->BeginStop();
    });
  }
  impl->Accept();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

const std::string& HttpServer::host() const { return impl_->host; }
uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::Run() {
  int threads = impl_->options.threads;
  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : pool) t.join();
}

void HttpServer::Stop() { impl_->BeginStop(); }

size_t HttpServer::OpenConnections() const {
  std::lock_guard lock(impl_->mu);
  return impl_->sessions.size();
}

}  // namespace headlock::serve
