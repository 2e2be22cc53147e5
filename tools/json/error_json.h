// DynamoDB's error body: {"__type":"<namespace>#<Name>","message":"..."}
// (reference/dynamodb.md §7.2, §9).
//
// Thread safety: pure functions.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "headlock/status.h"

namespace headlock::json {

// The `__type` of an error: "com.amazon.coral.validate#ValidationException",
// "com.amazon.coral.service#SerializationException", otherwise
// "com.amazonaws.dynamodb.v20120810#<Name>". REQUIRES: !status.ok().
std::string ErrorType(const Status& status);

// The HTTP status DynamoDB answers this error with: 500 for
// InternalServerError (and storage failures, reported as such), 400
// otherwise. REQUIRES: !status.ok().
int ErrorHttpStatus(const Status& status);

// The error body as a JSON object. SerializationException spells its
// message member "Message", as the real service does; all others "message".
// REQUIRES: !status.ok().
rapidjson::Value ErrorToJson(const Status& status, rapidjson::Document::AllocatorType& alloc);
std::string ErrorToJsonString(const Status& status);

}  // namespace headlock::json
