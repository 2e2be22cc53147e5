// Item-level rules: DynamoDB's item size, the item and key size limits, and
// validation of a whole item or key against a key schema.
#pragma once

#include <cstddef>
#include <string>

#include "headlock/status.h"
#include "headlock/value/attribute_value.h"
#include "headlock/value/key_schema.h"

namespace headlock {

inline constexpr size_t kMaxItemSizeBytes = 409600;         // DynamoDB item size limit (400 KB)
inline constexpr size_t kMaxPartitionKeySizeBytes = 2048;   // DynamoDB partition key value limit
inline constexpr size_t kMaxSortKeySizeBytes = 1024;        // DynamoDB sort key value limit
inline constexpr int kMaxNestingDepth = 32;                 // DynamoDB nesting depth of M and L
inline constexpr size_t kStorageOverheadBytesPerItem = 100; // billed storage overhead per item

// Sum over top-level attributes of (UTF-8 bytes of the name + value size).
size_t ItemSizeBytes(const Item& item);

// Validates one value wherever it appears (a whole item's attribute, or a
// value an UpdateItem builds): M and L nesting at most kMaxNestingDepth, where
// an M or L counts one level and everything inside it one more (so a
// top-level M holding 31 nested M levels is the deepest allowed). Sets are
// well formed by construction (AttributeValue::SS/NS/BS). Error:
// ValidationException "Nesting Levels have exceeded supported limits".
Status ValidateAttributeValue(const AttributeValue& value);

// Validates an item to be written (PutItem): every value well formed (sets
// non-empty and unique, NULL true, nesting depth), item size at most
// kMaxItemSizeBytes, key attributes present with the declared type, non-empty
// and within the key size limits. Checked in that order: values, partition
// key, sort key, item size. Errors: ValidationException with DynamoDB's
// messages (reference/dynamodb.md §1.3–1.4, §7.4); a missing key attribute is
// "One or more parameter values were invalid: Missing the key {k} in the item".
Status ValidateItem(const Item& item, const KeySchema& schema);

// Validates a key (GetItem, DeleteItem, UpdateItem's Key): exactly the key
// attributes of `schema`, with the declared types, non-empty, within limits.
// Errors: "The provided key element does not match the schema" for a missing,
// extra or wrongly typed attribute (DynamoDB uses the "Type mismatch" message
// only for items), then the empty and size messages of §1.4.
Status ValidateKey(const Item& key, const KeySchema& schema);

// Checks the type ("Type mismatch for key ..."), non-emptiness and key size
// limit of one key value. Size: bytes for S and B, Number::SizeBytes for N.
// Empty B uses "...An AttributeValue may not contain an empty binary value"
// (DynamoDB's S wording adapted; no source gives the B text).
// `is_partition_key` selects the 2048 or 1024 byte limit.
Status ValidateKeyValue(const AttributeValue& value, const KeyAttribute& attr,
                        bool is_partition_key);

// Extracts the key attributes of `item` under `schema`.
// REQUIRES: ValidateItem(item, schema).ok() or ValidateKey(item, schema).ok().
Item ExtractKey(const Item& item, const KeySchema& schema);

}  // namespace headlock
