// Typed access to the members of one object of a DynamoDB request body, with
// DynamoDB's error messages. Internal to ddb_json_*.cc.
//
// A member that is absent or JSON null counts as absent (as in DynamoDB's
// deserializer). A member of the wrong JSON type is a SerializationException
// in Coral's words; a missing required member or an unknown enum value is a
// ValidationException naming the member by its path in the request, in
// DynamoDB's lowerCamel form with 1-based list positions:
// 'globalSecondaryIndexes.1.member.keySchema'.
//
// Thread safety: a FieldReader refers to a JSON value it does not own; use
// it on one thread while that value lives.
#pragma once

#include <rapidjson/document.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "headlock/ddb/requests.h"
#include "headlock/result.h"
#include "headlock/status.h"

namespace headlock::json {

// Coral's SerializationException for `json` found where a `target` (String,
// Long, Boolean, List, Map, Structure) belongs.
Status WrongJsonType(const rapidjson::Value& json, std::string_view target);

// "1 validation error detected: Value null at '<path>' failed to satisfy
// constraint: Member must not be null".
Status MissingMember(std::string_view path);

// "1 validation error detected: Value <value> at '<path>' failed to satisfy
// constraint: <constraint>", `value` already quoted as DynamoDB quotes it;
// an empty `value` gives "Value at '<path>'".
Status ConstraintViolation(std::string_view value, std::string_view path,
                           std::string_view constraint);

// One enum: its wire names and the "[A, B]" set DynamoDB's message lists
// (in the service's own order, which is not alphabetical).
template <typename E>
struct EnumSpec {
  std::vector<std::pair<std::string_view, E>> values;
  std::string_view value_set;
};

class FieldReader {
 public:
  // Fails with SerializationException when `json` is not an object. `path`
  // is the object's own path ("" for the request body).
  static Result<FieldReader> Open(const rapidjson::Value& json, std::string path);

  // The member, or nullptr when it is absent or null.
  const rapidjson::Value* Find(std::string_view name) const;
  // DynamoDB's path of member `name`: "globalSecondaryIndexes.1.member." + "indexName".
  std::string PathOf(std::string_view name) const;
  // The path of the `position`-th (0-based) element of list member `name`.
  std::string ElementPath(std::string_view name, size_t position) const;

  Result<std::optional<std::string>> OptionalString(std::string_view name) const;
  Result<std::string> RequiredString(std::string_view name) const;
  Result<std::optional<bool>> OptionalBool(std::string_view name) const;
  // Long and Integer members (Limit, ReadCapacityUnits, ...).
  Result<std::optional<int64_t>> OptionalLong(std::string_view name) const;
  Result<std::optional<int>> OptionalInteger(std::string_view name) const;
  Result<std::optional<Item>> OptionalItem(std::string_view name) const;
  Result<Item> RequiredItem(std::string_view name) const;
  // A list member: the array, or nullptr when absent. Wrong type fails.
  Result<const rapidjson::Value*> OptionalList(std::string_view name) const;
  // A map/structure member: the object, or nullptr when absent.
  Result<const rapidjson::Value*> OptionalObject(std::string_view name) const;

  // ExpressionAttributeNames and ExpressionAttributeValues.
  Status ReadExpressionAttributes(ExpressionAttributes* out) const;

  // Rejects the legacy (pre-expression) parameters this request may carry.
  Status RejectLegacy(std::initializer_list<std::string_view> names) const;

  template <typename E>
  Result<std::optional<E>> OptionalEnum(std::string_view name, const EnumSpec<E>& spec) const {
    HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(name));
    if (!text) return std::optional<E>();
    for (const auto& [wire, value] : spec.values) {
      if (wire == *text) return std::optional<E>(value);
    }
    return EnumViolation(*text, name, spec.value_set);
  }
  template <typename E>
  Result<E> RequiredEnum(std::string_view name, const EnumSpec<E>& spec) const {
    HEADLOCK_ASSIGN_OR_RETURN(std::optional<E> value, OptionalEnum(name, spec));
    if (!value) return MissingMember(PathOf(name));
    return *value;
  }

 private:
  FieldReader(const rapidjson::Value& json, std::string path)
      : json_(&json), path_(std::move(path)) {}
  Status EnumViolation(std::string_view text, std::string_view name,
                       std::string_view value_set) const;

  const rapidjson::Value* json_;
  std::string path_;
};

// The enums of requests.h and table.h.
extern const EnumSpec<ReturnValues> kReturnValuesSpec;
extern const EnumSpec<ReturnConsumedCapacity> kReturnConsumedCapacitySpec;
extern const EnumSpec<ReturnValuesOnConditionCheckFailure> kReturnValuesOnFailureSpec;
extern const EnumSpec<Select> kSelectSpec;
extern const EnumSpec<BillingMode> kBillingModeSpec;
extern const EnumSpec<ProjectionType> kProjectionTypeSpec;

}  // namespace headlock::json
