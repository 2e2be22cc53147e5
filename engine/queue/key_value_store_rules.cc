// The key-value store's input rules (record keys, store names, content
// types), its ids, and small item helpers.
#include <fmt/format.h>

#include "queue/key_value_store_internal.h"

namespace headlock {
namespace kv {

std::string GetS(const Item& item, std::string_view name) {
  auto it = item.find(name);
  return it != item.end() && it->second.is_s() ? it->second.s() : std::string();
}

int64_t GetInt(const Item& item, std::string_view name) {
  auto it = item.find(name);
  int64_t out = 0;
  if (it == item.end() || !it->second.is_n() || !it->second.n().ToInt64(&out)) return 0;
  return out;
}

std::string ChunkId(std::string_view blob_id, int64_t chunk_no) {
  return fmt::format("{}#{}", blob_id, chunk_no);
}

Status ValidateContentType(std::string_view content_type) {
  if (content_type.size() > kMaxContentTypeBytes) {
    return Status::InvalidInput(
        fmt::format("Content type is longer than {} bytes", kMaxContentTypeBytes));
  }
  for (unsigned char c : content_type) {
    if (c < 0x20 || c > 0x7e) {
      return Status::InvalidInput("Content type may hold printable ASCII characters only");
    }
  }
  return Status::OK();
}

bool IsValidUtf8(std::string_view s, size_t* chars) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len;
    uint32_t cp;
    if (c < 0x80) {
      len = 1, cp = c;
    } else if ((c & 0xe0) == 0xc0) {
      len = 2, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  if (chars != nullptr) *chars = n;
  return true;
}

std::string RandomId(uint64_t* state) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string id;
  id.reserve(kStoreIdChars);
  // One draw per character; 2^64 mod 62 makes the bias negligible (< 2^-58).
  for (size_t i = 0; i < kStoreIdChars; ++i) id += kAlphabet[SplitMix64(state) % kAlphabet.size()];
  return id;
}

}  // namespace kv

namespace {

Status InvalidKey(std::string message) {
  return Status(Status::Code::kInvalidRecordKey, std::move(message));
}

bool IsApifyKeyChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' ||
         c == '-' || c == '_' || c == '.' || c == '\'' || c == '(' || c == ')';
}

}  // namespace

Status ValidateRecordKey(std::string_view key, bool allow_unicode_keys) {
  if (key.empty()) return InvalidKey("Record key must not be empty");
  if (!allow_unicode_keys) {
    if (key.size() > kMaxRecordKeyChars) {
      return InvalidKey(fmt::format("Record key is longer than {} characters", kMaxRecordKeyChars));
    }
    for (unsigned char c : key) {
      if (!IsApifyKeyChar(c)) {
        return InvalidKey(
            "Record key contains invalid characters: it may only contain letters, digits and "
            "!-_.'() (KEY_VALUE_STORE_KEY_REGEX ^([a-zA-Z0-9!\\-_.'()]{1,256})$)");
      }
    }
    return Status::OK();
  }
  size_t chars = 0;
  if (!kv::IsValidUtf8(key, &chars)) return InvalidKey("Record key is not valid UTF-8");
  if (chars > kMaxRecordKeyChars) {
    return InvalidKey(fmt::format("Record key is longer than {} characters", kMaxRecordKeyChars));
  }
  for (unsigned char c : key) {
    if (c < 0x20 || c == 0x7f) {
      return InvalidKey("Record key must not contain control characters");
    }
  }
  return Status::OK();
}

Status ValidateStoreName(std::string_view name) {
  if (name.empty()) return Status::InvalidInput("Key-value store name must not be empty");
  if (name.size() > kMaxStoreNameChars) {
    return Status::InvalidInput(
        fmt::format("Key-value store name is longer than {} characters", kMaxStoreNameChars));
  }
  for (unsigned char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      return Status::InvalidInput(
          "Key-value store name may only contain letters, digits and hyphens ('-')");
    }
  }
  if (name.front() == '-' || name.back() == '-') {
    return Status::InvalidInput("Key-value store name must not start or end with a hyphen");
  }
  return Status::OK();
}

}  // namespace headlock
