// Conversion between DynamoDB's wire JSON (reference/dynamodb.md §9) and the
// engine's typed values (headlock/value/attribute_value.h).
//
// JSON exists only here, at the edge: the engine never sees a rapidjson
// value. Parsing follows DynamoDB's order of checks: first the shape of the
// whole JSON value is checked (a JSON number where a string belongs, a
// malformed base64 blob: SerializationException), and only then the
// constraints (exactly one type per value, NULL must be true, number syntax
// and range, empty or duplicate sets: ValidationException). So a
// serialization error anywhere in an item wins over a validation error
// earlier in it, as it does on the real service.
//
// As DynamoDB's deserializer does, a JSON null is treated as an absent
// member ({"S": null} is an empty AttributeValue) and unknown members are
// ignored.
//
// Thread safety: pure functions.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "headlock/expr/expression.h"
#include "headlock/result.h"
#include "headlock/status.h"
#include "headlock/value/attribute_value.h"

namespace headlock::json {

// DynamoDB's messages (reference/dynamodb.md §7.4).
inline constexpr std::string_view kMoreThanOneDatatypeMessage =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
    "supported datatypes";
inline constexpr std::string_view kEmptyAttributeValueMessage =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
inline constexpr std::string_view kNullMustBeTrueMessage =
    "One or more parameter values were invalid: Null attribute value types must have the value "
    "of true";

// How deep M and L may nest before parsing stops. DynamoDB's own limit is 32
// (kMaxNestingDepth, checked with its message by ValidateItem); this bound
// only keeps hostile input from exhausting the stack before that check runs.
inline constexpr int kMaxJsonNestingDepth = 256;

// A SerializationException with `message`.
Status SerializationError(std::string message);

// The name Coral's deserializer gives a JSON token in its messages
// ("NUMBER_VALUE cannot be converted to String").
std::string_view TokenName(const rapidjson::Value& json);

// A JSON string's text. REQUIRES: json.IsString().
inline std::string_view ToView(const rapidjson::Value& json) {
  return std::string_view(json.GetString(), json.GetStringLength());
}

// Parses JSON text into `*doc`. Malformed JSON (including invalid UTF-8) is
// a SerializationException, as DynamoDB reports it.
Status ParseJson(std::string_view text, rapidjson::Document* doc);

// One AttributeValue, e.g. {"N":"1.5"}.
Result<AttributeValue> ParseAttributeValue(const rapidjson::Value& json);

// An item or key: {"name": <AttributeValue>, ...}.
Result<Item> ParseItem(const rapidjson::Value& json);

// ExpressionAttributeNames: {"#n": "name", ...}. Keys must start with '#'
// ("ExpressionAttributeNames contains invalid key: Syntax error; key: ..."),
// values must be strings (SerializationException).
Result<ExpressionAttributeNames> ParseExpressionAttributeNames(const rapidjson::Value& json);

// ExpressionAttributeValues: {":v": <AttributeValue>, ...}. Keys must start
// with ':' ("ExpressionAttributeValues contains invalid key: Syntax error;
// key: ...").
Result<ExpressionAttributeValues> ParseExpressionAttributeValues(const rapidjson::Value& json);

// JSON for a value or an item, allocated in `alloc`. Numbers are written as
// Number::ToString strings, binary as base64, maps in name order.
rapidjson::Value AttributeValueToJson(const AttributeValue& value,
                                      rapidjson::Document::AllocatorType& alloc);
rapidjson::Value ItemToJson(const Item& item, rapidjson::Document::AllocatorType& alloc);

// Compact JSON text of a rapidjson value, a value or an item.
std::string JsonToString(const rapidjson::Value& json);
std::string AttributeValueToJsonString(const AttributeValue& value);
std::string ItemToJsonString(const Item& item);

}  // namespace headlock::json
