#include "headlock/value/key_encoding.h"

#include <cassert>

namespace headlock {
namespace {

// Layout bytes (key_encoding.h). Persistent: never change.
constexpr uint8_t kEscape = 0x00;       // S/B: escape and terminator lead byte
constexpr uint8_t kEscapedZero = 0xFF;  // S/B: 0x00 0xFF is a literal 0x00
constexpr uint8_t kStringEnd = 0x01;    // S/B: 0x00 0x01 ends the value
constexpr uint8_t kNegative = 0x7F;     // N: sign bytes order negative < zero < positive
constexpr uint8_t kZero = 0x80;
constexpr uint8_t kPositive = 0x81;
constexpr int kExponentBias = 129;      // -kMinNumberExponent: exponents -129..126 -> 0..255
constexpr uint8_t kMantissaEnd = 0x00;  // below every pair byte (1..100)
constexpr uint8_t kMaxPairByte = 100;   // pair 99 + 1

void PutByte(std::string* dst, uint8_t b) { dst->push_back(static_cast<char>(b)); }

// Decodes the part after the sign byte. `flip` is 0xFF for negatives (bytes complemented).
bool DecodeMagnitude(std::string_view* in, uint8_t flip, bool negative, Number* out) {
  if (in->empty()) return false;
  int exponent = static_cast<int>(static_cast<uint8_t>((*in)[0]) ^ flip) - kExponentBias;
  std::string digits;
  size_t i = 1;
  for (;; ++i) {
    if (i >= in->size()) return false;
    uint8_t b = static_cast<uint8_t>((*in)[i]) ^ flip;
    if (b == kMantissaEnd) break;
    if (b > kMaxPairByte) return false;
    int pair = b - 1;
    digits.push_back(static_cast<char>('0' + pair / 10));
    digits.push_back(static_cast<char>('0' + pair % 10));
    if (digits.size() > static_cast<size_t>(kMaxNumberSignificantDigits) + 1) return false;
  }
  // Drop the pad of a lone last digit; what is left must be a normalised mantissa.
  if (!digits.empty() && digits.back() == '0') digits.pop_back();
  if (digits.empty() || digits.front() == '0' || digits.back() == '0' ||
      digits.size() > static_cast<size_t>(kMaxNumberSignificantDigits) ||
      exponent > kMaxNumberExponent) {
    return false;
  }
  in->remove_prefix(i + 1);
  *out = Number::FromNormalized(negative, std::move(digits), exponent);
  return true;
}

}  // namespace

bool DecodeKeyString(std::string_view* in, std::string* out) {
  out->clear();
  size_t i = 0;
  while (i < in->size()) {
    uint8_t b = static_cast<uint8_t>((*in)[i]);
    if (b != kEscape) {
      out->push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    if (i + 1 >= in->size()) return false;
    uint8_t next = static_cast<uint8_t>((*in)[i + 1]);
    if (next == kStringEnd) {
      in->remove_prefix(i + 2);
      return true;
    }
    if (next != kEscapedZero) return false;
    out->push_back('\0');
    i += 2;
  }
  return false;
}

bool DecodeKeyNumber(std::string_view* in, Number* out) {
  if (in->empty()) return false;
  uint8_t sign = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  switch (sign) {
    case kZero:
      *out = Number();
      return true;
    case kPositive:
      return DecodeMagnitude(in, 0x00, /*negative=*/false, out);
    case kNegative:
      return DecodeMagnitude(in, 0xFF, /*negative=*/true, out);
    default:
      return false;
  }
}

void EncodeKeyString(std::string_view s, std::string* dst) {
  dst->reserve(dst->size() + s.size() + 2);
  for (char c : s) {
    dst->push_back(c);
    if (c == '\0') PutByte(dst, kEscapedZero);
  }
  PutByte(dst, kEscape);
  PutByte(dst, kStringEnd);
}

void EncodeKeyNumber(const Number& n, std::string* dst) {
  if (n.is_zero()) {
    PutByte(dst, kZero);
    return;
  }
  // Complementing every byte after the sign reverses the order of magnitudes, as negatives need.
  const uint8_t flip = n.is_negative() ? 0xFF : 0x00;
  PutByte(dst, n.is_negative() ? kNegative : kPositive);
  PutByte(dst, static_cast<uint8_t>(n.exponent() + kExponentBias) ^ flip);
  const std::string& d = n.digits();
  for (size_t i = 0; i < d.size(); i += 2) {
    int pair = (d[i] - '0') * 10 + (i + 1 < d.size() ? d[i + 1] - '0' : 0);
    PutByte(dst, static_cast<uint8_t>(pair + 1) ^ flip);
  }
  PutByte(dst, kMantissaEnd ^ flip);
}

void EncodeKeyValue(const AttributeValue& value, std::string* dst) {
  switch (value.type()) {
    case AttributeType::kS:
      EncodeKeyString(value.s(), dst);
      break;
    case AttributeType::kB:
      EncodeKeyString(value.b(), dst);
      break;
    case AttributeType::kN:
      EncodeKeyNumber(value.n(), dst);
      break;
    default:
      assert(false && "EncodeKeyValue: not a key type");
  }
}

bool DecodeKeyValue(std::string_view* in, AttributeType type, AttributeValue* out) {
  switch (type) {
    case AttributeType::kS:
    case AttributeType::kB: {
      std::string bytes;
      if (!DecodeKeyString(in, &bytes)) return false;
      *out = type == AttributeType::kS ? AttributeValue::S(std::move(bytes))
                                       : AttributeValue::B(std::move(bytes));
      return true;
    }
    case AttributeType::kN: {
      Number n;
      if (!DecodeKeyNumber(in, &n)) return false;
      *out = AttributeValue::N(std::move(n));
      return true;
    }
    default:
      return false;
  }
}

}  // namespace headlock
