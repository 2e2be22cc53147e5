// The LevelDB key layout of a Database (a persistent format: append only).
//
//   'C' table_name                         -> TableRecord (table_codec.h)
//   'N'                                    -> next object id (fixed32)
//   'K'                                    -> clean-shutdown marker with stats
//   'D' id(4)                              -> a dropped table/index being reclaimed
//   'I' table_id(4) pk [sk]                -> item (item_codec.h)
//   'X' index_id(4) ipk [isk] pk [sk]      -> projected item of a GSI entry
//
// ids are big-endian so that one object's keys are contiguous; pk, sk, ipk,
// isk are order-preserving key encodings (key_encoding.h), so LevelDB's
// bytewise order is DynamoDB's order within a partition.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "headlock/value/attribute_value.h"
#include "headlock/value/key_schema.h"

namespace headlock::ddb {

inline constexpr char kCatalogTag = 'C';
inline constexpr char kNextIdTag = 'N';
inline constexpr char kCleanShutdownTag = 'K';
inline constexpr char kDroppedTag = 'D';
inline constexpr char kItemTag = 'I';
inline constexpr char kIndexTag = 'X';

void AppendFixed32BigEndian(uint32_t v, std::string* dst);
uint32_t DecodeFixed32BigEndian(const char* p);

// 'I' id  (the prefix of all of a table's items).
std::string ItemPrefix(uint32_t table_id);
// 'X' id  (the prefix of all of an index's entries).
std::string IndexPrefix(uint32_t index_id);
// The first key after every key starting with `prefix`.
std::string PrefixSuccessor(std::string prefix);

// Appends the encoded key attributes of `item` under `schema`: pk then sk.
// REQUIRES: the item has the key attributes with the right types.
void AppendKeyOf(const Item& item, const KeySchema& schema, std::string* dst);

// The encoded partition-key value of `item` (which must have it).
std::string PartitionOf(const Item& item, const KeySchema& schema);

// True if `item` has both key attributes of `schema` with the declared
// types (a sparse index holds only such items).
bool HasKeyOf(const Item& item, const KeySchema& schema);

// Decodes the key attributes of `schema` from the front of `*in` into `key`.
bool DecodeKeyOf(std::string_view* in, const KeySchema& schema, Item* key);

}  // namespace headlock::ddb
