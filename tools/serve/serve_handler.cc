#include "serve/serve_handler.h"

#include <charconv>
#include <chrono>
#include <cmath>

#include "headlock/capacity/capacity_log.h"
#include "json/apify_json.h"
#include "json/attribute_json.h"
#include "serve/apify_router.h"
#include "serve/body_codec.h"
#include "serve/dataset_store.h"
#include "serve/ddb_handler.h"

namespace headlock::serve {
namespace {

namespace http = boost::beast::http;

bool IsApifyTarget(std::string_view target) {
  return target == "/v2" || target.substr(0, 4) == "/v2/" || target.substr(0, 4) == "/v2?";
}

void AddString(rapidjson::Value& obj, const char* name, std::string_view value,
               rapidjson::Document::AllocatorType& alloc) {
  obj.AddMember(rapidjson::StringRef(name),
                rapidjson::Value(value.data(), static_cast<rapidjson::SizeType>(value.size()), alloc),
                alloc);
}

}  // namespace

CallLog::~CallLog() {
  if (trace_ != nullptr) std::fclose(trace_);
}

void CallLog::Write(const CallRecord& r, int64_t time_ms, double latency_ms) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  AddString(doc, "time", json::FormatIsoMillis(time_ms), alloc);
  AddString(doc, "protocol", r.protocol, alloc);
  AddString(doc, "operation", r.operation, alloc);
  if (!r.resource.empty()) {
    const char* what = "table";
    if (r.protocol == "apify") {
      what = r.operation.find("Record") != std::string::npos ||
                     r.operation.find("Store") != std::string::npos ||
                     r.operation == "listKeys"
                 ? "store"
             : r.operation.find("ataset") != std::string::npos ||
                     r.operation.find("Items") != std::string::npos
                 ? "dataset"
                 : "queue";
    }
    AddString(doc, what, r.resource, alloc);
  }
  if (!r.client_key.empty()) AddString(doc, "clientKey", r.client_key, alloc);
  doc.AddMember("status", r.status, alloc);
  if (r.read_units || r.write_units) {
    doc.AddMember("readUnits", r.read_units.value_or(0), alloc);
    doc.AddMember("writeUnits", r.write_units.value_or(0), alloc);
  }
  doc.AddMember("latencyMs", std::round(latency_ms * 1000) / 1000, alloc);
  std::string line = json::JsonToString(doc);
  line += '\n';
  std::lock_guard lock(mu_);
  if (trace_ != nullptr) {
    std::fwrite(line.data(), 1, line.size(), trace_);
    std::fflush(trace_);
  }
  if (access_log_) std::fwrite(line.data(), 1, line.size(), stderr);
}

ServeHandler::ServeHandler(Database* db, ServeConfig config, CallLog* log)
    : db_(db),
      config_(std::move(config)),
      log_(log),
      apify_(db),
      datasets_(std::make_unique<DatasetStore>(db)) {}

ServeHandler::~ServeHandler() = default;

// The engine's capacity log keeps a row per table per second; nothing in
// the server reads it, so once a minute everything older than a minute is
// dropped and a long-running server's memory stays bounded.
void ServeHandler::DrainCapacityLog() {
  int64_t minute = db_->clock().NowMillis() / 60'000;
  int64_t last = last_drain_minute_.load(std::memory_order_relaxed);
  if (minute <= last || !last_drain_minute_.compare_exchange_strong(last, minute)) return;
  (void)db_->mutable_capacity_log()->TakeRowsBefore((minute - 1) * 60);
}

HttpResponse ServeHandler::Handle(HttpRequest& request) {
  auto start = std::chrono::steady_clock::now();
  CallRecord record;
  ThreadUnitsScope units;  // what the call's DynamoDB operations consume
  HttpResponse response = Route(request, &record);
  DrainCapacityLog();
  if (log_ != nullptr && log_->enabled()) {
    record.status = response.result_int();
    if (record.protocol == "dynamodb" || record.protocol == "apify") {
      record.read_units = HalfUnitsToDouble(units.units().read);
      record.write_units = HalfUnitsToDouble(units.units().write);
    }
    double latency_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    log_->Write(record, db_->clock().NowMillis(), latency_ms);
  }
  return response;
}

