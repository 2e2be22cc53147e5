#include "headlock/value/base64.h"

#include <array>
#include <cstdint>

namespace headlock {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int8_t kInvalid = -1;

constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}

constexpr std::array<int8_t, 256> kDecodeTable = MakeDecodeTable();

bool Fail(std::string* error, std::string reason) {
  if (error != nullptr) *error = std::move(reason);
  return false;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16 | static_cast<uint8_t>(bytes[i + 1]) << 8 |
                 static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += kAlphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += "==";
  } else if (rest == 2) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16 | static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += '=';
  }
  return out;
}

bool Base64Decode(std::string_view text, std::string* out, std::string* error) {
  out->clear();
  if (text.size() % 4 != 0) {
    return Fail(error, "Base64 encoded length is expected a multiple of 4 bytes but found: " +
                           std::to_string(text.size()));
  }
  out->reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    // Padding may only appear in the last quantum, as "x===" is never valid
    // and "xx==" / "xxx=" are the only padded forms.
    int pad = 0;
    if (last && text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
    uint32_t v = 0;
    for (int j = 0; j < 4 - pad; ++j) {
      int8_t d = kDecodeTable[static_cast<uint8_t>(text[i + j])];
      if (d == kInvalid)
        return Fail(error, "Invalid Base64 character at position " + std::to_string(i + j));
      v = v << 6 | static_cast<uint32_t>(d);
    }
    if (pad == 0) {
      *out += static_cast<char>(v >> 16 & 0xFF);
      *out += static_cast<char>(v >> 8 & 0xFF);
      *out += static_cast<char>(v & 0xFF);
    } else if (pad == 1) {
      // 3 characters carry 18 bits for 2 bytes: the low 2 bits must be zero.
      if ((v & 0x3) != 0) return Fail(error, "Invalid Base64 padding bits");
      v >>= 2;
      *out += static_cast<char>(v >> 8 & 0xFF);
      *out += static_cast<char>(v & 0xFF);
    } else {
      // 2 characters carry 12 bits for 1 byte: the low 4 bits must be zero.
      if ((v & 0xF) != 0) return Fail(error, "Invalid Base64 padding bits");
      *out += static_cast<char>(v >> 4 & 0xFF);
    }
  }
  return true;
}

}  // namespace headlock
