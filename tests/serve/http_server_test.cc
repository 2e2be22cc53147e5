// The HTTP layer of `headlock serve` over a loopback socket, with Beast as
// the client: framing (keep-alive, pipelining, 100-continue), limits (413,
// 431, idle timeout), malformed requests, graceful stop, and both
// protocols' answers (headers, error shapes, compression, token).
#include <brotli/encode.h>
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <unistd.h>

#include <cstdio>
#include <latch>
#include <memory>
#include <string>
#include <thread>

#include "headlock/ddb/database.h"
#include "serve/body_codec.h"
#include "serve/http_server.h"
#include "serve/serve_handler.h"

namespace headlock::serve {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A server on a free loopback port, run on its own thread.
class TestServer {
 public:
  TestServer(HttpHandler* handler, HttpServerOptions options = {}) {
    options.port = 0;
    options.threads = 2;
    auto server = HttpServer::Listen(options, handler);
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~TestServer() { StopAndJoin(); }
  void StopAndJoin() {
    if (!thread_.joinable()) return;
    server_->Stop();
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }
  HttpServer& server() { return *server_; }

 private:
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

// One client connection.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void SendRaw(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
  void Send(HttpRequest request) {
    request.prepare_payload();
    http::write(socket_, request);
  }
  // Reads one response; the error when there is none (e.g. end of stream).
  HttpResponse Read(beast::error_code* error = nullptr) {
    HttpResponse response;
    beast::error_code ec;
    http::read(socket_, buffer_, response, ec);
    if (error) *error = ec;
    EXPECT_TRUE(error != nullptr || !ec) << ec.message();
    return response;
  }
  HttpResponse RoundTrip(HttpRequest request) {
    Send(std::move(request));
    return Read();
  }
  // Whether the server closed the connection (reads until end of stream).
  bool ServerClosed() {
    char byte;
    beast::error_code ec;
    socket_.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

HttpRequest DynamoDbRequest(const std::string& operation, const std::string& body,
                            const std::string& content_type = "application/x-amz-json-1.0") {
  HttpRequest request{http::verb::post, "/", 11};
  request.set(http::field::host, "localhost");
  request.set("X-Amz-Target", "DynamoDB_20120810." + operation);
  request.set(http::field::content_type, content_type);
  request.set(http::field::authorization,
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261208/us-east-1/dynamodb/aws4_request, "
              "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc");
  request.body() = body;
  return request;
}

HttpRequest ApifyRequest(http::verb verb, const std::string& target, const std::string& body = "") {
  HttpRequest request{verb, target, 11};
  request.set(http::field::host, "localhost");
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.body() = body;
  return request;
}

const char* kCreateTable =
    R"({"TableName":"tbl","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
    R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})";

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(ServeConfig{}); }
  void Open(ServeConfig config, HttpServerOptions options = {}, CallLog* log = nullptr) {
    server_.reset();
    handler_.reset();
    db_.reset();
    Options db_options;
    db_options.in_memory = true;
    ASSERT_TRUE(Database::Open(db_options, "serve-test", &db_).ok());
    handler_ = std::make_unique<ServeHandler>(db_.get(), std::move(config), log);
    server_ = std::make_unique<TestServer>(handler_.get(), options);
  }
  void TearDown() override {
    server_.reset();
    handler_.reset();
    db_.reset();
  }
  uint16_t port() const { return server_->port(); }

  std::unique_ptr<Database> db_;
  std::unique_ptr<ServeHandler> handler_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(ServeTest, Health) {
  Client client(port());
  HttpResponse r = client.RoundTrip(ApifyRequest(http::verb::get, "/health"));
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body(), R"({"status":"ok"})");
}

