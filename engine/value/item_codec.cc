#include "headlock/value/item_codec.h"

#include <algorithm>
#include <functional>

#include "headlock/value/item.h"
#include "headlock/value/key_encoding.h"
#include "value/coding.h"

namespace headlock {
namespace {

using value_coding::GetLengthPrefixed;
using value_coding::GetVarint32;
using value_coding::PutLengthPrefixed;
using value_coding::PutVarint32;

// Bounds recursion on corrupt input. Valid items nest at most kMaxNestingDepth levels; the margin
// keeps the decoder from rejecting anything the engine could have written.
constexpr int kMaxDecodeDepth = 2 * kMaxNestingDepth;

void EncodeValue(const AttributeValue& value, std::string* dst);

void EncodeMap(const AttributeMap& map, std::string* dst) {
  PutVarint32(dst, static_cast<uint32_t>(map.size()));
  for (const auto& [name, value] : map) {
    PutLengthPrefixed(dst, name);
    EncodeValue(value, dst);
  }
}

void EncodeStrings(const std::vector<std::string>& values, std::string* dst) {
  PutVarint32(dst, static_cast<uint32_t>(values.size()));
  for (const std::string& v : values) PutLengthPrefixed(dst, v);
}

void EncodeValue(const AttributeValue& value, std::string* dst) {
  dst->push_back(static_cast<char>(value.type()));
  switch (value.type()) {
    case AttributeType::kS:
      PutLengthPrefixed(dst, value.s());
      break;
    case AttributeType::kN:
      EncodeKeyNumber(value.n(), dst);
      break;
    case AttributeType::kB:
      PutLengthPrefixed(dst, value.b());
      break;
    case AttributeType::kBOOL:
      dst->push_back(value.boolean() ? 1 : 0);
      break;
    case AttributeType::kNULL:
      break;
    case AttributeType::kM:
      EncodeMap(value.m(), dst);
      break;
    case AttributeType::kL:
      PutVarint32(dst, static_cast<uint32_t>(value.l().size()));
      for (const AttributeValue& v : value.l()) EncodeValue(v, dst);
      break;
    case AttributeType::kSS:
      EncodeStrings(value.ss(), dst);
      break;
    case AttributeType::kNS:
      PutVarint32(dst, static_cast<uint32_t>(value.ns().size()));
      for (const Number& n : value.ns()) EncodeKeyNumber(n, dst);
      break;
    case AttributeType::kBS:
      EncodeStrings(value.bs(), dst);
      break;
  }
}

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  Status WholeItem(AttributeMap* item) {
    if (in_.empty() || static_cast<uint8_t>(in_[0]) != kItemCodecVersion) {
      return Corrupt("unknown version");
    }
    in_.remove_prefix(1);
    HEADLOCK_RETURN_IF_ERROR(Map(item, 0));
    if (!in_.empty()) return Corrupt("trailing bytes");
    return Status::OK();
  }

 private:
  static Status Corrupt(std::string_view what) {
    return Status::Storage("corrupt item encoding: " + std::string(what));
  }

  // Reads an element count. Every element takes at least one byte, so a count larger than the
  // rest of the input is corrupt; checking it here stops absurd counts early.
  Status Count(uint32_t* count) {
    if (!GetVarint32(&in_, count)) return Corrupt("bad count");
    if (*count > in_.size()) return Corrupt("count exceeds input");
    return Status::OK();
  }

  Status Bytes(std::string* out) {
    std::string_view bytes;
    if (!GetLengthPrefixed(&in_, &bytes)) return Corrupt("truncated bytes");
    out->assign(bytes);
    return Status::OK();
  }

  Status Map(AttributeMap* map, int depth) {
    uint32_t count = 0;
    HEADLOCK_RETURN_IF_ERROR(Count(&count));
    map->clear();
    for (uint32_t i = 0; i < count; ++i) {
      std::string name;
      HEADLOCK_RETURN_IF_ERROR(Bytes(&name));
      AttributeValue value;
      HEADLOCK_RETURN_IF_ERROR(Value(&value, depth));
      // The encoder writes names in map order, so anything else is corruption; requiring it
      // keeps the format canonical (one item, one encoding) and makes each insert O(1).
      if (!map->empty() && !(map->rbegin()->first < name)) {
        return Corrupt("attribute names out of order");
      }
      map->emplace_hint(map->end(), std::move(name), std::move(value));
    }
    return Status::OK();
  }

