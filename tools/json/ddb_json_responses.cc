// Response structs -> response bodies (see ddb_json.h for the rules).
#include <map>
#include <string_view>

#include "json/attribute_json.h"
#include "json/ddb_json.h"

namespace headlock::json {
namespace {

rapidjson::Value Str(std::string_view s, JsonAllocator& alloc) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

void Add(rapidjson::Value* object, std::string_view name, rapidjson::Value value,
         JsonAllocator& alloc) {
  rapidjson::Value key = Str(name, alloc);
  object->AddMember(key, value, alloc);
}

// DynamoDB's date-times are epoch seconds as a JSON number with a fraction.
rapidjson::Value EpochSeconds(int64_t ms) {
  return rapidjson::Value(static_cast<double>(ms) / 1000.0);
}

rapidjson::Value Units(int64_t half_units) {
  return rapidjson::Value(HalfUnitsToDouble(half_units));
}

rapidjson::Value KeySchemaToJson(const KeySchema& schema, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kArrayType);
  auto element = [&](const KeyAttribute& attr, std::string_view key_type) {
    rapidjson::Value e(rapidjson::kObjectType);
    Add(&e, "AttributeName", Str(attr.name, alloc), alloc);
    Add(&e, "KeyType", Str(key_type, alloc), alloc);
    out.PushBack(e, alloc);
  };
  element(schema.partition_key, "HASH");
  if (schema.sort_key) element(*schema.sort_key, "RANGE");
  return out;
}

// AttributeDefinitions are not stored apart from the key schemas: every key
// attribute of the table and its indexes, each once, in name order.
rapidjson::Value AttributeDefinitionsToJson(const TableDefinition& def, JsonAllocator& alloc) {
  std::map<std::string, AttributeType> attributes;
  auto add = [&attributes](const KeySchema& schema) {
    attributes.emplace(schema.partition_key.name, schema.partition_key.type);
    if (schema.sort_key) attributes.emplace(schema.sort_key->name, schema.sort_key->type);
  };
  add(def.key_schema);
  for (const auto& g : def.global_secondary_indexes) add(g.key_schema);
  rapidjson::Value out(rapidjson::kArrayType);
  for (const auto& [name, type] : attributes) {
    rapidjson::Value e(rapidjson::kObjectType);
    Add(&e, "AttributeName", Str(name, alloc), alloc);
    Add(&e, "AttributeType", Str(AttributeTypeName(type), alloc), alloc);
    out.PushBack(e, alloc);
  }
  return out;
}

rapidjson::Value ProvisionedThroughputToJson(const ProvisionedThroughput& p,
                                             int64_t number_of_decreases_today,
                                             JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  Add(&out, "NumberOfDecreasesToday", rapidjson::Value(number_of_decreases_today), alloc);
  Add(&out, "ReadCapacityUnits", rapidjson::Value(p.read_capacity_units), alloc);
  Add(&out, "WriteCapacityUnits", rapidjson::Value(p.write_capacity_units), alloc);
  return out;
}

rapidjson::Value OnDemandThroughputToJson(const OnDemandThroughput& o, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  Add(&out, "MaxReadRequestUnits", rapidjson::Value(o.max_read_request_units), alloc);
  Add(&out, "MaxWriteRequestUnits", rapidjson::Value(o.max_write_request_units), alloc);
  return out;
}

// TableWarmThroughputDescription / GlobalSecondaryIndexWarmThroughputDescription.
rapidjson::Value WarmThroughputToJson(const WarmThroughput& w, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  Add(&out, "ReadUnitsPerSecond", rapidjson::Value(w.read_units_per_second), alloc);
  Add(&out, "Status", Str("ACTIVE", alloc), alloc);
  Add(&out, "WriteUnitsPerSecond", rapidjson::Value(w.write_units_per_second), alloc);
  return out;
}

// DynamoDB shows OnDemandThroughput for on-demand tables and wherever a
// maximum was set.
bool ShowOnDemand(BillingMode mode, const OnDemandThroughput& o) {
  return mode == BillingMode::kPayPerRequest || o != OnDemandThroughput{};
}

std::string_view ProjectionTypeName(ProjectionType type) {
  switch (type) {
    case ProjectionType::kKeysOnly:
      return "KEYS_ONLY";
    case ProjectionType::kInclude:
      return "INCLUDE";
    case ProjectionType::kAll:
      return "ALL";
  }
  return "ALL";
}

rapidjson::Value ProjectionToJson(const Projection& p, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  if (p.type == ProjectionType::kInclude) {
    rapidjson::Value names(rapidjson::kArrayType);
    for (const auto& n : p.non_key_attributes) names.PushBack(Str(n, alloc), alloc);
    Add(&out, "NonKeyAttributes", std::move(names), alloc);
  }
  Add(&out, "ProjectionType", Str(ProjectionTypeName(p.type), alloc), alloc);
  return out;
}

rapidjson::Value IndexDescriptionToJson(const GlobalSecondaryIndex& g,
                                        const TableDescription::IndexStats* stats, BillingMode mode,
                                        JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  Add(&out, "IndexName", Str(g.index_name, alloc), alloc);
  Add(&out, "IndexSizeBytes", rapidjson::Value(stats ? stats->index_size_bytes : int64_t{0}),
      alloc);
  Add(&out, "IndexStatus", Str("ACTIVE", alloc), alloc);
  Add(&out, "ItemCount", rapidjson::Value(stats ? stats->item_count : int64_t{0}), alloc);
  Add(&out, "KeySchema", KeySchemaToJson(g.key_schema, alloc), alloc);
  if (ShowOnDemand(mode, g.on_demand_throughput)) {
    Add(&out, "OnDemandThroughput", OnDemandThroughputToJson(g.on_demand_throughput, alloc), alloc);
  }
  Add(&out, "Projection", ProjectionToJson(g.projection, alloc), alloc);
  Add(&out, "ProvisionedThroughput",
      ProvisionedThroughputToJson(g.provisioned_throughput, 0, alloc), alloc);
  Add(&out, "WarmThroughput", WarmThroughputToJson(g.warm_throughput, alloc), alloc);
  return out;
}

rapidjson::Value CapacityToJson(const CapacityHalfUnits& units, CapacitySplit split,
                                JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  Add(&out, "CapacityUnits", Units(units.total()), alloc);
  if (split != CapacitySplit::kNone && (units.read != 0 || split == CapacitySplit::kRead)) {
    Add(&out, "ReadCapacityUnits", Units(units.read), alloc);
  }
  if (split != CapacitySplit::kNone && (units.write != 0 || split == CapacitySplit::kWrite)) {
    Add(&out, "WriteCapacityUnits", Units(units.write), alloc);
  }
  return out;
}

void AddConsumedCapacity(const std::optional<ConsumedCapacity>& consumed,
                         ReturnConsumedCapacity mode, rapidjson::Value* out, JsonAllocator& alloc) {
  if (!consumed || mode == ReturnConsumedCapacity::kNone) return;
  Add(out, "ConsumedCapacity", ConsumedCapacityToJson(*consumed, mode, CapacitySplit::kNone, alloc),
      alloc);
}

void AddConsumedCapacityList(const std::vector<ConsumedCapacity>& consumed,
                             ReturnConsumedCapacity mode, CapacitySplit split,
                             rapidjson::Value* out, JsonAllocator& alloc) {
  if (mode == ReturnConsumedCapacity::kNone) return;
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& c : consumed)
    list.PushBack(ConsumedCapacityToJson(c, mode, split, alloc), alloc);
  Add(out, "ConsumedCapacity", std::move(list), alloc);
}

