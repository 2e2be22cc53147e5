// Request bodies -> request structs (see ddb_json.h for the rules).
#include <fmt/format.h>

#include <utility>

#include "json/attribute_json.h"
#include "json/ddb_json.h"
#include "json/ddb_json_fields.h"

namespace headlock::json {
namespace {

template <typename E>
Status ReadEnum(const FieldReader& r, std::string_view name, const EnumSpec<E>& spec, E* out) {
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<E> value, r.OptionalEnum(name, spec));
  if (value) *out = *value;
  return Status::OK();
}

Status ReadBool(const FieldReader& r, std::string_view name, bool* out) {
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<bool> value, r.OptionalBool(name));
  if (value) *out = *value;
  return Status::OK();
}

Status ReadReturnConsumedCapacity(const FieldReader& r, ReturnConsumedCapacity* out) {
  return ReadEnum(r, "ReturnConsumedCapacity", kReturnConsumedCapacitySpec, out);
}

// A required list member: the array (possibly empty).
Result<const rapidjson::Value*> RequiredList(const FieldReader& r, std::string_view name) {
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* list, r.OptionalList(name));
  if (list == nullptr) return MissingMember(r.PathOf(name));
  return list;
}

// ---------------------------------------------------------------- control plane

enum class KeyType { kHash, kRange };
const EnumSpec<KeyType> kKeyTypeSpec = {{{"HASH", KeyType::kHash}, {"RANGE", KeyType::kRange}},
                                        "[HASH, RANGE]"};

// KeySchema: one HASH element, optionally followed by one RANGE element.
// Attribute types are left to the engine, which takes them from
// AttributeDefinitions.
Result<KeySchema> ReadKeySchema(const FieldReader& r, std::string_view name) {
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* list, RequiredList(r, name));
  if (list->Empty()) {
    return ConstraintViolation("'[]'", r.PathOf(name),
                               "Member must have length greater than or equal to 1");
  }
  if (list->Size() > 2) {
    return ConstraintViolation("", r.PathOf(name),
                               "Member must have length less than or equal to 2");
  }
  KeySchema schema;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    HEADLOCK_ASSIGN_OR_RETURN(FieldReader e, FieldReader::Open((*list)[i], r.ElementPath(name, i)));
    HEADLOCK_ASSIGN_OR_RETURN(std::string attribute, e.RequiredString("AttributeName"));
    HEADLOCK_ASSIGN_OR_RETURN(KeyType type, e.RequiredEnum("KeyType", kKeyTypeSpec));
    if (i == 0 && type != KeyType::kHash) {
      return Status::Validation(
          "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (i == 1 && type != KeyType::kRange) {
      return Status::Validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (i == 0) {
      schema.partition_key.name = std::move(attribute);
    } else {
      schema.sort_key = KeyAttribute{std::move(attribute), AttributeType::kS};
    }
  }
  return schema;
}

Result<std::vector<KeyAttribute>> ReadAttributeDefinitions(const FieldReader& r) {
  constexpr std::string_view kName = "AttributeDefinitions";
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* list, RequiredList(r, kName));
  static const EnumSpec<AttributeType> kTypeSpec = {
      {{"S", AttributeType::kS}, {"N", AttributeType::kN}, {"B", AttributeType::kB}}, "[B, N, S]"};
  std::vector<KeyAttribute> out;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    HEADLOCK_ASSIGN_OR_RETURN(FieldReader e,
                              FieldReader::Open((*list)[i], r.ElementPath(kName, i)));
    KeyAttribute attr;
    HEADLOCK_ASSIGN_OR_RETURN(attr.name, e.RequiredString("AttributeName"));
    HEADLOCK_ASSIGN_OR_RETURN(attr.type, e.RequiredEnum("AttributeType", kTypeSpec));
    out.push_back(std::move(attr));
  }
  return out;
}

