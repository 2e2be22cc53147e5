// Compact, versioned binary encoding of whole items (the stored form of an
// item in LevelDB). Not JSON.
//
// Format v1: byte 0x01 (version), varint32 attribute count, then per
// attribute: varint32 name length, name bytes, value. A value is its
// AttributeType tag byte followed by
//   S, B  : varint32 length, bytes
//   N     : the order-preserving number encoding (key_encoding.h)
//   BOOL  : one byte 0 or 1
//   NULL  : nothing
//   M     : varint32 count, then (name, value) pairs as above
//   L     : varint32 count, then values
//   SS, BS: varint32 count, then (varint32 length, bytes) each
//   NS    : varint32 count, then numbers
#pragma once

#include <string>
#include <string_view>

#include "headlock/status.h"
#include "headlock/value/attribute_value.h"

namespace headlock {

inline constexpr uint8_t kItemCodecVersion = 1;

// Appends the encoding of `item` to `dst`.
void EncodeItem(const Item& item, std::string* dst);

// Decodes a whole encoded item. Errors: Storage("corrupt item encoding ...")
// when the bytes are malformed or of an unknown version.
Status DecodeItem(std::string_view data, Item* item);

}  // namespace headlock
