// Varint and length-prefixed encodings in LevelDB's style (util/coding.h):
// Put* appends to a std::string, Get* consumes from the front of a
// std::string_view and returns false on malformed or truncated input.
//
// Shared by the item codec (value/) and the catalog (ddb/). Overlong varints
// are refused so that every value has exactly one encoding.
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

// 64-bit forms, and a zig-zag signed form for values that may be negative
// (capacity settings of -1, times).
void PutVarint64(std::string* dst, uint64_t value);
void PutVarsint64(std::string* dst, int64_t value);
bool GetVarint64(std::string_view* in, uint64_t* value);
bool GetVarsint64(std::string_view* in, int64_t* value);
bool GetByte(std::string_view* in, uint8_t* value);

}  // namespace headlock::value_coding
