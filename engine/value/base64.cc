#include "value/base64.h"

namespace headlock {

void AppendBase64(std::string_view bytes, std::string* dst) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  dst->reserve(dst->size() + (bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    dst->push_back(kAlphabet[(v >> 18) & 63]);
    dst->push_back(kAlphabet[(v >> 12) & 63]);
    dst->push_back(kAlphabet[(v >> 6) & 63]);
    dst->push_back(kAlphabet[v & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return;
  uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
  if (rest == 2) v |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
  dst->push_back(kAlphabet[(v >> 18) & 63]);
  dst->push_back(kAlphabet[(v >> 12) & 63]);
  dst->push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
  dst->push_back('=');
}

}  // namespace headlock