Result<std::optional<ProvisionedThroughput>> ReadProvisionedThroughput(const FieldReader& r) {
  constexpr std::string_view kName = "ProvisionedThroughput";
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* json, r.OptionalObject(kName));
  if (json == nullptr) return std::optional<ProvisionedThroughput>();
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader p, FieldReader::Open(*json, r.PathOf(kName) + "."));
  ProvisionedThroughput out;
  for (auto [member, target] : {std::pair{"ReadCapacityUnits", &out.read_capacity_units},
                                std::pair{"WriteCapacityUnits", &out.write_capacity_units}}) {
    HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> units, p.OptionalLong(member));
    if (!units) return MissingMember(p.PathOf(member));
    *target = *units;
  }
  return std::optional<ProvisionedThroughput>(out);
}

Result<std::optional<OnDemandThroughput>> ReadOnDemandThroughput(const FieldReader& r) {
  constexpr std::string_view kName = "OnDemandThroughput";
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* json, r.OptionalObject(kName));
  if (json == nullptr) return std::optional<OnDemandThroughput>();
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader p, FieldReader::Open(*json, r.PathOf(kName) + "."));
  OnDemandThroughput out;
  for (auto [member, target] : {std::pair{"MaxReadRequestUnits", &out.max_read_request_units},
                                std::pair{"MaxWriteRequestUnits", &out.max_write_request_units}}) {
    HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> units, p.OptionalLong(member));
    if (units) *target = *units;
  }
  return std::optional<OnDemandThroughput>(out);
}

// WarmThroughput {ReadUnitsPerSecond, WriteUnitsPerSecond}: either may be
// left out (0 in the request: unchanged); a value given is at least 1.
Result<std::optional<WarmThroughput>> ReadWarmThroughput(const FieldReader& r) {
  constexpr std::string_view kName = "WarmThroughput";
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* json, r.OptionalObject(kName));
  if (json == nullptr) return std::optional<WarmThroughput>();
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader p, FieldReader::Open(*json, r.PathOf(kName) + "."));
  WarmThroughput out;
  for (auto [member, target] : {std::pair{"ReadUnitsPerSecond", &out.read_units_per_second},
                                std::pair{"WriteUnitsPerSecond", &out.write_units_per_second}}) {
    HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> units, p.OptionalLong(member));
    if (!units) continue;
    if (*units < 1) {
      return Status::Validation(fmt::format(
          "1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member "
          "must have value greater than or equal to 1",
          *units, p.PathOf(member)));
    }
    *target = *units;
  }
  return std::optional<WarmThroughput>(out);
}

Result<Projection> ReadProjection(const FieldReader& r) {
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* json, r.OptionalObject("Projection"));
  if (json == nullptr) return MissingMember(r.PathOf("Projection"));
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader p, FieldReader::Open(*json, r.PathOf("Projection") + "."));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<ProjectionType> type,
                            p.OptionalEnum("ProjectionType", kProjectionTypeSpec));
  if (!type) {
    return Status::Validation(
        "One or more parameter values were invalid: Unknown ProjectionType: null");
  }
  Projection out;
  out.type = *type;
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* names, p.OptionalList("NonKeyAttributes"));
  if (names != nullptr) {
    for (const auto& n : names->GetArray()) {
      if (!n.IsString()) return WrongJsonType(n, "String");
      out.non_key_attributes.emplace_back(n.GetString(), n.GetStringLength());
    }
  }
  return out;
}

Result<GlobalSecondaryIndex> ReadGlobalSecondaryIndex(const FieldReader& g) {
  GlobalSecondaryIndex index;
  HEADLOCK_ASSIGN_OR_RETURN(index.index_name, g.RequiredString("IndexName"));
  HEADLOCK_ASSIGN_OR_RETURN(index.key_schema, ReadKeySchema(g, "KeySchema"));
  HEADLOCK_ASSIGN_OR_RETURN(index.projection, ReadProjection(g));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<ProvisionedThroughput> provisioned,
                            ReadProvisionedThroughput(g));
  if (provisioned) index.provisioned_throughput = *provisioned;
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<OnDemandThroughput> on_demand, ReadOnDemandThroughput(g));
  if (on_demand) index.on_demand_throughput = *on_demand;
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<WarmThroughput> warm, ReadWarmThroughput(g));
  if (warm) index.warm_throughput = *warm;
  return index;
}

