// KeySchema: the primary key of a table or the key of a secondary index
// (DynamoDB's KeySchema plus the AttributeDefinitions of its attributes).
#pragma once

#include <optional>
#include <string>

#include "headlock/value/attribute_value.h"

namespace headlock {

// A key attribute: a top-level attribute of type S, N or B.
struct KeyAttribute {
  std::string name;
  AttributeType type = AttributeType::kS;
  bool operator==(const KeyAttribute&) const = default;
};

struct KeySchema {
  KeyAttribute partition_key;             // KeyType HASH
  std::optional<KeyAttribute> sort_key;   // KeyType RANGE
  bool operator==(const KeySchema&) const = default;

  // True if `name` is the partition or the sort key attribute.
  bool IsKeyAttribute(std::string_view name) const {
    return partition_key.name == name || (sort_key && sort_key->name == name);
  }
};

}  // namespace headlock
