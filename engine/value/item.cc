#include "headlock/value/item.h"

namespace headlock {
namespace {

// DynamoDB's messages (reference/dynamodb.md §1.3–1.4, §7.4).
constexpr std::string_view kInvalidPrefix = "One or more parameter values were invalid: ";
constexpr std::string_view kItemTooLarge = "Item size has exceeded the maximum allowed size";
constexpr std::string_view kKeyMismatch = "The provided key element does not match the schema";
constexpr std::string_view kNestingTooDeep = "Nesting Levels have exceeded supported limits";
// No space before 2048: DynamoDB's text.
constexpr std::string_view kHashKeyTooLarge =
    "Size of hashkey has exceeded the maximum size limit of2048 bytes";
constexpr std::string_view kRangeKeyTooLarge =
    "Aggregated size of all range keys has exceeded the size limit of 1024 bytes";
constexpr std::string_view kEmptyStringKey = "An AttributeValue may not contain an empty string";
// Not in the reference: DynamoDB's S wording with "binary value" (as its index-key message
// does for B, reference §1.5).
constexpr std::string_view kEmptyBinaryKey =
    "An AttributeValue may not contain an empty binary value";

Status Invalid(std::string_view detail) {
  std::string message(kInvalidPrefix);
  message.append(detail);
  return Status::Validation(std::move(message));
}

Status ValidateNested(const AttributeValue& value, int depth) {
  if (value.is_m() || value.is_l()) {
    if (depth + 1 > kMaxNestingDepth) return Status::Validation(std::string(kNestingTooDeep));
    if (value.is_m()) {
      for (const auto& [name, v] : value.m())
        HEADLOCK_RETURN_IF_ERROR(ValidateNested(v, depth + 1));
    } else {
      for (const AttributeValue& v : value.l())
        HEADLOCK_RETURN_IF_ERROR(ValidateNested(v, depth + 1));
    }
  }
  return Status::OK();
}

// The key value of `name` in `item`, or nullptr.
const AttributeValue* Find(const Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? nullptr : &it->second;
}

}  // namespace

size_t ItemSizeBytes(const Item& item) {
  size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + value.SizeBytes();
  return size;
}

Status ValidateAttributeValue(const AttributeValue& value) { return ValidateNested(value, 0); }

Status ValidateKeyValue(const AttributeValue& value, const KeyAttribute& attr,
                        bool is_partition_key) {
  if (value.type() != attr.type) {
    return Invalid("Type mismatch for key " + attr.name +
                   " expected: " + std::string(AttributeTypeName(attr.type)) +
                   " actual: " + std::string(AttributeTypeName(value.type())));
  }
  size_t size = 0;
  switch (value.type()) {
    case AttributeType::kS:
      if (value.s().empty()) return Invalid(kEmptyStringKey);
      size = value.s().size();
      break;
    case AttributeType::kB:
      if (value.b().empty()) return Invalid(kEmptyBinaryKey);
      size = value.b().size();
      break;
    default:
      // N (a Number is never larger than 21 bytes, far below both limits).
      size = value.SizeBytes();
      break;
  }
  if (is_partition_key && size > kMaxPartitionKeySizeBytes) return Invalid(kHashKeyTooLarge);
  if (!is_partition_key && size > kMaxSortKeySizeBytes) return Invalid(kRangeKeyTooLarge);
  return Status::OK();
}

Status ValidateItem(const Item& item, const KeySchema& schema) {
  for (const auto& [name, value] : item) HEADLOCK_RETURN_IF_ERROR(ValidateAttributeValue(value));
  auto check_key = [&](const KeyAttribute& attr, bool is_partition_key) -> Status {
    const AttributeValue* value = Find(item, attr.name);
    if (value == nullptr) return Invalid("Missing the key " + attr.name + " in the item");
    return ValidateKeyValue(*value, attr, is_partition_key);
  };
  HEADLOCK_RETURN_IF_ERROR(check_key(schema.partition_key, /*is_partition_key=*/true));
  if (schema.sort_key) {
    HEADLOCK_RETURN_IF_ERROR(check_key(*schema.sort_key, /*is_partition_key=*/false));
  }
  if (ItemSizeBytes(item) > kMaxItemSizeBytes)
    return Status::Validation(std::string(kItemTooLarge));
  return Status::OK();
}

Status ValidateKey(const Item& key, const KeySchema& schema) {
  const size_t expected = schema.sort_key ? 2 : 1;
  if (key.size() != expected) return Status::Validation(std::string(kKeyMismatch));
  auto check_key = [&](const KeyAttribute& attr, bool is_partition_key) -> Status {
    const AttributeValue* value = Find(key, attr.name);
    // DynamoDB answers a key of the wrong type with the schema message, not "Type mismatch"
    // (that one is for items; as dynalite's validateKey does).
    if (value == nullptr || value->type() != attr.type) {
      return Status::Validation(std::string(kKeyMismatch));
    }
    return ValidateKeyValue(*value, attr, is_partition_key);
  };
  HEADLOCK_RETURN_IF_ERROR(check_key(schema.partition_key, /*is_partition_key=*/true));
  if (schema.sort_key) {
    HEADLOCK_RETURN_IF_ERROR(check_key(*schema.sort_key, /*is_partition_key=*/false));
  }
  return Status::OK();
}

Item ExtractKey(const Item& item, const KeySchema& schema) {
  Item key;
  if (const AttributeValue* pk = Find(item, schema.partition_key.name)) {
    key.emplace(schema.partition_key.name, *pk);
  }
  if (schema.sort_key) {
    if (const AttributeValue* sk = Find(item, schema.sort_key->name)) {
      key.emplace(schema.sort_key->name, *sk);
    }
  }
  return key;
}

}  // namespace headlock