// ---------------------------------------------------------------- items

// The legacy parameters of each data-plane request (DynamoDB's
// pre-expression API).
Status RejectLegacyWrite(const FieldReader& r) {
  return r.RejectLegacy({"Expected", "ConditionalOperator", "AttributeUpdates"});
}
Status RejectLegacyRead(const FieldReader& r) {
  return r.RejectLegacy(
      {"AttributesToGet", "KeyConditions", "QueryFilter", "ScanFilter", "ConditionalOperator"});
}

Status ReadWriteOptions(const FieldReader& r, ReturnValues* return_values,
                        ReturnConsumedCapacity* return_consumed_capacity,
                        ReturnValuesOnConditionCheckFailure* on_failure) {
  HEADLOCK_RETURN_IF_ERROR(ReadEnum(r, "ReturnValues", kReturnValuesSpec, return_values));
  HEADLOCK_RETURN_IF_ERROR(ReadReturnConsumedCapacity(r, return_consumed_capacity));
  return ReadEnum(r, "ReturnValuesOnConditionCheckFailure", kReturnValuesOnFailureSpec, on_failure);
}

// The members Query and Scan share.
template <typename Request>
Status ReadQueryScanCommon(const FieldReader& r, Request* out) {
  HEADLOCK_RETURN_IF_ERROR(RejectLegacyRead(r));
  HEADLOCK_ASSIGN_OR_RETURN(out->table_name, r.RequiredString("TableName"));
  HEADLOCK_ASSIGN_OR_RETURN(out->index_name, r.OptionalString("IndexName"));
  HEADLOCK_ASSIGN_OR_RETURN(out->filter_expression, r.OptionalString("FilterExpression"));
  HEADLOCK_ASSIGN_OR_RETURN(out->projection_expression, r.OptionalString("ProjectionExpression"));
  HEADLOCK_RETURN_IF_ERROR(r.ReadExpressionAttributes(out));
  HEADLOCK_RETURN_IF_ERROR(ReadEnum(r, "Select", kSelectSpec, &out->select));
  HEADLOCK_RETURN_IF_ERROR(ReadBool(r, "ConsistentRead", &out->consistent_read));
  HEADLOCK_ASSIGN_OR_RETURN(out->limit, r.OptionalInteger("Limit"));
  HEADLOCK_ASSIGN_OR_RETURN(out->exclusive_start_key, r.OptionalItem("ExclusiveStartKey"));
  return ReadReturnConsumedCapacity(r, &out->return_consumed_capacity);
}

// ---------------------------------------------------------------- transactions

using WriteKind = TransactWriteItem::Kind;

// A TransactWriteItems element: exactly one of its four action members.
Result<std::pair<WriteKind, FieldReader>> ReadWriteAction(const rapidjson::Value& element,
                                                          const std::string& path) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader e, FieldReader::Open(element, path));
  static constexpr std::pair<std::string_view, WriteKind> kKinds[] = {
      {"ConditionCheck", WriteKind::kConditionCheck},
      {"Put", WriteKind::kPut},
      {"Delete", WriteKind::kDelete},
      {"Update", WriteKind::kUpdate}};
  std::optional<std::pair<WriteKind, FieldReader>> found;
  int count = 0;
  for (const auto& [name, kind] : kKinds) {
    HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* action, e.OptionalObject(name));
    if (action == nullptr) continue;
    ++count;
    HEADLOCK_ASSIGN_OR_RETURN(FieldReader a, FieldReader::Open(*action, e.PathOf(name) + "."));
    found.emplace(kind, std::move(a));
  }
  if (count != 1) {
    return Status::Validation("TransactItems can only contain one of Check, Put, Update or Delete");
  }
  return std::move(*found);
}