void AddOptionalItem(std::string_view name, const std::optional<Item>& item, rapidjson::Value* out,
                     JsonAllocator& alloc) {
  if (item) Add(out, name, ItemToJson(*item, alloc), alloc);
}

rapidjson::Value ItemListToJson(const std::vector<Item>& items, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kArrayType);
  for (const Item& item : items) out.PushBack(ItemToJson(item, alloc), alloc);
  return out;
}

template <typename Request>
rapidjson::Value QueryOrScanToJson(const QueryResponse& response, const Request& request,
                                   JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddConsumedCapacity(response.consumed_capacity, request.return_consumed_capacity, &out, alloc);
  Add(&out, "Count", rapidjson::Value(response.count), alloc);
  // Select COUNT answers without Items, as DynamoDB does.
  if (request.select != Select::kCount)
    Add(&out, "Items", ItemListToJson(response.items, alloc), alloc);
  AddOptionalItem("LastEvaluatedKey", response.last_evaluated_key, &out, alloc);
  Add(&out, "ScannedCount", rapidjson::Value(response.scanned_count), alloc);
  return out;
}

rapidjson::Value WrappedDescription(std::string_view member, const TableDescription& table,
                                    JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  Add(&out, member, TableDescriptionToJson(table, alloc), alloc);
  return out;
}

}  // namespace

