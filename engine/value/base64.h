// Standard base64 (RFC 4648, with padding): the text form of B values in
// DynamoDB's messages and JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace headlock {

// Appends the base64 encoding of `bytes` to `dst`.
void AppendBase64(std::string_view bytes, std::string* dst);

inline std::string Base64(std::string_view bytes) {
  std::string out;
  AppendBase64(bytes, &out);
  return out;
}

}  // namespace headlock