TEST_F(ServeTest, DynamoDbAnswersWithItsHeadersOnOneKeptAliveConnection) {
  Client client(port());
  HttpResponse created = client.RoundTrip(DynamoDbRequest("CreateTable", kCreateTable));
  EXPECT_EQ(created.result_int(), 200) << created.body();
  EXPECT_NE(created.body().find(R"("TableStatus":"ACTIVE")"), std::string::npos);
  EXPECT_EQ(created[http::field::content_type], "application/x-amz-json-1.0");
  EXPECT_EQ(created["x-amzn-RequestId"].size(), 52u);
  EXPECT_EQ(created["x-amz-crc32"], std::to_string(Crc32(created.body())));
  EXPECT_TRUE(created.keep_alive());

  HttpResponse put = client.RoundTrip(DynamoDbRequest(
      "PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"a"},"n":{"N":"1"}}})",
      "application/x-amz-json-1.1"));
  EXPECT_EQ(put.result_int(), 200);
  EXPECT_EQ(put.body(), "{}");
  EXPECT_EQ(put[http::field::content_type], "application/x-amz-json-1.1");

  HttpResponse get =
      client.RoundTrip(DynamoDbRequest("GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a"}}})"));
  EXPECT_EQ(get.body(), R"({"Item":{"n":{"N":"1"},"pk":{"S":"a"}}})");
}

TEST_F(ServeTest, DynamoDbErrorsHaveItsTypesAndStatus) {
  Client client(port());
  HttpResponse unknown = client.RoundTrip(DynamoDbRequest("Frobnicate", "{}"));
  EXPECT_EQ(unknown.result_int(), 400);
  EXPECT_EQ(unknown.body(), R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");

  HttpResponse malformed = client.RoundTrip(DynamoDbRequest("PutItem", "{not json"));
  EXPECT_EQ(malformed.result_int(), 400);
  EXPECT_NE(malformed.body().find("com.amazon.coral.service#SerializationException"),
            std::string::npos);

  HttpResponse missing =
      client.RoundTrip(DynamoDbRequest("GetItem", R"({"TableName":"nope","Key":{"pk":{"S":"a"}}})"));
  EXPECT_EQ(missing.result_int(), 400);
  EXPECT_NE(missing.body().find("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"),
            std::string::npos);

  HttpResponse invalid = client.RoundTrip(DynamoDbRequest("GetItem", R"({"TableName":"tbl"})"));
  EXPECT_EQ(invalid.result_int(), 400);
  EXPECT_NE(invalid.body().find("com.amazon.coral.validate#ValidationException"), std::string::npos)
      << invalid.body();
  // The connection survives every error.
  EXPECT_EQ(client.RoundTrip(ApifyRequest(http::verb::get, "/health")).result_int(), 200);
}

TEST_F(ServeTest, PipelinedRequestsAreAnsweredInOrder) {
  Client client(port());
  std::string both;
  for (const char* target : {"/health", "/v2/request-queues/nope"}) {
    both += std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }
  client.SendRaw(both);
  EXPECT_EQ(client.Read().result_int(), 200);
  HttpResponse second = client.Read();
  EXPECT_EQ(second.result_int(), 404);
  EXPECT_NE(second.body().find(R"("type":"record-not-found")"), std::string::npos);
}

TEST_F(ServeTest, ExpectContinueGetsAContinue) {
  Client client(port());
  std::string body = R"({"TableName":"x"})";
  client.SendRaw("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.DescribeTable\r\n"
                 "Content-Type: application/x-amz-json-1.0\r\nExpect: 100-continue\r\n"
                 "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n");
  HttpResponse cont = client.Read();
  EXPECT_EQ(cont.result_int(), 100);
  client.SendRaw(body);
  HttpResponse r = client.Read();
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_NE(r.body().find("ResourceNotFoundException"), std::string::npos);
}

TEST_F(ServeTest, MalformedRequestIsAnsweredAndTheServerGoesOn) {
  {
    Client client(port());
    client.SendRaw("GARBAGE\r\n\r\n");
    beast::error_code ec;
    HttpResponse r = client.Read(&ec);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_NE(r.body().find("SerializationException"), std::string::npos);
    EXPECT_TRUE(client.ServerClosed());
  }
  {
    Client client(port());
    client.SendRaw("GET /v2/request-queues HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n");
    HttpResponse r = client.Read();
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_NE(r.body().find(R"("type":"invalid-input")"), std::string::npos) << r.body();
  }
  Client again(port());
  EXPECT_EQ(again.RoundTrip(ApifyRequest(http::verb::get, "/health")).result_int(), 200);
}

TEST_F(ServeTest, BodyAndHeaderLimits) {
  HttpServerOptions options;
  options.max_body_bytes = 1000;
  options.max_header_bytes = 2048;
  Open(ServeConfig{}, options);
  {
    // Refused from Content-Length alone, before the body is sent.
    Client client(port());
    client.SendRaw("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\n"
                   "Content-Length: 5000\r\n\r\n");
    HttpResponse r = client.Read();
    EXPECT_EQ(r.result_int(), 413);
    EXPECT_NE(r.body().find("com.amazon.coral.validate#ValidationException"), std::string::npos);
    EXPECT_FALSE(r.keep_alive());
  }
  {
    Client client(port());
    client.SendRaw("PUT /v2/key-value-stores/s/records/k HTTP/1.1\r\nHost: x\r\n"
                   "Content-Length: 5000\r\n\r\n");
    HttpResponse r = client.Read();
    EXPECT_EQ(r.result_int(), 413);
    EXPECT_NE(r.body().find(R"("type":"request-too-large")"), std::string::npos);
  }
  {
    Client client(port());
    client.SendRaw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') +
                   "\r\n\r\n");
    HttpResponse r = client.Read();
    EXPECT_EQ(r.result_int(), 431);
  }
  Client ok(port());
  EXPECT_EQ(ok.RoundTrip(ApifyRequest(http::verb::get, "/health")).result_int(), 200);
}

