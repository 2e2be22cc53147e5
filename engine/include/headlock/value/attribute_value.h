// AttributeValue: a DynamoDB attribute value, as a typed variant over
// S, N, B, BOOL, NULL, M, L, SS, NS, BS.
//
// The engine works on these typed values only; JSON exists only at the edge
// (tools/). Sets are stored sorted and without duplicates (strings and binary
// by bytes, numbers numerically), so two equal sets compare equal whatever
// order a client sent them in. Maps are ordered by attribute name, which
// makes every output deterministic.
//
// Thread safety: a value type; distinct objects may be used from different
// threads, and a const object may be read from many.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "headlock/result.h"
#include "headlock/value/number.h"

namespace headlock {

// The ten DynamoDB types. The numeric values are written to disk in the item
// encoding: do not reorder, only append.
enum class AttributeType : uint8_t {
  kS = 1,
  kN = 2,
  kB = 3,
  kBOOL = 4,
  kNULL = 5,
  kM = 6,
  kL = 7,
  kSS = 8,
  kNS = 9,
  kBS = 10,
};

// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
std::string_view AttributeTypeName(AttributeType type);
// Inverse of AttributeTypeName; false when `name` is not one of the ten.
bool ParseAttributeType(std::string_view name, AttributeType* type);

class AttributeValue;

// A top-level item or an M value: attribute name -> value.
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using Item = AttributeMap;
using AttributeList = std::vector<AttributeValue>;

// Raw bytes of a B value (kept apart from std::string so that S and B are
// different alternatives).
struct Binary {
  std::string bytes;
  auto operator<=>(const Binary&) const = default;
};

struct Null {
  bool operator==(const Null&) const = default;
};

// Sets: sorted ascending (DynamoDB's key order), no duplicates, never empty
// once validated (see ValidateSet).
struct StringSet {
  std::vector<std::string> values;
  bool operator==(const StringSet&) const = default;
};
struct NumberSet {
  std::vector<Number> values;
  bool operator==(const NumberSet&) const = default;
};
struct BinarySet {
  std::vector<std::string> values;
  bool operator==(const BinarySet&) const = default;
};

class AttributeValue {
 public:
  using Variant = std::variant<std::string, Number, Binary, bool, Null, AttributeMap,
                               AttributeList, StringSet, NumberSet, BinarySet>;

  // NULL.
  AttributeValue() : v_(Null{}) {}

  static AttributeValue S(std::string s) { return AttributeValue(Variant(std::in_place_index<0>, std::move(s))); }
  static AttributeValue N(Number n) { return AttributeValue(Variant(std::in_place_index<1>, std::move(n))); }
  static AttributeValue B(std::string bytes) {
    return AttributeValue(Variant(std::in_place_index<2>, Binary{std::move(bytes)}));
  }
  static AttributeValue BOOL(bool b) { return AttributeValue(Variant(std::in_place_index<3>, b)); }
  static AttributeValue NULL_() { return AttributeValue(Variant(std::in_place_index<4>, Null{})); }
  static AttributeValue M(AttributeMap m) { return AttributeValue(Variant(std::in_place_index<5>, std::move(m))); }
  static AttributeValue L(AttributeList l) { return AttributeValue(Variant(std::in_place_index<6>, std::move(l))); }

  // Sets are sorted and checked here. Errors (ValidationException):
  // empty set, duplicates (numbers by numeric equality), with DynamoDB's
  // messages (reference/dynamodb.md §7.4).
  static Result<AttributeValue> SS(std::vector<std::string> values);
  static Result<AttributeValue> NS(std::vector<Number> values);
  static Result<AttributeValue> BS(std::vector<std::string> values);
  // Builds a set from values already sorted and unique (engine internals:
  // set union and difference results). REQUIRES: sorted, unique, non-empty.
  static AttributeValue SSFromSorted(std::vector<std::string> values);
  static AttributeValue NSFromSorted(std::vector<Number> values);
  static AttributeValue BSFromSorted(std::vector<std::string> values);

  // Convenience for tests and tools: N from text. REQUIRES: valid number.
  static AttributeValue NumberFromString(std::string_view text);

  AttributeType type() const { return static_cast<AttributeType>(v_.index() + 1); }

  bool is_s() const { return v_.index() == 0; }
  bool is_n() const { return v_.index() == 1; }
  bool is_b() const { return v_.index() == 2; }
  bool is_bool() const { return v_.index() == 3; }
  bool is_null() const { return v_.index() == 4; }
  bool is_m() const { return v_.index() == 5; }
  bool is_l() const { return v_.index() == 6; }
  bool is_ss() const { return v_.index() == 7; }
  bool is_ns() const { return v_.index() == 8; }
  bool is_bs() const { return v_.index() == 9; }
  bool is_set() const { return v_.index() >= 7; }

  // Accessors. REQUIRES: the value has that type.
  const std::string& s() const { return std::get<0>(v_); }
  const Number& n() const { return std::get<1>(v_); }
  const std::string& b() const { return std::get<2>(v_).bytes; }
  bool boolean() const { return std::get<3>(v_); }
  const AttributeMap& m() const { return std::get<5>(v_); }
  AttributeMap& mutable_m() { return std::get<5>(v_); }
  const AttributeList& l() const { return std::get<6>(v_); }
  AttributeList& mutable_l() { return std::get<6>(v_); }
  const std::vector<std::string>& ss() const { return std::get<7>(v_).values; }
  const std::vector<Number>& ns() const { return std::get<8>(v_).values; }
  const std::vector<std::string>& bs() const { return std::get<9>(v_).values; }

  const Variant& variant() const { return v_; }

  // Deep equality (DynamoDB's "=": same type and same value; numbers
  // numerically, sets regardless of order).
  bool operator==(const AttributeValue& other) const = default;

  // Bytes this value counts in an item's size (without the attribute name),
  // by DynamoDB's rules (reference/dynamodb.md §1.1–1.2).
  size_t SizeBytes() const;

  // Human-readable form for messages and tests, e.g. {"S":"a"}.
  std::string DebugString() const;

 private:
  explicit AttributeValue(Variant v) : v_(std::move(v)) {}
  Variant v_;
};

}  // namespace headlock
