#include "value/coding.h"

namespace headlock::value_coding {

void PutVarint32(std::string* dst, uint32_t value) {
  constexpr uint32_t kContinuation = 0x80;
  while (value >= kContinuation) {
    dst->push_back(static_cast<char>(value | kContinuation));
    value >>= 7;
  }
  dst->push_back(static_cast<char>(value));
}

void PutLengthPrefixed(std::string* dst, std::string_view value) {
  PutVarint32(dst, static_cast<uint32_t>(value.size()));
  dst->append(value);
}

bool GetVarint32(std::string_view* in, uint32_t* value) {
  uint32_t result = 0;
  for (size_t i = 0; i < kMaxVarint32Bytes && i < in->size(); ++i) {
    uint32_t byte = static_cast<uint8_t>((*in)[i]);
    // The fifth byte carries only the top 4 bits; anything more would overflow 32 bits.
    if (i == kMaxVarint32Bytes - 1 && byte > 0x0F) return false;
    result |= (byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      // An overlong form (a zero final byte after a continuation) is refused, so every value has
      // exactly one encoding and stored bytes stay canonical.
      if (byte == 0 && i > 0) return false;
      in->remove_prefix(i + 1);
      *value = result;
      return true;
    }
  }
  return false;
}

bool GetLengthPrefixed(std::string_view* in, std::string_view* value) {
  uint32_t length = 0;
  if (!GetVarint32(in, &length) || in->size() < length) return false;
  *value = in->substr(0, length);
  in->remove_prefix(length);
  return true;
}

void PutVarint64(std::string* dst, uint64_t value) {
  constexpr uint64_t kContinuation = 0x80;
  while (value >= kContinuation) {
    dst->push_back(static_cast<char>(value | kContinuation));
    value >>= 7;
  }
  dst->push_back(static_cast<char>(value));
}

void PutVarsint64(std::string* dst, int64_t value) {
  PutVarint64(dst, (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
}

bool GetVarint64(std::string_view* in, uint64_t* value) {
  constexpr size_t kMaxVarint64Bytes = 10;
  uint64_t result = 0;
  for (size_t i = 0; i < kMaxVarint64Bytes && i < in->size(); ++i) {
    uint64_t byte = static_cast<uint8_t>((*in)[i]);
    if (i == kMaxVarint64Bytes - 1 && byte > 0x01) return false;  // beyond 64 bits
    result |= (byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (byte == 0 && i > 0) return false;  // overlong
      in->remove_prefix(i + 1);
      *value = result;
      return true;
    }
  }
  return false;
}

bool GetVarsint64(std::string_view* in, int64_t* value) {
  uint64_t u = 0;
  if (!GetVarint64(in, &u)) return false;
  *value = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return true;
}

bool GetByte(std::string_view* in, uint8_t* value) {
  if (in->empty()) return false;
  *value = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  return true;
}

}  // namespace headlock::value_coding