rapidjson::Value TableDescriptionToJson(const TableDescription& table, JsonAllocator& alloc) {
  const TableDefinition& def = table.definition;
  rapidjson::Value out(rapidjson::kObjectType);
  Add(&out, "AttributeDefinitions", AttributeDefinitionsToJson(def, alloc), alloc);
  rapidjson::Value billing(rapidjson::kObjectType);
  Add(&billing, "BillingMode",
      Str(def.billing_mode == BillingMode::kPayPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED",
          alloc),
      alloc);
  if (table.last_update_to_pay_per_request_ms != 0) {
    Add(&billing, "LastUpdateToPayPerRequestDateTime",
        EpochSeconds(table.last_update_to_pay_per_request_ms), alloc);
  }
  Add(&out, "BillingModeSummary", std::move(billing), alloc);
  Add(&out, "CreationDateTime", EpochSeconds(table.creation_date_time_ms), alloc);
  if (!def.global_secondary_indexes.empty()) {
    rapidjson::Value indexes(rapidjson::kArrayType);
    for (const auto& g : def.global_secondary_indexes) {
      const TableDescription::IndexStats* stats = nullptr;
      for (const auto& s : table.index_stats) {
        if (s.index_name == g.index_name) stats = &s;
      }
      indexes.PushBack(IndexDescriptionToJson(g, stats, def.billing_mode, alloc), alloc);
    }
    Add(&out, "GlobalSecondaryIndexes", std::move(indexes), alloc);
  }
  Add(&out, "ItemCount", rapidjson::Value(table.item_count), alloc);
  Add(&out, "KeySchema", KeySchemaToJson(def.key_schema, alloc), alloc);
  if (ShowOnDemand(def.billing_mode, def.on_demand_throughput)) {
    Add(&out, "OnDemandThroughput", OnDemandThroughputToJson(def.on_demand_throughput, alloc),
        alloc);
  }
  Add(&out, "ProvisionedThroughput",
      ProvisionedThroughputToJson(def.provisioned_throughput, table.number_of_decreases_today,
                                  alloc),
      alloc);
  Add(&out, "TableName", Str(def.table_name, alloc), alloc);
  Add(&out, "TableSizeBytes", rapidjson::Value(table.table_size_bytes), alloc);
  Add(&out, "TableStatus", Str(table.table_status, alloc), alloc);
  Add(&out, "WarmThroughput", WarmThroughputToJson(def.warm_throughput, alloc), alloc);
  return out;
}

rapidjson::Value ConsumedCapacityToJson(const ConsumedCapacity& consumed,
                                        ReturnConsumedCapacity mode, CapacitySplit split,
                                        JsonAllocator& alloc) {
  rapidjson::Value out = CapacityToJson(consumed.Total(), split, alloc);
  // TableName leads, as in the service's answers (reference/dynamodb.md §3.4).
  rapidjson::Value shaped(rapidjson::kObjectType);
  Add(&shaped, "TableName", Str(consumed.table_name, alloc), alloc);
  for (auto& m : out.GetObject()) shaped.AddMember(m.name, m.value, alloc);
  if (mode == ReturnConsumedCapacity::kIndexes) {
    Add(&shaped, "Table", CapacityToJson(consumed.table, split, alloc), alloc);
    if (!consumed.global_secondary_indexes.empty()) {
      rapidjson::Value indexes(rapidjson::kObjectType);
      for (const auto& [name, units] : consumed.global_secondary_indexes) {
        Add(&indexes, name, CapacityToJson(units, split, alloc), alloc);
      }
      Add(&shaped, "GlobalSecondaryIndexes", std::move(indexes), alloc);
    }
  }
  return shaped;
}

