#include "headlock/value/attribute_value.h"

#include <algorithm>
#include <array>
#include <cassert>

#include "headlock/value/base64.h"

namespace headlock {
namespace {

constexpr std::array<std::string_view, 10> kTypeNames = {"S", "N", "B",  "BOOL", "NULL",
                                                         "M", "L", "SS", "NS",   "BS"};

// DynamoDB's messages (reference/dynamodb.md §7.4). The double space in the first two is theirs.
constexpr std::string_view kInvalidPrefix = "One or more parameter values were invalid: ";
constexpr std::string_view kEmptyStringSet = "An string set  may not be empty";
constexpr std::string_view kEmptyNumberSet = "An number set  may not be empty";
constexpr std::string_view kEmptyBinarySet = "Binary sets should not be empty";

Status Invalid(std::string_view detail) {
  std::string message(kInvalidPrefix);
  message.append(detail);
  return Status::Validation(std::move(message));
}

// "[a, b]" as Java prints a List<String>; DynamoDB's duplicate messages quote the input this way.
template <typename Fn>
std::string JavaList(const std::vector<std::string>& values, Fn&& render) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += render(values[i]);
  }
  out += "]";
  return out;
}

bool HasAdjacentDuplicates(const std::vector<std::string>& sorted) {
  return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 15]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendDebug(const AttributeValue& v, std::string* out);

void AppendStringArray(const std::vector<std::string>& values, bool base64, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(base64 ? Base64Encode(values[i]) : values[i], out);
  }
  out->push_back(']');
}

void AppendDebug(const AttributeValue& v, std::string* out) {
  out->append("{\"");
  out->append(AttributeTypeName(v.type()));
  out->append("\":");
  switch (v.type()) {
    case AttributeType::kS:
      AppendJsonString(v.s(), out);
      break;
    case AttributeType::kN:
      AppendJsonString(v.n().ToString(), out);
      break;
    case AttributeType::kB:
      AppendJsonString(Base64Encode(v.b()), out);
      break;
    case AttributeType::kBOOL:
      out->append(v.boolean() ? "true" : "false");
      break;
    case AttributeType::kNULL:
      out->append("true");
      break;
    case AttributeType::kM: {
      out->push_back('{');
      bool first = true;
      for (const auto& [name, value] : v.m()) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(name, out);
        out->push_back(':');
        AppendDebug(value, out);
      }
      out->push_back('}');
      break;
    }
    case AttributeType::kL: {
      out->push_back('[');
      for (size_t i = 0; i < v.l().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendDebug(v.l()[i], out);
      }
      out->push_back(']');
      break;
    }
    case AttributeType::kSS:
      AppendStringArray(v.ss(), /*base64=*/false, out);
      break;
    case AttributeType::kNS: {
      out->push_back('[');
      for (size_t i = 0; i < v.ns().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendJsonString(v.ns()[i].ToString(), out);
      }
      out->push_back(']');
      break;
    }
    case AttributeType::kBS:
      AppendStringArray(v.bs(), /*base64=*/true, out);
      break;
  }
  out->push_back('}');
}

}  // namespace

std::string_view AttributeTypeName(AttributeType type) {
  size_t index = static_cast<size_t>(type) - 1;
  return index < kTypeNames.size() ? kTypeNames[index] : std::string_view("?");
}

bool ParseAttributeType(std::string_view name, AttributeType* type) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) {
      *type = static_cast<AttributeType>(i + 1);
      return true;
    }
  }
  return false;
}

Result<AttributeValue> AttributeValue::SS(std::vector<std::string> values) {
  if (values.empty()) return Invalid(kEmptyStringSet);
  // std::string compares as unsigned char, which is DynamoDB's byte order.
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  if (HasAdjacentDuplicates(sorted)) {
    return Invalid("Input collection " + JavaList(values, [](const std::string& s) { return s; }) +
                   " contains duplicates.");
  }
  return SSFromSorted(std::move(sorted));
}

Result<AttributeValue> AttributeValue::NS(std::vector<Number> values) {
  if (values.empty()) return Invalid(kEmptyNumberSet);
  std::sort(values.begin(), values.end());
  // Numbers are normalised, so numeric equality (1 and 1.0) is representation equality.
  if (std::adjacent_find(values.begin(), values.end()) != values.end()) {
    return Invalid("Input collection contains duplicates");
  }
  return NSFromSorted(std::move(values));
}

Result<AttributeValue> AttributeValue::BS(std::vector<std::string> values) {
  if (values.empty()) return Invalid(kEmptyBinarySet);
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  if (HasAdjacentDuplicates(sorted)) {
    // No space before "of": DynamoDB's text.
    return Invalid("Input collection " +
                   JavaList(values, [](const std::string& s) { return Base64Encode(s); }) +
                   "of type BS contains duplicates.");
  }
  return BSFromSorted(std::move(sorted));
}

AttributeValue AttributeValue::SSFromSorted(std::vector<std::string> values) {
  assert(!values.empty() && std::is_sorted(values.begin(), values.end()));
  return AttributeValue(Variant(std::in_place_index<7>, StringSet{std::move(values)}));
}

AttributeValue AttributeValue::NSFromSorted(std::vector<Number> values) {
  assert(!values.empty() && std::is_sorted(values.begin(), values.end()));
  return AttributeValue(Variant(std::in_place_index<8>, NumberSet{std::move(values)}));
}

AttributeValue AttributeValue::BSFromSorted(std::vector<std::string> values) {
  assert(!values.empty() && std::is_sorted(values.begin(), values.end()));
  return AttributeValue(Variant(std::in_place_index<9>, BinarySet{std::move(values)}));
}

AttributeValue AttributeValue::NumberFromString(std::string_view text) {
  Result<Number> n = Number::Parse(text);
  assert(n.ok());
  return N(n.ok() ? std::move(*n) : Number());
}

size_t AttributeValue::SizeBytes() const {
  // reference/dynamodb.md §1.1: L and M carry 3 bytes plus 1 per element; sets carry nothing.
  constexpr size_t kContainerOverheadBytes = 3;
  constexpr size_t kContainerElementOverheadBytes = 1;
  constexpr size_t kBoolOrNullBytes = 1;
  switch (type()) {
    case AttributeType::kS:
      return s().size();
    case AttributeType::kN:
      return n().SizeBytes();
    case AttributeType::kB:
      return b().size();
    case AttributeType::kBOOL:
    case AttributeType::kNULL:
      return kBoolOrNullBytes;
    case AttributeType::kM: {
      size_t size = kContainerOverheadBytes;
      for (const auto& [name, value] : m()) {
        size += kContainerElementOverheadBytes + name.size() + value.SizeBytes();
      }
      return size;
    }
    case AttributeType::kL: {
      size_t size = kContainerOverheadBytes;
      for (const AttributeValue& value : l()) {
        size += kContainerElementOverheadBytes + value.SizeBytes();
      }
      return size;
    }
    case AttributeType::kSS:
    case AttributeType::kBS: {
      size_t size = 0;
      for (const std::string& value : is_ss() ? ss() : bs()) size += value.size();
      return size;
    }
    case AttributeType::kNS: {
      size_t size = 0;
      for (const Number& value : ns()) size += value.SizeBytes();
      return size;
    }
  }
  return 0;
}

std::string AttributeValue::DebugString() const {
  std::string out;
  AppendDebug(*this, &out);
  return out;
}

}  // namespace headlock