// A TransactGetItems element: its Get member.
Result<FieldReader> ReadGetAction(const rapidjson::Value& element, const std::string& path) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader e, FieldReader::Open(element, path));
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* get, e.OptionalObject("Get"));
  if (get == nullptr) return MissingMember(e.PathOf("Get"));
  return FieldReader::Open(*get, e.PathOf("Get") + ".");
}

}  // namespace

Result<CreateTableRequest> ParseCreateTableRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  CreateTableRequest out;
  TableDefinition& def = out.definition;
  HEADLOCK_ASSIGN_OR_RETURN(def.table_name, r.RequiredString("TableName"));
  HEADLOCK_ASSIGN_OR_RETURN(out.attribute_definitions, ReadAttributeDefinitions(r));
  HEADLOCK_ASSIGN_OR_RETURN(def.key_schema, ReadKeySchema(r, "KeySchema"));
  HEADLOCK_RETURN_IF_ERROR(ReadEnum(r, "BillingMode", kBillingModeSpec, &def.billing_mode));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<ProvisionedThroughput> provisioned,
                            ReadProvisionedThroughput(r));
  if (provisioned) def.provisioned_throughput = *provisioned;
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<OnDemandThroughput> on_demand, ReadOnDemandThroughput(r));
  if (on_demand) def.on_demand_throughput = *on_demand;
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<WarmThroughput> warm, ReadWarmThroughput(r));
  if (warm) def.warm_throughput = *warm;
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* indexes,
                            r.OptionalList("GlobalSecondaryIndexes"));
  if (indexes != nullptr) {
    for (rapidjson::SizeType i = 0; i < indexes->Size(); ++i) {
      HEADLOCK_ASSIGN_OR_RETURN(
          FieldReader g,
          FieldReader::Open((*indexes)[i], r.ElementPath("GlobalSecondaryIndexes", i)));
      HEADLOCK_ASSIGN_OR_RETURN(GlobalSecondaryIndex index, ReadGlobalSecondaryIndex(g));
      def.global_secondary_indexes.push_back(std::move(index));
    }
  }
  if (r.Find("LocalSecondaryIndexes") != nullptr) {
    return Status::Validation("Headlock does not support LocalSecondaryIndexes");
  }
  return out;
}

Result<DescribeTableRequest> ParseDescribeTableRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  DescribeTableRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(out.table_name, r.RequiredString("TableName"));
  return out;
}

Result<ListTablesRequest> ParseListTablesRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  ListTablesRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(out.exclusive_start_table_name,
                            r.OptionalString("ExclusiveStartTableName"));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<int> limit, r.OptionalInteger("Limit"));
  if (limit) out.limit = *limit;
  return out;
}