rapidjson::Value CreateTableResponseToJson(const CreateTableResponse& response,
                                           const CreateTableRequest&, JsonAllocator& alloc) {
  return WrappedDescription("TableDescription", response.table_description, alloc);
}

rapidjson::Value DescribeTableResponseToJson(const DescribeTableResponse& response,
                                             const DescribeTableRequest&, JsonAllocator& alloc) {
  return WrappedDescription("Table", response.table, alloc);
}

rapidjson::Value ListTablesResponseToJson(const ListTablesResponse& response,
                                          const ListTablesRequest&, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  if (response.last_evaluated_table_name) {
    Add(&out, "LastEvaluatedTableName", Str(*response.last_evaluated_table_name, alloc), alloc);
  }
  rapidjson::Value names(rapidjson::kArrayType);
  for (const auto& n : response.table_names) names.PushBack(Str(n, alloc), alloc);
  Add(&out, "TableNames", std::move(names), alloc);
  return out;
}

rapidjson::Value UpdateTableResponseToJson(const UpdateTableResponse& response,
                                           const UpdateTableRequest&, JsonAllocator& alloc) {
  return WrappedDescription("TableDescription", response.table_description, alloc);
}

rapidjson::Value DeleteTableResponseToJson(const DeleteTableResponse& response,
                                           const DeleteTableRequest&, JsonAllocator& alloc) {
  return WrappedDescription("TableDescription", response.table_description, alloc);
}

rapidjson::Value PutItemResponseToJson(const PutItemResponse& response,
                                       const PutItemRequest& request, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddOptionalItem("Attributes", response.attributes, &out, alloc);
  AddConsumedCapacity(response.consumed_capacity, request.return_consumed_capacity, &out, alloc);
  return out;
}

rapidjson::Value GetItemResponseToJson(const GetItemResponse& response,
                                       const GetItemRequest& request, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddConsumedCapacity(response.consumed_capacity, request.return_consumed_capacity, &out, alloc);
  AddOptionalItem("Item", response.item, &out, alloc);
  return out;
}

rapidjson::Value UpdateItemResponseToJson(const UpdateItemResponse& response,
                                          const UpdateItemRequest& request, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddOptionalItem("Attributes", response.attributes, &out, alloc);
  AddConsumedCapacity(response.consumed_capacity, request.return_consumed_capacity, &out, alloc);
  return out;
}

rapidjson::Value DeleteItemResponseToJson(const DeleteItemResponse& response,
                                          const DeleteItemRequest& request, JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddOptionalItem("Attributes", response.attributes, &out, alloc);
  AddConsumedCapacity(response.consumed_capacity, request.return_consumed_capacity, &out, alloc);
  return out;
}

rapidjson::Value QueryResponseToJson(const QueryResponse& response, const QueryRequest& request,
                                     JsonAllocator& alloc) {
  return QueryOrScanToJson(response, request, alloc);
}

rapidjson::Value ScanResponseToJson(const ScanResponse& response, const ScanRequest& request,
                                    JsonAllocator& alloc) {
  return QueryOrScanToJson(response, request, alloc);
}

