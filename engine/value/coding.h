// Varint and length-prefixed encodings in LevelDB's style (util/coding.h):
// Put* appends to a std::string, Get* consumes from the front of a
// std::string_view and returns false on malformed or truncated input.
//
// In their own namespace: engine/common/coding.h (ddb/) declares functions of
// the same names in `headlock`, and those accept overlong varints, which the
// canonical item encoding must refuse.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace headlock::value_coding {

// Largest encoding of a varint32 (7 bits per byte).
inline constexpr size_t kMaxVarint32Bytes = 5;

void PutVarint32(std::string* dst, uint32_t value);
// REQUIRES: value.size() < 2^32.
void PutLengthPrefixed(std::string* dst, std::string_view value);

// On success advances `*in` past the parsed value. On failure `*in` is unspecified.
// Unlike LevelDB, overlong varints (e.g. 0x80 0x00 for 0) are refused.
bool GetVarint32(std::string_view* in, uint32_t* value);
bool GetLengthPrefixed(std::string_view* in, std::string_view* value);

}  // namespace headlock::value_coding