Result<UpdateTableRequest> ParseUpdateTableRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  UpdateTableRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(out.table_name, r.RequiredString("TableName"));
  HEADLOCK_ASSIGN_OR_RETURN(out.billing_mode, r.OptionalEnum("BillingMode", kBillingModeSpec));
  HEADLOCK_ASSIGN_OR_RETURN(out.provisioned_throughput, ReadProvisionedThroughput(r));
  HEADLOCK_ASSIGN_OR_RETURN(out.on_demand_throughput, ReadOnDemandThroughput(r));
  HEADLOCK_ASSIGN_OR_RETURN(out.warm_throughput, ReadWarmThroughput(r));
  constexpr std::string_view kUpdates = "GlobalSecondaryIndexUpdates";
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* updates, r.OptionalList(kUpdates));
  if (updates != nullptr) {
    for (rapidjson::SizeType i = 0; i < updates->Size(); ++i) {
      HEADLOCK_ASSIGN_OR_RETURN(FieldReader e,
                                FieldReader::Open((*updates)[i], r.ElementPath(kUpdates, i)));
      if (e.Find("Create") != nullptr || e.Find("Delete") != nullptr) {
        // The engine fixes a table's indexes at CreateTable.
        return Status::Validation(
            "Headlock does not support creating or deleting global secondary indexes with "
            "UpdateTable");
      }
      HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* update, e.OptionalObject("Update"));
      if (update == nullptr) return MissingMember(e.PathOf("Update"));
      HEADLOCK_ASSIGN_OR_RETURN(FieldReader u,
                                FieldReader::Open(*update, e.PathOf("Update") + "."));
      UpdateTableRequest::IndexUpdate index_update;
      HEADLOCK_ASSIGN_OR_RETURN(index_update.index_name, u.RequiredString("IndexName"));
      HEADLOCK_ASSIGN_OR_RETURN(index_update.provisioned_throughput, ReadProvisionedThroughput(u));
      HEADLOCK_ASSIGN_OR_RETURN(index_update.on_demand_throughput, ReadOnDemandThroughput(u));
      HEADLOCK_ASSIGN_OR_RETURN(index_update.warm_throughput, ReadWarmThroughput(u));
      out.global_secondary_index_updates.push_back(std::move(index_update));
    }
  }
  return out;
}

Result<DeleteTableRequest> ParseDeleteTableRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  DeleteTableRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(out.table_name, r.RequiredString("TableName"));
  return out;
}

Result<PutItemRequest> ParsePutItemRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  HEADLOCK_RETURN_IF_ERROR(RejectLegacyWrite(r));
  PutItemRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(out.table_name, r.RequiredString("TableName"));
  HEADLOCK_ASSIGN_OR_RETURN(out.item, r.RequiredItem("Item"));
  HEADLOCK_ASSIGN_OR_RETURN(out.condition_expression, r.OptionalString("ConditionExpression"));
  HEADLOCK_RETURN_IF_ERROR(r.ReadExpressionAttributes(&out));
  HEADLOCK_RETURN_IF_ERROR(ReadWriteOptions(r, &out.return_values, &out.return_consumed_capacity,
                                            &out.return_values_on_condition_check_failure));
  return out;
}

Result<GetItemRequest> ParseGetItemRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  HEADLOCK_RETURN_IF_ERROR(RejectLegacyRead(r));
  GetItemRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(out.table_name, r.RequiredString("TableName"));
  HEADLOCK_ASSIGN_OR_RETURN(out.key, r.RequiredItem("Key"));
  HEADLOCK_RETURN_IF_ERROR(ReadBool(r, "ConsistentRead", &out.consistent_read));
  HEADLOCK_ASSIGN_OR_RETURN(out.projection_expression, r.OptionalString("ProjectionExpression"));
  HEADLOCK_RETURN_IF_ERROR(r.ReadExpressionAttributes(&out));
  HEADLOCK_RETURN_IF_ERROR(ReadReturnConsumedCapacity(r, &out.return_consumed_capacity));
  return out;
}

Result<UpdateItemRequest> ParseUpdateItemRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  HEADLOCK_RETURN_IF_ERROR(RejectLegacyWrite(r));
  UpdateItemRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(out.table_name, r.RequiredString("TableName"));
  HEADLOCK_ASSIGN_OR_RETURN(out.key, r.RequiredItem("Key"));
  HEADLOCK_ASSIGN_OR_RETURN(out.update_expression, r.OptionalString("UpdateExpression"));
  HEADLOCK_ASSIGN_OR_RETURN(out.condition_expression, r.OptionalString("ConditionExpression"));
  HEADLOCK_RETURN_IF_ERROR(r.ReadExpressionAttributes(&out));
  HEADLOCK_RETURN_IF_ERROR(ReadWriteOptions(r, &out.return_values, &out.return_consumed_capacity,
                                            &out.return_values_on_condition_check_failure));
  return out;
}