TEST_F(ServeTest, IdleConnectionIsClosed) {
  HttpServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(100);
  Open(ServeConfig{}, options);
  Client client(port());
  EXPECT_EQ(client.RoundTrip(ApifyRequest(http::verb::get, "/health")).result_int(), 200);
  // A blocking read that the server's idle timeout ends.
  EXPECT_TRUE(client.ServerClosed());
  // A client that never finishes its request is cut off too.
  Client slow(port());
  slow.SendRaw("GET /health HTTP/1.1\r\nHo");
  EXPECT_TRUE(slow.ServerClosed());
}

// A handler that holds its one request until released.
class BlockingHandler : public HttpHandler {
 public:
  HttpResponse Handle(HttpRequest& request) override {
    entered.count_down();
    release.wait();
    HttpResponse r{http::status::ok, request.version()};
    r.body() = "done";
    return r;
  }
  HttpResponse Reject(int status, std::string_view, const HttpRequest*) override {
    return HttpResponse{static_cast<http::status>(status), 11};
  }
  std::latch entered{1};
  std::latch release{1};
};

TEST(HttpServerStop, FinishesRequestsInFlightAndClosesIdleConnections) {
  BlockingHandler handler;
  TestServer server(&handler);
  Client idle(server.port());
  Client busy(server.port());
  busy.Send(ApifyRequest(http::verb::get, "/slow"));
  handler.entered.wait();
  server.server().Stop();
  EXPECT_TRUE(idle.ServerClosed());
  handler.release.count_down();
  HttpResponse r = busy.Read();
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body(), "done");
  EXPECT_FALSE(r.keep_alive());
  server.StopAndJoin();  // Run() returned: every connection is gone
  EXPECT_EQ(server.server().OpenConnections(), 0u);
  // No new connections.
  asio::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()), ec);
  EXPECT_TRUE(ec);
}

std::string Brotli(const std::string& text) {
  size_t size = BrotliEncoderMaxCompressedSize(text.size());
  std::string out(size, '\0');
  EXPECT_TRUE(BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW,
                                    BROTLI_DEFAULT_MODE, text.size(),
                                    reinterpret_cast<const uint8_t*>(text.data()), &size,
                                    reinterpret_cast<uint8_t*>(out.data())));
  out.resize(size);
  return out;
}