// Headlock's own endpoints: POST /headlock/clock/advance?millis=N.
HttpResponse ServeHandler::Admin(const HttpRequest& request, CallRecord* record) {
  record->protocol = "http";
  record->operation = "advanceClock";
  std::string_view target = ToStd(request.target());
  constexpr std::string_view kAdvance = "/headlock/clock/advance?millis=";
  HttpResponse response{http::status::ok, request.version()};
  response.set(http::field::content_type, "application/json; charset=utf-8");
  int64_t millis = -1;
  if (target.substr(0, kAdvance.size()) == kAdvance) {
    std::string_view digits = target.substr(kAdvance.size());
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), millis);
    if (ec != std::errc() || end != digits.data() + digits.size()) millis = -1;
  }
  if (config_.manual_clock == nullptr || request.method() != http::verb::post || millis < 0) {
    response.result(http::status::not_found);
    response.body() =
        "{\"message\":\"POST /headlock/clock/advance?millis=N (N >= 0) with --clock manual\"}";
    return response;
  }
  config_.manual_clock->Advance(millis);
  response.body() = "{\"now\":\"" + json::FormatIsoMillis(config_.manual_clock->NowMillis()) + "\"}";
  return response;
}

HttpResponse ServeHandler::Route(HttpRequest& request, CallRecord* record) {
  std::string_view target = ToStd(request.target());
  bool apify = IsApifyTarget(target);
  if (!apify && request.method() == http::verb::get &&
      (target == "/health" || target.substr(0, 8) == "/health?")) {
    record->protocol = "http";
    record->operation = "health";
    HttpResponse response{http::status::ok, request.version()};
    response.set(http::field::content_type, "application/json; charset=utf-8");
    response.body() = "{\"status\":\"ok\"}";
    return response;
  }
  if (target.substr(0, 10) == "/headlock/") return Admin(request, record);
  std::string_view encoding = ToStd(request[http::field::content_encoding]);
  Result<std::string> body = DecodeBody(encoding, request.body(), config_.max_decoded_body_bytes);
  if (apify) {
    if (!body.ok()) {
      record->protocol = "apify";
      record->operation = "decodeBody";
      if (!IsKnownContentEncoding(encoding)) {
        return ApifyError(415, "unsupported-content-encoding", body.status().message(),
                          request.version());
      }
      return ApifyError(body.status().code() == Status::Code::kRequestTooLarge ? 413 : 400,
                        body.status().code() == Status::Code::kRequestTooLarge
                            ? "request-too-large"
                            : "invalid-input",
                        body.status().message(), request.version());
    }
    return HandleApify(apify_, *datasets_, request, *body, config_.token, record);
  }
  if (!body.ok()) {
    record->protocol = "dynamodb";
    record->operation = std::string(ToStd(request["X-Amz-Target"]));
    return DynamoDbError(json::SerializationError(body.status().message()), request.version());
  }
  if (request.method() == http::verb::get && (target == "/" || target.empty())) {
    // What DynamoDB answers to a health check on its endpoint.
    record->protocol = "dynamodb";
    record->operation = "ping";
    HttpResponse response{http::status::ok, request.version()};
    response.set(http::field::content_type, "text/plain");
    response.body() = "healthy: headlock";
    return response;
  }
  return HandleDynamoDb(*db_, request, *body, record);
}

HttpResponse ServeHandler::Reject(int status, std::string_view message, const HttpRequest* header) {
  CallRecord record;
  record.operation = "reject";
  HttpResponse response;
  if (header != nullptr && IsApifyTarget(ToStd(header->target()))) {
    record.protocol = "apify";
    std::string_view type = status == 413 ? "request-too-large" : "invalid-input";
    response = ApifyError(status, type, message);
  } else {
    record.protocol = "dynamodb";
    Status error = status == 400 ? json::SerializationError(std::string(message))
                                 : Status::Validation(std::string(message));
    response = DynamoDbError(error);
    response.result(status);
  }
  if (log_ != nullptr && log_->enabled()) {
    record.status = status;
    log_->Write(record, db_->clock().NowMillis(), 0);
  }
  return response;
}

}  // namespace headlock::serve