Result<DeleteItemRequest> ParseDeleteItemRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  HEADLOCK_RETURN_IF_ERROR(RejectLegacyWrite(r));
  DeleteItemRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(out.table_name, r.RequiredString("TableName"));
  HEADLOCK_ASSIGN_OR_RETURN(out.key, r.RequiredItem("Key"));
  HEADLOCK_ASSIGN_OR_RETURN(out.condition_expression, r.OptionalString("ConditionExpression"));
  HEADLOCK_RETURN_IF_ERROR(r.ReadExpressionAttributes(&out));
  HEADLOCK_RETURN_IF_ERROR(ReadWriteOptions(r, &out.return_values, &out.return_consumed_capacity,
                                            &out.return_values_on_condition_check_failure));
  return out;
}

Result<QueryRequest> ParseQueryRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  QueryRequest out;
  HEADLOCK_RETURN_IF_ERROR(ReadQueryScanCommon(r, &out));
  HEADLOCK_ASSIGN_OR_RETURN(out.key_condition_expression,
                            r.OptionalString("KeyConditionExpression"));
  HEADLOCK_RETURN_IF_ERROR(ReadBool(r, "ScanIndexForward", &out.scan_index_forward));
  return out;
}

Result<ScanRequest> ParseScanRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  ScanRequest out;
  HEADLOCK_RETURN_IF_ERROR(ReadQueryScanCommon(r, &out));
  HEADLOCK_ASSIGN_OR_RETURN(out.segment, r.OptionalInteger("Segment"));
  HEADLOCK_ASSIGN_OR_RETURN(out.total_segments, r.OptionalInteger("TotalSegments"));
  return out;
}

Result<BatchWriteItemRequest> ParseBatchWriteItemRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  BatchWriteItemRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* tables, r.OptionalObject("RequestItems"));
  if (tables == nullptr) return MissingMember(r.PathOf("RequestItems"));
  for (const auto& t : tables->GetObject()) {
    if (!t.value.IsArray()) return WrongJsonType(t.value, "List");
    std::vector<WriteRequest>& writes =
        out.request_items[std::string(t.name.GetString(), t.name.GetStringLength())];
    for (const auto& w : t.value.GetArray()) {
      HEADLOCK_ASSIGN_OR_RETURN(FieldReader e, FieldReader::Open(w, "requestItems."));
      WriteRequest write;
      HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* put, e.OptionalObject("PutRequest"));
      if (put != nullptr) {
        HEADLOCK_ASSIGN_OR_RETURN(FieldReader p, FieldReader::Open(*put, "putRequest."));
        HEADLOCK_ASSIGN_OR_RETURN(write.put_request, p.RequiredItem("Item"));
      }
      HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* del, e.OptionalObject("DeleteRequest"));
      if (del != nullptr) {
        HEADLOCK_ASSIGN_OR_RETURN(FieldReader d, FieldReader::Open(*del, "deleteRequest."));
        HEADLOCK_ASSIGN_OR_RETURN(write.delete_request, d.RequiredItem("Key"));
      }
      // Neither or both is the engine's to reject, with its message.
      writes.push_back(std::move(write));
    }
  }
  HEADLOCK_RETURN_IF_ERROR(ReadReturnConsumedCapacity(r, &out.return_consumed_capacity));
  return out;
}

