#include "json/ddb_json_fields.h"

#include "json/attribute_json.h"

namespace headlock::json {
namespace {



// DynamoDB names members in messages as its Java model does: lowerCamel.
std::string LowerCamel(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z')
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

}  // namespace

Status WrongJsonType(const rapidjson::Value& json, std::string_view target) {
  // Objects and arrays in the wrong place get Coral's structural wording
  // (the same as attribute_json.cc uses for AttributeValues).
  if (json.IsObject()) {
    return SerializationError("Start of structure or map found where not expected.");
  }
  if (json.IsArray()) return SerializationError("Start of list found where not expected");
  std::string message(TokenName(json));
  message += " cannot be converted to ";
  message += target;
  return SerializationError(std::move(message));
}

Status MissingMember(std::string_view path) {
  return ConstraintViolation("null", path, "Member must not be null");
}

Status ConstraintViolation(std::string_view value, std::string_view path,
                           std::string_view constraint) {
  // DynamoDB leaves the value out where it would be a whole list.
  std::string message = "1 validation error detected: Value ";
  if (!value.empty()) {
    message += value;
    message += ' ';
  }
  message += "at '";
  message += path;
  message += "' failed to satisfy constraint: ";
  message += constraint;
  return Status::Validation(std::move(message));
}

Result<FieldReader> FieldReader::Open(const rapidjson::Value& json, std::string path) {
  if (!json.IsObject()) {
    // Coral's wording for a scalar or list where a structure belongs.
    if (json.IsArray()) return SerializationError("Start of list found where not expected");
    return WrongJsonType(json, "Structure");
  }
  return FieldReader(json, std::move(path));
}

const rapidjson::Value* FieldReader::Find(std::string_view name) const {
  // A repeated member keeps its last value, as in attribute_json.cc.
  const rapidjson::Value* found = nullptr;
  for (const auto& m : json_->GetObject()) {
    if (ToView(m.name) == name) found = &m.value;
  }
  if (found != nullptr && found->IsNull()) return nullptr;
  return found;
}

std::string FieldReader::PathOf(std::string_view name) const { return path_ + LowerCamel(name); }

std::string FieldReader::ElementPath(std::string_view name, size_t position) const {
  return PathOf(name) + "." + std::to_string(position + 1) + ".member.";
}

Result<std::optional<std::string>> FieldReader::OptionalString(std::string_view name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->IsString()) return WrongJsonType(*v, "String");
  return std::optional<std::string>(std::string(ToView(*v)));
}

Result<std::string> FieldReader::RequiredString(std::string_view name) const {
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> s, OptionalString(name));
  if (!s) return MissingMember(PathOf(name));
  return std::move(*s);
}

Result<std::optional<bool>> FieldReader::OptionalBool(std::string_view name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return std::optional<bool>();
  if (!v->IsBool()) return WrongJsonType(*v, "Boolean");
  return std::optional<bool>(v->GetBool());
}

Result<std::optional<int64_t>> FieldReader::OptionalLong(std::string_view name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return std::optional<int64_t>();
  if (!v->IsInt64()) return WrongJsonType(*v, "Long");
  return std::optional<int64_t>(v->GetInt64());
}

Result<std::optional<int>> FieldReader::OptionalInteger(std::string_view name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return std::optional<int>();
  if (!v->IsInt()) return WrongJsonType(*v, "Integer");
  return std::optional<int>(v->GetInt());
}

Result<std::optional<Item>> FieldReader::OptionalItem(std::string_view name) const {
  const rapidjson::Value* v = Find(name);
  if (v == nullptr) return std::optional<Item>();
  HEADLOCK_ASSIGN_OR_RETURN(Item item, ParseItem(*v));
  return std::optional<Item>(std::move(item));
}

Result<Item> FieldReader::RequiredItem(std::string_view name) const {
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<Item> item, OptionalItem(name));
  if (!item) return MissingMember(PathOf(name));
  return std::move(*item);
}

