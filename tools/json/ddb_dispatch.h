// DynamoDB's JSON 1.0 API on a Database: operation name + request body in,
// response body (or error body) out. One table maps each operation name
// (the part of X-Amz-Target after "DynamoDB_20120810.") to its handler, as
// in Alternator, so `headlock exec` and the HTTP server share it.
//
// Thread safety: HandleRequest may be called from many threads at once (the
// Database is thread safe; the handlers keep no state).
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

#include "headlock/ddb/database.h"

namespace headlock::json {

struct DdbReply {
  // 200 on success; otherwise the HTTP status DynamoDB answers the error
  // with (400, or 500 for InternalServerError).
  int http_status = 200;
  // The response body, or the error body {"__type":...,"message":...} with
  // DynamoDB's extra members (Item, CancellationReasons). Compact JSON.
  std::string body;
  bool ok() const { return http_status == 200; }
};

// Runs one request. `body` must be the whole request body (a JSON object).
// An unknown `operation` gives UnknownOperationException; malformed JSON a
// SerializationException.
DdbReply HandleRequest(Database& db, std::string_view operation, std::string_view body_json);
// The same for a body already parsed (e.g. part of a larger document).
DdbReply HandleRequest(Database& db, std::string_view operation, const rapidjson::Value& body);

// The operations HandleRequest knows, in the order of the handler table.
std::vector<std::string_view> SupportedOperations();

// The error body for an operation name that is not in the table:
// {"__type":"com.amazon.coral.service#UnknownOperationException"} (the
// service sends no message; see reference/dynamodb.md §9).
DdbReply UnknownOperationReply();

// The reply for a failed Status with no extra members.
DdbReply ErrorReply(const Status& status);

}  // namespace headlock::json
