// Builders shared by the expression tests: terse AttributeValue and Item
// construction and a one-call Prepare for table-driven cases.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "headlock/expr/expression.h"
#include "headlock/value/attribute_value.h"

namespace headlock::expr_test {

inline AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
inline AttributeValue N(std::string_view n) { return AttributeValue::NumberFromString(n); }
inline AttributeValue B(std::string b) { return AttributeValue::B(std::move(b)); }
inline AttributeValue Bool(bool b) { return AttributeValue::BOOL(b); }
inline AttributeValue Null() { return AttributeValue::NULL_(); }
inline AttributeValue L(std::initializer_list<AttributeValue> l) { return AttributeValue::L(l); }
inline AttributeValue M(std::initializer_list<std::pair<const std::string, AttributeValue>> m) {
  return AttributeValue::M(AttributeMap(m));
}
inline AttributeValue SS(std::vector<std::string> v) { return *AttributeValue::SS(std::move(v)); }
inline AttributeValue BS(std::vector<std::string> v) { return *AttributeValue::BS(std::move(v)); }
inline AttributeValue NS(std::initializer_list<std::string_view> v) {
  std::vector<Number> numbers;
  for (std::string_view s : v) numbers.push_back(*Number::Parse(s));
  return *AttributeValue::NS(std::move(numbers));
}

// The values most tests use, by placeholder.
inline ExpressionAttributeValues CommonValues() {
  return {
      {":zero", N("0")},
      {":one", N("1")},
      {":two", N("2")},
      {":four", N("4")},
      {":five", N("5")},
      {":six", N("6")},
      {":seven", N("7")},
      {":ten", N("10")},
      {":negone", N("-1")},
      {":hello", S("hello")},
      {":he", S("he")},
      {":ell", S("ell")},
      {":lo", S("lo")},
      {":z", S("z")},
      {":upperz", S("Z")},
      {":a", S("a")},
      {":x", S("x")},
      {":b01", B(std::string("\x01", 1))},
      {":bff", B("\xff")},
      {":typeN", S("N")},
      {":typeS", S("S")},
      {":typeNULL", S("NULL")},
      {":typeBogus", S("STRING")},
      {":ssa", SS({"a"})},
      {":ssab", SS({"a", "b"})},
      {":ssbc", SS({"b", "c"})},
      {":ns1", NS({"1"})},
      {":list4", L({N("4")})},
      {":str", S("str")},
      {":huge", N("9E125")},
  };
}

// Keeps every value alive for a PreparedExpressions::Prepare call.
struct Request {
  std::optional<std::string> condition, filter, update, projection, key_condition;
  std::optional<ExpressionAttributeNames> names;
  std::optional<ExpressionAttributeValues> values;
  std::optional<KeySchema> table_key, query_key;

  Result<PreparedExpressions> Prepare() const {
    ExpressionInputs in;
    if (condition) in.condition_expression = *condition;
    if (filter) in.filter_expression = *filter;
    if (update) in.update_expression = *update;
    if (projection) in.projection_expression = *projection;
    if (key_condition) in.key_condition_expression = *key_condition;
    if (names) in.names = &*names;
    if (values) in.values = &*values;
    if (table_key) in.table_key = &*table_key;
    if (query_key) in.query_key = &*query_key;
    return PreparedExpressions::Prepare(in);
  }
};

// Values restricted to those an expression uses, so tests do not trip the
// "unused" rule: keeps each :placeholder that occurs in `text`.
inline ExpressionAttributeValues ValuesUsedBy(const std::string& text,
                                              const ExpressionAttributeValues& all) {
  ExpressionAttributeValues out;
  for (const auto& [key, value] : all) {
    size_t pos = 0;
    while ((pos = text.find(key, pos)) != std::string::npos) {
      size_t end = pos + key.size();
      auto is_part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
      if (end == text.size() || !is_part(text[end])) {
        out.emplace(key, value);
        break;
      }
      pos = end;
    }
  }
  return out;
}

inline std::string ItemString(const Item& item) { return AttributeValue::M(item).DebugString(); }

inline KeySchema StringHashNumberRange() {
  KeySchema k;
  k.partition_key = {"pk", AttributeType::kS};
  k.sort_key = KeyAttribute{"sk", AttributeType::kN};
  return k;
}

}  // namespace headlock::expr_test