rapidjson::Value BatchWriteItemResponseToJson(const BatchWriteItemResponse& response,
                                              const BatchWriteItemRequest& request,
                                              JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddConsumedCapacityList(response.consumed_capacity, request.return_consumed_capacity,
                          CapacitySplit::kNone, &out, alloc);
  // Always present, {} when everything was written, as DynamoDB answers.
  rapidjson::Value unprocessed(rapidjson::kObjectType);
  for (const auto& [table, writes] : response.unprocessed_items) {
    rapidjson::Value list(rapidjson::kArrayType);
    for (const WriteRequest& w : writes) {
      rapidjson::Value e(rapidjson::kObjectType);
      rapidjson::Value inner(rapidjson::kObjectType);
      if (w.put_request) {
        Add(&inner, "Item", ItemToJson(*w.put_request, alloc), alloc);
        Add(&e, "PutRequest", std::move(inner), alloc);
      } else if (w.delete_request) {
        Add(&inner, "Key", ItemToJson(*w.delete_request, alloc), alloc);
        Add(&e, "DeleteRequest", std::move(inner), alloc);
      }
      list.PushBack(e, alloc);
    }
    Add(&unprocessed, table, std::move(list), alloc);
  }
  Add(&out, "UnprocessedItems", std::move(unprocessed), alloc);
  return out;
}

rapidjson::Value BatchGetItemResponseToJson(const BatchGetItemResponse& response,
                                            const BatchGetItemRequest& request,
                                            JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddConsumedCapacityList(response.consumed_capacity, request.return_consumed_capacity,
                          CapacitySplit::kNone, &out, alloc);
  rapidjson::Value responses(rapidjson::kObjectType);
  // Every requested table appears, with [] when none of its keys exist.
  for (const auto& [table, keys] : request.request_items) {
    auto it = response.responses.find(table);
    Add(&responses, table,
        it == response.responses.end() ? rapidjson::Value(rapidjson::kArrayType)
                                       : ItemListToJson(it->second, alloc),
        alloc);
  }
  Add(&out, "Responses", std::move(responses), alloc);
  rapidjson::Value unprocessed(rapidjson::kObjectType);
  for (const auto& [table, keys] : response.unprocessed_keys) {
    rapidjson::Value k(rapidjson::kObjectType);
    Add(&k, "Keys", ItemListToJson(keys.keys, alloc), alloc);
    if (keys.consistent_read) Add(&k, "ConsistentRead", rapidjson::Value(true), alloc);
    if (keys.projection_expression) {
      Add(&k, "ProjectionExpression", Str(*keys.projection_expression, alloc), alloc);
    }
    if (keys.expression_attribute_names) {
      rapidjson::Value names(rapidjson::kObjectType);
      for (const auto& [placeholder, name] : *keys.expression_attribute_names) {
        Add(&names, placeholder, Str(name, alloc), alloc);
      }
      Add(&k, "ExpressionAttributeNames", std::move(names), alloc);
    }
    Add(&unprocessed, table, std::move(k), alloc);
  }
  Add(&out, "UnprocessedKeys", std::move(unprocessed), alloc);
  return out;
}

rapidjson::Value TransactWriteItemsResponseToJson(const TransactWriteItemsResponse& response,
                                                  const TransactWriteItemsRequest& request,
                                                  JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddConsumedCapacityList(response.consumed_capacity, request.return_consumed_capacity,
                          CapacitySplit::kWrite, &out, alloc);
  return out;
}

rapidjson::Value TransactGetItemsResponseToJson(const TransactGetItemsResponse& response,
                                                const TransactGetItemsRequest& request,
                                                JsonAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddConsumedCapacityList(response.consumed_capacity, request.return_consumed_capacity,
                          CapacitySplit::kRead, &out, alloc);
  rapidjson::Value responses(rapidjson::kArrayType);
  for (const auto& item : response.responses) {
    rapidjson::Value e(rapidjson::kObjectType);
    AddOptionalItem("Item", item, &e, alloc);
    responses.PushBack(e, alloc);
  }
  Add(&out, "Responses", std::move(responses), alloc);
  return out;
}

void AddCancellationReasons(const std::vector<CancellationReason>& reasons,
                            rapidjson::Value* error_body, JsonAllocator& alloc) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const CancellationReason& reason : reasons) {
    rapidjson::Value e(rapidjson::kObjectType);
    Add(&e, "Code", Str(reason.code, alloc), alloc);
    if (!reason.message.empty()) Add(&e, "Message", Str(reason.message, alloc), alloc);
    AddOptionalItem("Item", reason.item, &e, alloc);
    list.PushBack(e, alloc);
  }
  Add(error_body, "CancellationReasons", std::move(list), alloc);
}

}  // namespace headlock::json
