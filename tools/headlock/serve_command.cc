// `headlock serve`: DynamoDB's JSON 1.0 API and Apify's API v2 over HTTP on
// one port, on one database (tools/serve/). The first line on stderr is
// exactly "headlock serve: listening on http://HOST:PORT" (tests and scripts
// wait for it; with --port 0 it tells the port picked). SIGINT and SIGTERM
// stop it gracefully: no new connections, requests already read are
// answered, the database is closed, exit 0.
#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "command.h"
#include "headlock/ddb/database.h"
#include "json/apify_json.h"  // ParseIsoMillis
#include "serve/http_server.h"
#include "serve/serve_handler.h"

namespace headlock::cli {
namespace {

struct ServeOptions {
  std::optional<std::string> db_dir;
  bool memory = false;
  std::string host = "127.0.0.1";
  int port = 8000;
  int threads = 0;
  std::optional<std::string> token;
  bool sync = false;
  std::string clock = "real";
  std::optional<std::string> start;
  std::optional<std::string> trace;
  std::string log_level = "warn";
};

constexpr std::string_view kDefaultDbDir = "./headlock-data";
constexpr std::string_view kMemoryDbName = "headlock-serve";

int RunServe(const ServeOptions& opts) {
  std::unique_ptr<ManualClock> clock;
  if (opts.clock == "manual") {
    if (!opts.start) {
      fmt::print(stderr, "serve: --clock manual needs --start <time>, e.g. 2026-11-02T00:00:00Z\n");
      return 2;
    }
    std::optional<int64_t> start = json::ParseIsoMillis(*opts.start);
    if (!start) {
      fmt::print(stderr, "serve: --start {}: not a UTC time like 2026-11-02T00:00:00Z\n",
                 *opts.start);
      return 2;
    }
    clock = std::make_unique<ManualClock>(*start);
  } else if (opts.start) {
    fmt::print(stderr, "serve: --start needs --clock manual\n");
    return 2;
  }
  if (opts.port < 0 || opts.port > 65535) {
    fmt::print(stderr, "serve: --port {}: not a port (0 picks a free one)\n", opts.port);
    return 2;
  }
  std::FILE* trace = nullptr;
  if (opts.trace) {
    trace = std::fopen(opts.trace->c_str(), "ab");
    if (trace == nullptr) {
      fmt::print(stderr, "serve: cannot open the trace file {}\n", *opts.trace);
      return 1;
    }
  }
  serve::CallLog log(trace, opts.log_level == "info");

  Options options;
  options.in_memory = opts.memory;
  options.sync = opts.sync;
  options.clock = clock.get();  // null: the system clock
  std::string path = opts.memory ? std::string(kMemoryDbName)
                                 : opts.db_dir.value_or(std::string(kDefaultDbDir));
  std::unique_ptr<Database> db;
  Status s = Database::Open(options, path, &db);
  if (!s.ok()) {
    fmt::print(stderr, "serve: cannot open database {}: {}\n", path, s.ToString());
    return 1;
  }
  {
    // The handler (and the queue and store services it holds) must go
    // before the database does.
    serve::ServeConfig config;
    config.token = opts.token;
    config.manual_clock = clock.get();
    serve::ServeHandler handler(db.get(), config, &log);

    serve::HttpServerOptions http;
    http.host = opts.host;
    http.port = static_cast<uint16_t>(opts.port);
    http.threads = opts.threads;
    http.handle_signals = true;
    Result<std::unique_ptr<serve::HttpServer>> server = serve::HttpServer::Listen(http, &handler);
    if (!server.ok()) {
      fmt::print(stderr, "serve: {}\n", server.status().message());
      return 1;
    }
    std::string host =
        opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host;
    fmt::print(stderr, "headlock serve: listening on http://{}:{}\n", host, (*server)->port());
    std::fflush(stderr);
    (*server)->Run();
  }
  db->WaitForBackgroundWork();
  db.reset();
  if (opts.log_level != "error") fmt::print(stderr, "headlock serve: stopped\n");
  return 0;
}

}  // namespace

RunFunction SetupServe(CLI::App* app) {
  auto opts = std::make_shared<ServeOptions>();
  auto* db = app->add_option("--db", opts->db_dir,
                             "Database directory (created if missing). Default: ./headlock-data");
  auto* memory = app->add_flag("--memory", opts->memory,
                               "Use a fresh in-memory database, gone when the server stops");
  db->excludes(memory);
  app->add_option("--host", opts->host,
                  "Address to listen on; anything but loopback must be asked for. "
                  "Default: 127.0.0.1");
  app->add_option("--port", opts->port, "Port (0 picks a free one). Default: 8000");
  app->add_option("--threads", opts->threads, "Threads serving requests. Default: one per core");
  app->add_option("--token", opts->token,
                  "Apify API calls must carry this token (?token= or Authorization: Bearer), "
                  "else 401");
  app->add_flag("--sync", opts->sync,
                "fsync every write before answering (survives a machine crash, slower)");
  app->add_option("--clock", opts->clock,
                  "real (the system clock) or manual (moves only on "
                  "POST /headlock/clock/advance?millis=N)")
      ->check(CLI::IsMember({"real", "manual"}));
  app->add_option("--start", opts->start,
                  "With --clock manual: the starting time, UTC, e.g. 2026-11-02T00:00:00Z");
  app->add_option("--trace", opts->trace,
                  "Append one JSON line per API call to FILE (time, protocol, operation, table "
                  "or queue, clientKey, status, read and write units, latency)");
  app->add_option("--log-level", opts->log_level,
                  "error, warn, or info (info: one JSON access-log line per request on stderr). "
                  "Default: warn")
      ->check(CLI::IsMember({"error", "warn", "info"}));
  app->footer(
      "DynamoDB: POST / with X-Amz-Target: DynamoDB_20120810.<Operation> (point the AWS CLI or "
      "an SDK at --endpoint-url http://HOST:PORT; any region and credentials). Apify API v2 under "
      "/v2 (apify-client's baseUrl: http://HOST:PORT). GET /health answers {\"status\":\"ok\"}.");
  return [opts] { return RunServe(*opts); };
}

}  // namespace headlock::cli
