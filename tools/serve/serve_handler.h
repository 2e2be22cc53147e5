// What `headlock serve` answers on its one port: DynamoDB's JSON 1.0 API
// (POST / with X-Amz-Target), Apify's API v2 (/v2/...), and GET /health.
// Every API call can be written to a trace (one JSON line) and to the
// access log.
//
// Thread safety: Handle and Reject may be called from many threads at once.
#pragma once

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "headlock/clock.h"
#include "headlock/ddb/database.h"
#include "json/apify_dispatch.h"
#include "serve/http_server.h"

namespace headlock::serve {

class DatasetStore;

// One API call as the trace and the access log record it.
struct CallRecord {
  std::string protocol;   // "dynamodb", "apify" or "http"
  std::string operation;  // e.g. "PutItem", "listAndLockHead", "health"
  std::string resource;   // table name, queue / store / dataset id or name; may be empty
  std::string client_key; // Apify's clientKey; may be empty
  int status = 0;
  // Units the call's DynamoDB operations consumed (for an Apify call, all
  // the operations the queue or store service ran for it).
  std::optional<double> read_units;
  std::optional<double> write_units;
};

// Where call records go: a trace file and/or stderr (the access log).
class CallLog {
 public:
  // `trace` (may be null) is owned and closed by this object.
  CallLog(std::FILE* trace, bool access_log) : trace_(trace), access_log_(access_log) {}
  ~CallLog();
  bool enabled() const { return trace_ != nullptr || access_log_; }
  // Writes one JSON line: {"time","protocol","operation","table"|"queue"|
  // "store"|"dataset","clientKey","status","readUnits","writeUnits","latencyMs"}.
  void Write(const CallRecord& record, int64_t time_ms, double latency_ms);

 private:
  std::mutex mu_;
  std::FILE* trace_;
  bool access_log_;
};

struct ServeConfig {
  // With a token, Apify calls must carry it (?token= or Authorization:
  // Bearer) or get 401. DynamoDB calls are not checked.
  std::optional<std::string> token;
  // With --clock manual: the clock that POST /headlock/clock/advance?millis=N
  // moves (answered {"now":"<ISO time>"}). Null: that endpoint is 404.
  ManualClock* manual_clock = nullptr;
  // Largest body after Content-Encoding is undone; more is 413.
  size_t max_decoded_body_bytes = 16 * 1024 * 1024;
};

class ServeHandler : public HttpHandler {
 public:
  // `db` and `log` (may be null) must outlive the handler.
  ServeHandler(Database* db, ServeConfig config, CallLog* log);
  ~ServeHandler() override;

  HttpResponse Handle(HttpRequest& request) override;
  HttpResponse Reject(int status, std::string_view message, const HttpRequest* header) override;

 private:
  HttpResponse Route(HttpRequest& request, CallRecord* record);
  HttpResponse Admin(const HttpRequest& request, CallRecord* record);
  void DrainCapacityLog();

  Database* db_;
  ServeConfig config_;
  CallLog* log_;
  json::ApifyServices apify_;
  std::unique_ptr<DatasetStore> datasets_;
  std::atomic<int64_t> last_drain_minute_{0};
};

}  // namespace headlock::serve