Result<BatchGetItemRequest> ParseBatchGetItemRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  BatchGetItemRequest out;
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* tables, r.OptionalObject("RequestItems"));
  if (tables == nullptr) return MissingMember(r.PathOf("RequestItems"));
  for (const auto& t : tables->GetObject()) {
    HEADLOCK_ASSIGN_OR_RETURN(FieldReader k, FieldReader::Open(t.value, "requestItems."));
    HEADLOCK_RETURN_IF_ERROR(k.RejectLegacy({"AttributesToGet"}));
    KeysAndAttributes keys;
    HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* list, RequiredList(k, "Keys"));
    for (const auto& key : list->GetArray()) {
      HEADLOCK_ASSIGN_OR_RETURN(Item item, ParseItem(key));
      keys.keys.push_back(std::move(item));
    }
    HEADLOCK_RETURN_IF_ERROR(ReadBool(k, "ConsistentRead", &keys.consistent_read));
    HEADLOCK_ASSIGN_OR_RETURN(keys.projection_expression, k.OptionalString("ProjectionExpression"));
    HEADLOCK_RETURN_IF_ERROR(k.ReadExpressionAttributes(&keys));
    out.request_items.insert_or_assign(std::string(t.name.GetString(), t.name.GetStringLength()),
                                       std::move(keys));
  }
  HEADLOCK_RETURN_IF_ERROR(ReadReturnConsumedCapacity(r, &out.return_consumed_capacity));
  return out;
}

Result<TransactWriteItemsRequest> ParseTransactWriteItemsRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  TransactWriteItemsRequest out;
  constexpr std::string_view kItems = "TransactItems";
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* list, RequiredList(r, kItems));
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    HEADLOCK_ASSIGN_OR_RETURN(auto action, ReadWriteAction((*list)[i], r.ElementPath(kItems, i)));
    const FieldReader& a = action.second;
    TransactWriteItem item;
    item.kind = action.first;
    HEADLOCK_ASSIGN_OR_RETURN(item.table_name, a.RequiredString("TableName"));
    HEADLOCK_ASSIGN_OR_RETURN(item.item,
                              a.RequiredItem(item.kind == WriteKind::kPut ? "Item" : "Key"));
    HEADLOCK_ASSIGN_OR_RETURN(item.condition_expression, a.OptionalString("ConditionExpression"));
    if (item.kind == WriteKind::kUpdate) {
      HEADLOCK_ASSIGN_OR_RETURN(item.update_expression, a.OptionalString("UpdateExpression"));
    }
    HEADLOCK_RETURN_IF_ERROR(a.ReadExpressionAttributes(&item));
    HEADLOCK_RETURN_IF_ERROR(ReadEnum(a, "ReturnValuesOnConditionCheckFailure",
                                      kReturnValuesOnFailureSpec,
                                      &item.return_values_on_condition_check_failure));
    out.transact_items.push_back(std::move(item));
  }
  HEADLOCK_RETURN_IF_ERROR(ReadReturnConsumedCapacity(r, &out.return_consumed_capacity));
  HEADLOCK_ASSIGN_OR_RETURN(out.client_request_token, r.OptionalString("ClientRequestToken"));
  return out;
}

Result<TransactGetItemsRequest> ParseTransactGetItemsRequest(const rapidjson::Value& body) {
  HEADLOCK_ASSIGN_OR_RETURN(FieldReader r, FieldReader::Open(body, ""));
  TransactGetItemsRequest out;
  constexpr std::string_view kItems = "TransactItems";
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* list, RequiredList(r, kItems));
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    HEADLOCK_ASSIGN_OR_RETURN(FieldReader a, ReadGetAction((*list)[i], r.ElementPath(kItems, i)));
    TransactGetItem item;
    HEADLOCK_ASSIGN_OR_RETURN(item.table_name, a.RequiredString("TableName"));
    HEADLOCK_ASSIGN_OR_RETURN(item.key, a.RequiredItem("Key"));
    HEADLOCK_ASSIGN_OR_RETURN(item.projection_expression, a.OptionalString("ProjectionExpression"));
    HEADLOCK_RETURN_IF_ERROR(a.ReadExpressionAttributes(&item));
    out.transact_items.push_back(std::move(item));
  }
  HEADLOCK_RETURN_IF_ERROR(ReadReturnConsumedCapacity(r, &out.return_consumed_capacity));
  return out;
}

}  // namespace headlock::json
