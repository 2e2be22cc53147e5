#include "serve/ddb_handler.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>

#include "json/attribute_json.h"
#include "json/ddb_dispatch.h"
#include "json/error_json.h"
#include "serve/body_codec.h"

namespace headlock::serve {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kJson10 = "application/x-amz-json-1.0";
constexpr std::string_view kJson11 = "application/x-amz-json-1.1";

// A request id shaped like DynamoDB's: 52 upper-case letters and digits.
std::string NewRequestId() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 rng(std::random_device{}() ^
                                   static_cast<uint64_t>(std::chrono::steady_clock::now()
                                                             .time_since_epoch()
                                                             .count()));
  std::string id(52, 'A');
  for (char& c : id) c = kChars[rng() % (sizeof(kChars) - 1)];
  return id;
}

HttpResponse Answer(int status, std::string body, std::string_view content_type,
                    unsigned version) {
  HttpResponse response{static_cast<http::status>(status), version};
  response.set(http::field::content_type, ToBeast(content_type));
  response.set("x-amzn-RequestId", NewRequestId());
  response.set("x-amz-crc32", std::to_string(Crc32(body)));
  response.body() = std::move(body);
  return response;
}

// The table a request names: TableName, else the first of RequestItems,
// else the first transact item's.
std::string TableOf(const rapidjson::Value& body) {
  if (!body.IsObject()) return "";
  auto it = body.FindMember("TableName");
  if (it != body.MemberEnd() && it->value.IsString()) return std::string(json::ToView(it->value));
  it = body.FindMember("RequestItems");
  if (it != body.MemberEnd() && it->value.IsObject() && it->value.MemberCount() > 0) {
    return std::string(json::ToView(it->value.MemberBegin()->name));
  }
  it = body.FindMember("TransactItems");
  if (it != body.MemberEnd() && it->value.IsArray() && !it->value.Empty()) {
    const auto& first = it->value[0];
    if (first.IsObject() && first.MemberCount() > 0 && first.MemberBegin()->value.IsObject()) {
      return TableOf(first.MemberBegin()->value);
    }
  }
  return "";
}

}  // namespace

HttpResponse DynamoDbError(const Status& status, unsigned version) {
  return Answer(json::ErrorHttpStatus(status), json::ErrorToJsonString(status), kJson10, version);
}

HttpResponse HandleDynamoDb(Database& db, const HttpRequest& request, std::string_view body,
                            CallRecord* record) {
  record->protocol = "dynamodb";
  std::string_view content_type = ToStd(request[http::field::content_type]);
  std::string_view answer_type = content_type.substr(0, kJson11.size()) == kJson11 ? kJson11 : kJson10;
  std::string_view target = ToStd(request["X-Amz-Target"]);
  if (target.substr(0, kTargetPrefix.size()) != kTargetPrefix) {
    record->operation = std::string(target);
    json::DdbReply reply = json::UnknownOperationReply();
    return Answer(reply.http_status, std::move(reply.body), answer_type, request.version());
  }
  std::string_view operation = target.substr(kTargetPrefix.size());
  record->operation = std::string(operation);

  rapidjson::Document doc;
  Status parsed = json::ParseJson(body, &doc);
  if (!parsed.ok()) {
    json::DdbReply reply = json::ErrorReply(parsed);
    return Answer(reply.http_status, std::move(reply.body), answer_type, request.version());
  }
  record->resource = TableOf(doc);
  json::DdbReply reply = json::HandleRequest(db, operation, doc);
  return Answer(reply.http_status, std::move(reply.body), answer_type, request.version());
}

}  // namespace headlock::serve
