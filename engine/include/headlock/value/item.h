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

// Validates an item to be written (PutItem): every value well formed (sets
// non-empty and unique, NULL true, nesting depth), item size at most
// kMaxItemSizeBytes, key attributes present with the declared type, non-empty
// and within the key size limits. Errors: ValidationException with DynamoDB's
// messages (reference/dynamodb.md §1.3–1.4, §7.4).
Status ValidateItem(const Item& item, const KeySchema& schema);

// Validates a key (GetItem, DeleteItem, UpdateItem's Key): exactly the key
// attributes of `schema`, with the declared types, non-empty, within limits.
// Error: "The provided key element does not match the schema" and the type,
// empty and size messages of §1.4.
Status ValidateKey(const Item& key, const KeySchema& schema);

// Checks the key size limits and non-emptiness of one key value.
// `is_partition_key` selects the 2048 or 1024 byte limit.
Status ValidateKeyValue(const AttributeValue& value, const KeyAttribute& attr,
                        bool is_partition_key);

// Extracts the key attributes of `item` under `schema`.
// REQUIRES: ValidateItem(item, schema).ok() or ValidateKey(item, schema).ok().
Item ExtractKey(const Item& item, const KeySchema& schema);

}  // namespace headlock