  Status Strings(std::vector<std::string>* values) {
    uint32_t count = 0;
    HEADLOCK_RETURN_IF_ERROR(Count(&count));
    if (count == 0) return Corrupt("empty set");
    values->resize(count);
    for (std::string& v : *values) HEADLOCK_RETURN_IF_ERROR(Bytes(&v));
    // std::adjacent_find with >= finds any pair out of strict ascending order.
    if (std::adjacent_find(values->begin(), values->end(), std::greater_equal<>()) !=
        values->end()) {
      return Corrupt("set not sorted");
    }
    return Status::OK();
  }

  Status Value(AttributeValue* out, int depth) {
    if (in_.empty()) return Corrupt("truncated value");
    uint8_t tag = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    switch (static_cast<AttributeType>(tag)) {
      case AttributeType::kS:
      case AttributeType::kB: {
        std::string bytes;
        HEADLOCK_RETURN_IF_ERROR(Bytes(&bytes));
        *out = tag == static_cast<uint8_t>(AttributeType::kS) ? AttributeValue::S(std::move(bytes))
                                                              : AttributeValue::B(std::move(bytes));
        return Status::OK();
      }
      case AttributeType::kN: {
        Number n;
        if (!DecodeKeyNumber(&in_, &n)) return Corrupt("bad number");
        *out = AttributeValue::N(std::move(n));
        return Status::OK();
      }
      case AttributeType::kBOOL: {
        if (in_.empty() || static_cast<uint8_t>(in_[0]) > 1) return Corrupt("bad BOOL");
        *out = AttributeValue::BOOL(in_[0] == 1);
        in_.remove_prefix(1);
        return Status::OK();
      }
      case AttributeType::kNULL:
        *out = AttributeValue::NULL_();
        return Status::OK();
      case AttributeType::kM: {
        if (depth >= kMaxDecodeDepth) return Corrupt("nesting too deep");
        AttributeMap map;
        HEADLOCK_RETURN_IF_ERROR(Map(&map, depth + 1));
        *out = AttributeValue::M(std::move(map));
        return Status::OK();
      }
      case AttributeType::kL: {
        if (depth >= kMaxDecodeDepth) return Corrupt("nesting too deep");
        uint32_t count = 0;
        HEADLOCK_RETURN_IF_ERROR(Count(&count));
        AttributeList list(count);
        for (AttributeValue& v : list) HEADLOCK_RETURN_IF_ERROR(Value(&v, depth + 1));
        *out = AttributeValue::L(std::move(list));
        return Status::OK();
      }
      case AttributeType::kSS:
      case AttributeType::kBS: {
        std::vector<std::string> values;
        HEADLOCK_RETURN_IF_ERROR(Strings(&values));
        *out = tag == static_cast<uint8_t>(AttributeType::kSS)
                   ? AttributeValue::SSFromSorted(std::move(values))
                   : AttributeValue::BSFromSorted(std::move(values));
        return Status::OK();
      }
      case AttributeType::kNS: {
        uint32_t count = 0;
        HEADLOCK_RETURN_IF_ERROR(Count(&count));
        if (count == 0) return Corrupt("empty set");
        std::vector<Number> values(count);
        for (Number& n : values) {
          if (!DecodeKeyNumber(&in_, &n)) return Corrupt("bad number");
        }
        if (std::adjacent_find(values.begin(), values.end(), std::greater_equal<>()) !=
            values.end()) {
          return Corrupt("set not sorted");
        }
        *out = AttributeValue::NSFromSorted(std::move(values));
        return Status::OK();
      }
    }
    return Corrupt("unknown type tag");
  }

  std::string_view in_;
};

}  // namespace

void EncodeItem(const Item& item, std::string* dst) {
  dst->push_back(static_cast<char>(kItemCodecVersion));
  EncodeMap(item, dst);
}

Status DecodeItem(std::string_view data, Item* item) {
  Item decoded;
  HEADLOCK_RETURN_IF_ERROR(Decoder(data).WholeItem(&decoded));
  *item = std::move(decoded);
  return Status::OK();
}

}  // namespace headlock
