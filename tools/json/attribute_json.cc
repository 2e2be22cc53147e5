#include "json/attribute_json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <utility>
#include <vector>

#include "headlock/value/base64.h"

namespace headlock::json {
namespace {


Status CannotConvert(const rapidjson::Value& json, std::string_view target) {
  // Objects and arrays in the wrong place get Coral's structural wording.
  if (json.IsObject())
    return SerializationError("Start of structure or map found where not expected.");
  if (json.IsArray()) return SerializationError("Start of list found where not expected");
  std::string message(TokenName(json));
  message += " cannot be converted to ";
  message += target;
  return SerializationError(std::move(message));
}


// --- Pass 1: shape (SerializationException) --------------------------------

Status CheckValueShape(const rapidjson::Value& json, int depth);

Status CheckStringList(const rapidjson::Value& json, std::string_view element) {
  if (!json.IsArray()) return CannotConvert(json, "List");
  for (const auto& e : json.GetArray()) {
    if (!e.IsString()) return CannotConvert(e, element);
  }
  return Status::OK();
}

Status CheckBinary(const rapidjson::Value& json) {
  if (!json.IsString()) return CannotConvert(json, "Blob");
  std::string bytes, error;
  if (!Base64Decode(ToView(json), &bytes, &error)) return SerializationError(std::move(error));
  return Status::OK();
}

Status CheckMapShape(const rapidjson::Value& json, int depth) {
  if (!json.IsObject()) return CannotConvert(json, "Map");
  for (const auto& m : json.GetObject()) {
    if (m.value.IsNull()) continue;
    HEADLOCK_RETURN_IF_ERROR(CheckValueShape(m.value, depth + 1));
  }
  return Status::OK();
}

// Checks one AttributeValue's members; null members count as absent.
Status CheckValueShape(const rapidjson::Value& json, int depth) {
  if (depth > kMaxJsonNestingDepth) {
    return Status::Validation("Nesting Levels have exceeded supported limits");
  }
  if (!json.IsObject()) return CannotConvert(json, "AttributeValue");
  for (const auto& m : json.GetObject()) {
    const rapidjson::Value& v = m.value;
    if (v.IsNull()) continue;
    AttributeType type;
    if (!ParseAttributeType(ToView(m.name), &type)) continue;  // unknown members are ignored
    switch (type) {
      case AttributeType::kS:
      case AttributeType::kN:
        if (!v.IsString()) return CannotConvert(v, "String");
        break;
      case AttributeType::kB:
        HEADLOCK_RETURN_IF_ERROR(CheckBinary(v));
        break;
      case AttributeType::kBOOL:
      case AttributeType::kNULL:
        if (!v.IsBool()) return CannotConvert(v, "Boolean");
        break;
      case AttributeType::kM:
        HEADLOCK_RETURN_IF_ERROR(CheckMapShape(v, depth));
        break;
      case AttributeType::kL:
        if (!v.IsArray()) return CannotConvert(v, "List");
        for (const auto& e : v.GetArray()) {
          HEADLOCK_RETURN_IF_ERROR(CheckValueShape(e, depth + 1));
        }
        break;
      case AttributeType::kSS:
      case AttributeType::kNS:
        HEADLOCK_RETURN_IF_ERROR(CheckStringList(v, "String"));
        break;
      case AttributeType::kBS:
        if (!v.IsArray()) return CannotConvert(v, "List");
        for (const auto& e : v.GetArray()) HEADLOCK_RETURN_IF_ERROR(CheckBinary(e));
        break;
    }
  }
  return Status::OK();
}

// --- Pass 2: conversion and constraints (ValidationException) --------------
// REQUIRES for every function below: the shape pass succeeded.

Result<AttributeValue> ConvertValue(const rapidjson::Value& json);

Result<AttributeMap> ConvertMap(const rapidjson::Value& json) {
  AttributeMap map;
  for (const auto& m : json.GetObject()) {
    if (m.value.IsNull()) continue;
    HEADLOCK_ASSIGN_OR_RETURN(AttributeValue value, ConvertValue(m.value));
    // A repeated name keeps its last value, as DynamoDB's parser does.
    map.insert_or_assign(std::string(ToView(m.name)), std::move(value));
  }
  return map;
}

std::string DecodeBinary(const rapidjson::Value& json) {
  std::string bytes;
  (void)Base64Decode(ToView(json), &bytes);  // validated by the shape pass
  return bytes;
}

Result<AttributeValue> ConvertTyped(AttributeType type, const rapidjson::Value& v) {
  switch (type) {
    case AttributeType::kS:
      return AttributeValue::S(std::string(ToView(v)));
    case AttributeType::kN: {
      HEADLOCK_ASSIGN_OR_RETURN(Number n, Number::Parse(ToView(v)));
      return AttributeValue::N(std::move(n));
    }
    case AttributeType::kB:
      return AttributeValue::B(DecodeBinary(v));
    case AttributeType::kBOOL:
      return AttributeValue::BOOL(v.GetBool());
    case AttributeType::kNULL:
      if (!v.GetBool()) return Status::Validation(std::string(kNullMustBeTrueMessage));
      return AttributeValue::NULL_();
    case AttributeType::kM: {
      HEADLOCK_ASSIGN_OR_RETURN(AttributeMap m, ConvertMap(v));
      return AttributeValue::M(std::move(m));
    }
    case AttributeType::kL: {
      AttributeList list;
      list.reserve(v.Size());
      for (const auto& e : v.GetArray()) {
        HEADLOCK_ASSIGN_OR_RETURN(AttributeValue element, ConvertValue(e));
        list.push_back(std::move(element));
      }
      return AttributeValue::L(std::move(list));
    }
    case AttributeType::kSS: {
      std::vector<std::string> values;
      values.reserve(v.Size());
      for (const auto& e : v.GetArray()) values.emplace_back(ToView(e));
      return AttributeValue::SS(std::move(values));
    }
    case AttributeType::kNS: {
      std::vector<Number> values;
      values.reserve(v.Size());
      for (const auto& e : v.GetArray()) {
        HEADLOCK_ASSIGN_OR_RETURN(Number n, Number::Parse(ToView(e)));
        values.push_back(std::move(n));
      }
      return AttributeValue::NS(std::move(values));
    }
    case AttributeType::kBS: {
      std::vector<std::string> values;
      values.reserve(v.Size());
      for (const auto& e : v.GetArray()) values.push_back(DecodeBinary(e));
      return AttributeValue::BS(std::move(values));
    }
  }
  return Status::Internal("unknown attribute type");
}

Result<AttributeValue> ConvertValue(const rapidjson::Value& json) {
  // Count the distinct types set first: "more than one" and "empty" are
  // decided before any member's own constraints are looked at.
  std::array<const rapidjson::Value*, 11> by_type{};
  int types = 0;
  for (const auto& m : json.GetObject()) {
    AttributeType type;
    if (m.value.IsNull() || !ParseAttributeType(ToView(m.name), &type)) continue;
    auto& slot = by_type[static_cast<size_t>(type)];
    if (slot == nullptr) ++types;
    slot = &m.value;  // a repeated member keeps its last value
  }
  if (types > 1) return Status::Validation(std::string(kMoreThanOneDatatypeMessage));
  for (size_t i = 1; i < by_type.size(); ++i) {
    if (by_type[i] != nullptr) return ConvertTyped(static_cast<AttributeType>(i), *by_type[i]);
  }
  return Status::Validation(std::string(kEmptyAttributeValueMessage));
}

bool IsPlaceholderKey(std::string_view key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (char c : key.substr(1)) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

Status InvalidKey(std::string_view parameter, std::string_view key) {
  std::string message(parameter);
  message += " contains invalid key: Syntax error; key: \"";
  message += key;
  message += "\"";
  return Status::Validation(std::move(message));
}

}  // namespace

std::string_view TokenName(const rapidjson::Value& json) {
  switch (json.GetType()) {
    case rapidjson::kNullType:
      return "VALUE_NULL";
    case rapidjson::kFalseType:
      return "VALUE_FALSE";
    case rapidjson::kTrueType:
      return "VALUE_TRUE";
    case rapidjson::kObjectType:
      return "START_OBJECT";
    case rapidjson::kArrayType:
      return "START_ARRAY";
    case rapidjson::kStringType:
      return "STRING_VALUE";
    case rapidjson::kNumberType:
      return "NUMBER_VALUE";
  }
  return "VALUE";
}

Status SerializationError(std::string message) {
  return Status(Status::Code::kSerializationException, std::move(message));
}

Status ParseJson(std::string_view text, rapidjson::Document* doc) {
  // Iterative parsing: nesting depth in the input never turns into C++ stack
  // depth in the parser. S values must be valid UTF-8, so check it here.
  doc->Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text.data(),
                                                                                     text.size());
  if (doc->HasParseError()) {
    std::string message = "Malformed JSON: ";
    message += rapidjson::GetParseError_En(doc->GetParseError());
    message += " at offset " + std::to_string(doc->GetErrorOffset());
    return SerializationError(std::move(message));
  }
  return Status::OK();
}

Result<AttributeValue> ParseAttributeValue(const rapidjson::Value& json) {
  HEADLOCK_RETURN_IF_ERROR(CheckValueShape(json, 0));
  return ConvertValue(json);
}

Result<Item> ParseItem(const rapidjson::Value& json) {
  HEADLOCK_RETURN_IF_ERROR(CheckMapShape(json, 0));
  return ConvertMap(json);
}

Result<ExpressionAttributeNames> ParseExpressionAttributeNames(const rapidjson::Value& json) {
  if (!json.IsObject()) return CannotConvert(json, "Map");
  for (const auto& m : json.GetObject()) {
    if (!m.value.IsString() && !m.value.IsNull()) return CannotConvert(m.value, "String");
  }
  if (json.ObjectEmpty()) return Status::Validation("ExpressionAttributeNames must not be empty");
  ExpressionAttributeNames names;
  for (const auto& m : json.GetObject()) {
    if (m.value.IsNull()) continue;
    std::string_view key = ToView(m.name);
    if (!IsPlaceholderKey(key, '#')) return InvalidKey("ExpressionAttributeNames", key);
    names.insert_or_assign(std::string(key), std::string(ToView(m.value)));
  }
  return names;
}

Result<ExpressionAttributeValues> ParseExpressionAttributeValues(const rapidjson::Value& json) {
  HEADLOCK_RETURN_IF_ERROR(CheckMapShape(json, 0));
  if (json.ObjectEmpty()) {
    return Status::Validation("ExpressionAttributeValues must not be empty");
  }
  for (const auto& m : json.GetObject()) {
    std::string_view key = ToView(m.name);
    if (!IsPlaceholderKey(key, ':')) return InvalidKey("ExpressionAttributeValues", key);
  }
  return ConvertMap(json);
}

rapidjson::Value AttributeValueToJson(const AttributeValue& value,
                                      rapidjson::Document::AllocatorType& alloc) {
  auto str = [&alloc](std::string_view s) {
    return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
  };
  rapidjson::Value inner;
  switch (value.type()) {
    case AttributeType::kS:
      inner = str(value.s());
      break;
    case AttributeType::kN:
      inner = str(value.n().ToString());
      break;
    case AttributeType::kB:
      inner = str(Base64Encode(value.b()));
      break;
    case AttributeType::kBOOL:
      inner.SetBool(value.boolean());
      break;
    case AttributeType::kNULL:
      inner.SetBool(true);
      break;
    case AttributeType::kM:
      inner = ItemToJson(value.m(), alloc);
      break;
    case AttributeType::kL:
      inner.SetArray();
      for (const auto& e : value.l()) inner.PushBack(AttributeValueToJson(e, alloc), alloc);
      break;
    case AttributeType::kSS:
      inner.SetArray();
      for (const auto& s : value.ss()) inner.PushBack(str(s), alloc);
      break;
    case AttributeType::kNS:
      inner.SetArray();
      for (const auto& n : value.ns()) inner.PushBack(str(n.ToString()), alloc);
      break;
    case AttributeType::kBS:
      inner.SetArray();
      for (const auto& b : value.bs()) inner.PushBack(str(Base64Encode(b)), alloc);
      break;
  }
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember(str(AttributeTypeName(value.type())), inner, alloc);
  return out;
}

rapidjson::Value ItemToJson(const Item& item, rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  for (const auto& [name, value] : item) {
    rapidjson::Value key(name.data(), static_cast<rapidjson::SizeType>(name.size()), alloc);
    out.AddMember(key, AttributeValueToJson(value, alloc), alloc);
  }
  return out;
}

std::string JsonToString(const rapidjson::Value& json) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  json.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string AttributeValueToJsonString(const AttributeValue& value) {
  rapidjson::Document doc;
  return JsonToString(AttributeValueToJson(value, doc.GetAllocator()));
}

std::string ItemToJsonString(const Item& item) {
  rapidjson::Document doc;
  return JsonToString(ItemToJson(item, doc.GetAllocator()));
}

}  // namespace headlock::json