Result<const rapidjson::Value*> FieldReader::OptionalList(std::string_view name) const {
  const rapidjson::Value* v = Find(name);
  if (v != nullptr && !v->IsArray()) return WrongJsonType(*v, "List");
  return v;
}

Result<const rapidjson::Value*> FieldReader::OptionalObject(std::string_view name) const {
  const rapidjson::Value* v = Find(name);
  if (v != nullptr && !v->IsObject()) return WrongJsonType(*v, "Map");
  return v;
}

Status FieldReader::ReadExpressionAttributes(ExpressionAttributes* out) const {
  if (const rapidjson::Value* names = Find("ExpressionAttributeNames")) {
    HEADLOCK_ASSIGN_OR_RETURN(out->expression_attribute_names,
                              ParseExpressionAttributeNames(*names));
  }
  if (const rapidjson::Value* values = Find("ExpressionAttributeValues")) {
    HEADLOCK_ASSIGN_OR_RETURN(out->expression_attribute_values,
                              ParseExpressionAttributeValues(*values));
  }
  return Status::OK();
}

Status FieldReader::RejectLegacy(std::initializer_list<std::string_view> names) const {
  for (std::string_view name : names) {
    if (Find(name) == nullptr) continue;
    std::string message = "Headlock supports only the expression parameters; the legacy parameter ";
    message += name;
    message += " is not supported";
    return Status::Validation(std::move(message));
  }
  return Status::OK();
}

Status FieldReader::EnumViolation(std::string_view text, std::string_view name,
                                  std::string_view value_set) const {
  std::string value = "'";
  value += text;
  value += "'";
  std::string constraint = "Member must satisfy enum value set: ";
  constraint += value_set;
  return ConstraintViolation(value, PathOf(name), constraint);
}

// Value sets in the order the service lists them (dynalite, copied from AWS).
const EnumSpec<ReturnValues> kReturnValuesSpec = {
    {{"NONE", ReturnValues::kNone},
     {"ALL_OLD", ReturnValues::kAllOld},
     {"UPDATED_OLD", ReturnValues::kUpdatedOld},
     {"ALL_NEW", ReturnValues::kAllNew},
     {"UPDATED_NEW", ReturnValues::kUpdatedNew}},
    "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"};
const EnumSpec<ReturnConsumedCapacity> kReturnConsumedCapacitySpec = {
    {{"NONE", ReturnConsumedCapacity::kNone},
     {"TOTAL", ReturnConsumedCapacity::kTotal},
     {"INDEXES", ReturnConsumedCapacity::kIndexes}},
    "[INDEXES, TOTAL, NONE]"};
const EnumSpec<ReturnValuesOnConditionCheckFailure> kReturnValuesOnFailureSpec = {
    {{"NONE", ReturnValuesOnConditionCheckFailure::kNone},
     {"ALL_OLD", ReturnValuesOnConditionCheckFailure::kAllOld}},
    "[ALL_OLD, NONE]"};
const EnumSpec<Select> kSelectSpec = {
    {{"ALL_ATTRIBUTES", Select::kAllAttributes},
     {"ALL_PROJECTED_ATTRIBUTES", Select::kAllProjectedAttributes},
     {"SPECIFIC_ATTRIBUTES", Select::kSpecificAttributes},
     {"COUNT", Select::kCount}},
    "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"};
const EnumSpec<BillingMode> kBillingModeSpec = {
    {{"PROVISIONED", BillingMode::kProvisioned}, {"PAY_PER_REQUEST", BillingMode::kPayPerRequest}},
    "[PROVISIONED, PAY_PER_REQUEST]"};
const EnumSpec<ProjectionType> kProjectionTypeSpec = {{{"ALL", ProjectionType::kAll},
                                                       {"KEYS_ONLY", ProjectionType::kKeysOnly},
                                                       {"INCLUDE", ProjectionType::kInclude}},
                                                      "[ALL, INCLUDE, KEYS_ONLY]"};

}  // namespace headlock::json