TEST_F(ServeTest, ApifyQueueRecordsAndDatasetOverHttp) {
  Client c(port());
  HttpResponse created = c.RoundTrip(ApifyRequest(http::verb::post, "/v2/request-queues?name=q"));
  EXPECT_EQ(created.result_int(), 201) << created.body();
  EXPECT_EQ(created.body().rfind(R"({"data":{"id":")", 0), 0u) << created.body();
  EXPECT_EQ(c.RoundTrip(ApifyRequest(http::verb::post, "/v2/request-queues?name=q")).result_int(),
            200);

  HttpRequest add = ApifyRequest(http::verb::post, "/v2/request-queues/q/requests/batch?clientKey=a",
                                 R"([{"url":"http://a.com/1","uniqueKey":"1"},{"url":"http://a.com/2","uniqueKey":"2"}])");
  add.set(http::field::content_encoding, "br");
  add.body() = Brotli(add.body());
  HttpResponse added = c.RoundTrip(add);
  EXPECT_EQ(added.result_int(), 201) << added.body();
  EXPECT_NE(added.body().find(R"("unprocessedRequests":[])"), std::string::npos) << added.body();

  HttpResponse locked = c.RoundTrip(
      ApifyRequest(http::verb::post, "/v2/request-queues/q/head/lock?lockSecs=60&limit=1&clientKey=a"));
  EXPECT_EQ(locked.result_int(), 201) << locked.body();
  EXPECT_NE(locked.body().find(R"("queueHasLockedRequests":true)"), std::string::npos);
  HttpResponse other = c.RoundTrip(
      ApifyRequest(http::verb::get, "/v2/request-queues/q/head?limit=10&clientKey=b"));
  EXPECT_NE(other.body().find(R"("uniqueKey":"2")"), std::string::npos) << other.body();
  EXPECT_EQ(other.body().find(R"("uniqueKey":"1")"), std::string::npos) << other.body();

  HttpResponse bad = c.RoundTrip(
      ApifyRequest(http::verb::post, "/v2/request-queues/q/head/lock?lockSecs=x&clientKey=a"));
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_NE(bad.body().find(R"({"error":{"type":"invalid-input")"), std::string::npos);

  // A record: raw bytes in, the same bytes and content type out.
  HttpRequest put = ApifyRequest(http::verb::put, "/v2/key-value-stores/s/records/K");
  EXPECT_EQ(c.RoundTrip(ApifyRequest(http::verb::post, "/v2/key-value-stores?name=s")).result_int(),
            201);
  put.set(http::field::content_type, "text/plain; charset=utf-8");
  put.body() = std::string(3000, 'x');
  std::string gz = GzipEncode(put.body());
  put.body() = gz;
  put.set(http::field::content_encoding, "gzip");
  EXPECT_EQ(c.RoundTrip(put).result_int(), 201);
  HttpRequest get = ApifyRequest(http::verb::get, "/v2/key-value-stores/s/records/K?attachment=true");
  HttpResponse record = c.RoundTrip(get);
  EXPECT_EQ(record.result_int(), 200);
  EXPECT_EQ(record.body(), std::string(3000, 'x'));
  EXPECT_EQ(record[http::field::content_type], "text/plain; charset=utf-8");
  get.set(http::field::accept_encoding, "gzip, deflate, br");
  HttpResponse zipped = c.RoundTrip(get);
  EXPECT_EQ(zipped[http::field::content_encoding], "gzip");
  auto unzipped = DecodeBody("gzip", zipped.body(), 1 << 20);
  ASSERT_TRUE(unzipped.ok());
  EXPECT_EQ(*unzipped, std::string(3000, 'x'));
  EXPECT_EQ(c.RoundTrip(ApifyRequest(http::verb::head, "/v2/key-value-stores/s/records/nope"))
                .result_int(),
            404);

  // A dataset.
  HttpResponse ds = c.RoundTrip(ApifyRequest(http::verb::post, "/v2/datasets?name=d"));
  EXPECT_EQ(ds.result_int(), 201);
  EXPECT_EQ(c.RoundTrip(ApifyRequest(http::verb::post, "/v2/datasets/d/items",
                                     R"([{"a":1,"#x":2},{"a":2}])"))
                .result_int(),
            201);
  HttpResponse items =
      c.RoundTrip(ApifyRequest(http::verb::get, "/v2/datasets/d/items?desc=1&clean=1&limit=5"));
  EXPECT_EQ(items.body(), R"([{"a":2},{"a":1}])");
  EXPECT_EQ(items["x-apify-pagination-total"], "2");

  // Apify's payload limit, 9,437,184 bytes, below the HTTP layer's.
  HttpResponse big = c.RoundTrip(ApifyRequest(http::verb::post, "/v2/datasets/d/items",
                                              "[\"" + std::string(9'437'184, 'x') + "\"]"));
  EXPECT_EQ(big.result_int(), 413);
  EXPECT_NE(big.body().find(R"("type":"request-too-large")"), std::string::npos);
}

TEST_F(ServeTest, TokenIsRequiredForApifyOnlyWhenSet) {
  ServeConfig config;
  config.token = "secret";
  Open(config);
  Client c(port());
  HttpResponse none = c.RoundTrip(ApifyRequest(http::verb::get, "/v2/request-queues"));
  EXPECT_EQ(none.result_int(), 401);
  EXPECT_NE(none.body().find(R"("type":"token-not-provided")"), std::string::npos);
  HttpResponse wrong = c.RoundTrip(ApifyRequest(http::verb::get, "/v2/request-queues?token=no"));
  EXPECT_EQ(wrong.result_int(), 401);
  EXPECT_EQ(c.RoundTrip(ApifyRequest(http::verb::get, "/v2/request-queues?token=secret"))
                .result_int(),
            200);
  HttpRequest bearer = ApifyRequest(http::verb::get, "/v2/request-queues");
  bearer.set(http::field::authorization, "Bearer secret");
  EXPECT_EQ(c.RoundTrip(bearer).result_int(), 200);
  // DynamoDB calls are not Apify's to refuse.
  EXPECT_EQ(c.RoundTrip(DynamoDbRequest("ListTables", "{}")).result_int(), 200);
}

TEST_F(ServeTest, TraceHasOneLinePerCallWithUnits) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  int fd = dup(fileno(file));  // read back after the log closes its FILE
  auto log = std::make_unique<CallLog>(file, false);
  Open(ServeConfig{}, {}, log.get());
  Client c(port());
  EXPECT_EQ(c.RoundTrip(DynamoDbRequest("CreateTable", kCreateTable)).result_int(), 200);
  EXPECT_EQ(c.RoundTrip(DynamoDbRequest("PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"a"}}})"))
                .result_int(),
            200);
  EXPECT_EQ(c.RoundTrip(DynamoDbRequest("GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a"}}})"))
                .body(),
            R"({"Item":{"pk":{"S":"a"}}})")
      << "the trace does not change the answer";
  EXPECT_EQ(c.RoundTrip(ApifyRequest(http::verb::post, "/v2/request-queues?name=tq")).result_int(), 201);
  EXPECT_EQ(c.RoundTrip(ApifyRequest(http::verb::post, "/v2/request-queues/tq/requests?clientKey=k1",
                                     R"({"url":"http://a.com","uniqueKey":"a"})"))
                .result_int(),
            201);
  server_.reset();
  handler_.reset();
  log.reset();
  std::string text;
  char buffer[4096];
  lseek(fd, 0, SEEK_SET);
  for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) text.append(buffer, n);
  close(fd);
  std::vector<std::string> lines;
  for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  ASSERT_EQ(lines.size(), 5u) << text;
  EXPECT_NE(lines[1].find(R"("protocol":"dynamodb","operation":"PutItem","table":"tbl","status":200,"readUnits":0.0,"writeUnits":1.0,"latencyMs":)"),
            std::string::npos)
      << lines[1];
  EXPECT_NE(lines[2].find(R"("operation":"GetItem","table":"tbl","status":200,"readUnits":0.5,"writeUnits":0.0)"),
            std::string::npos)
      << lines[2];
  EXPECT_EQ(lines[4].rfind(R"({"time":")", 0), 0u);
  EXPECT_NE(lines[4].find(R"("protocol":"apify","operation":"addRequest","queue":"tq","clientKey":"k1","status":201,"readUnits":)"),
            std::string::npos)
      << lines[4];
  EXPECT_EQ(lines[4].find(R"("writeUnits":0.0)"), std::string::npos) << "an add writes";
}

TEST(BodyCodec, DecodesAndRefusesBombs) {
  std::string text(100000, 'a');
  auto gz = DecodeBody("gzip", GzipEncode(text), 1 << 20);
  ASSERT_TRUE(gz.ok());
  EXPECT_EQ(*gz, text);
  auto br = DecodeBody("BR", Brotli(text), 1 << 20);
  ASSERT_TRUE(br.ok());
  EXPECT_EQ(*br, text);
  auto bomb = DecodeBody("gzip", GzipEncode(text), 1000);
  EXPECT_EQ(bomb.status().code(), Status::Code::kRequestTooLarge);
  EXPECT_EQ(DecodeBody("gzip", "not gzip", 1000).status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(DecodeBody("zstd", "x", 1000).status().code(), Status::Code::kInvalidInput);
  EXPECT_TRUE(AcceptsGzip("gzip, compress, deflate, br"));
  EXPECT_FALSE(AcceptsGzip("br, gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
}

}  // namespace
}  // namespace headlock::serve
