// DynamoDB request bodies -> request structs, response structs -> bodies,
// and the dispatch table. Every operation's parser has a good case and a
// bad twin; response shapes are compared as exact JSON text.
#include "json/ddb_json.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "headlock/ddb/database.h"
#include "json/attribute_json.h"
#include "json/ddb_dispatch.h"

namespace headlock::json {
namespace {

rapidjson::Document Json(std::string_view text) {
  rapidjson::Document doc;
  Status s = ParseJson(text, &doc);
  EXPECT_TRUE(s.ok()) << s.ToString() << " in " << text;
  return doc;
}

// The error a parser gives for `text`, as "Name: message".
template <typename Parse>
std::string ErrorOf(Parse parse, std::string_view text) {
  rapidjson::Document doc = Json(text);
  auto result = parse(doc);
  if (result.ok()) return "OK";
  return result.status().ToString();
}

template <typename Parse>
auto ParseOk(Parse parse, std::string_view text) {
  rapidjson::Document doc = Json(text);
  auto result = parse(doc);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return std::move(*result);
}

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }

constexpr std::string_view kCreateTable = R"({
  "TableName":"requests",
  "AttributeDefinitions":[{"AttributeName":"queueId","AttributeType":"S"},
                          {"AttributeName":"id","AttributeType":"S"},
                          {"AttributeName":"orderNo","AttributeType":"N"}],
  "KeySchema":[{"AttributeName":"queueId","KeyType":"HASH"},{"AttributeName":"id","KeyType":"RANGE"}],
  "GlobalSecondaryIndexes":[{"IndexName":"byOrder",
    "KeySchema":[{"AttributeName":"queueId","KeyType":"HASH"},{"AttributeName":"orderNo","KeyType":"RANGE"}],
    "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["url"]},
    "ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4}}],
  "BillingMode":"PROVISIONED",
  "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":6}})";

// ---------------------------------------------------------------- requests

TEST(DdbJsonRequestTest, CreateTable) {
  CreateTableRequest r = ParseOk(ParseCreateTableRequest, kCreateTable);
  const TableDefinition& d = r.definition;
  EXPECT_EQ(d.table_name, "requests");
  ASSERT_EQ(r.attribute_definitions.size(), 3u);
  EXPECT_EQ(r.attribute_definitions[2].type, AttributeType::kN);
  EXPECT_EQ(d.key_schema.partition_key.name, "queueId");
  ASSERT_TRUE(d.key_schema.sort_key.has_value());
  EXPECT_EQ(d.key_schema.sort_key->name, "id");
  EXPECT_EQ(d.billing_mode, BillingMode::kProvisioned);
  EXPECT_EQ(d.provisioned_throughput, (ProvisionedThroughput{5, 6}));
  ASSERT_EQ(d.global_secondary_indexes.size(), 1u);
  const GlobalSecondaryIndex& g = d.global_secondary_indexes[0];
  EXPECT_EQ(g.index_name, "byOrder");
  EXPECT_EQ(g.key_schema.sort_key->name, "orderNo");
  EXPECT_EQ(g.projection.type, ProjectionType::kInclude);
  EXPECT_EQ(g.projection.non_key_attributes, std::vector<std::string>{"url"});
  EXPECT_EQ(g.provisioned_throughput, (ProvisionedThroughput{3, 4}));
}

TEST(DdbJsonRequestTest, CreateTableBad) {
  EXPECT_EQ(ErrorOf(ParseCreateTableRequest,
                    R"({"TableName":"t","AttributeDefinitions":[],
                        "KeySchema":[{"AttributeName":"a","KeyType":"PRIMARY"}]})"),
            "ValidationException: 1 validation error detected: Value 'PRIMARY' at "
            "'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum "
            "value set: [HASH, RANGE]");
  EXPECT_EQ(ErrorOf(ParseCreateTableRequest,
                    R"({"TableName":"t","AttributeDefinitions":[],
                        "KeySchema":[{"AttributeName":"a","KeyType":"RANGE"}]})"),
            "ValidationException: Invalid KeySchema: The first KeySchemaElement is not a HASH "
            "key type");
  EXPECT_EQ(ErrorOf(ParseCreateTableRequest, R"({"AttributeDefinitions":[],"KeySchema":[]})"),
            "ValidationException: 1 validation error detected: Value null at 'tableName' failed "
            "to satisfy constraint: Member must not be null");
  EXPECT_EQ(ErrorOf(ParseCreateTableRequest,
                    R"({"TableName":"t","AttributeDefinitions":[{"AttributeName":"a",
                        "AttributeType":"BOOL"}],"KeySchema":[]})"),
            "ValidationException: 1 validation error detected: Value 'BOOL' at "
            "'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member "
            "must satisfy enum value set: [B, N, S]");
  EXPECT_EQ(ErrorOf(ParseCreateTableRequest,
                    R"({"TableName":"t","AttributeDefinitions":[],
                        "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],
                        "ProvisionedThroughput":{"ReadCapacityUnits":"5","WriteCapacityUnits":1}})"),
            "SerializationException: STRING_VALUE cannot be converted to Long");
  EXPECT_EQ(ErrorOf(ParseCreateTableRequest,
                    R"({"TableName":"t","AttributeDefinitions":[],
                        "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],
                        "GlobalSecondaryIndexes":[{"IndexName":"g",
                          "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}]}]})"),
            "ValidationException: 1 validation error detected: Value null at "
            "'globalSecondaryIndexes.1.member.projection' failed to satisfy constraint: Member "
            "must not be null");
  EXPECT_EQ(ErrorOf(ParseCreateTableRequest, R"([])"),
            "SerializationException: Start of list found where not expected");
}

TEST(DdbJsonRequestTest, DescribeAndDeleteTable) {
  EXPECT_EQ(ParseOk(ParseDescribeTableRequest, R"({"TableName":"t1"})").table_name, "t1");
  EXPECT_EQ(ParseOk(ParseDeleteTableRequest, R"({"TableName":"t2"})").table_name, "t2");
  EXPECT_EQ(ErrorOf(ParseDescribeTableRequest, R"({"TableName":5})"),
            "SerializationException: NUMBER_VALUE cannot be converted to String");
  EXPECT_EQ(ErrorOf(ParseDeleteTableRequest, R"({"TableName":null})"),
            "ValidationException: 1 validation error detected: Value null at 'tableName' failed "
            "to satisfy constraint: Member must not be null");
}

TEST(DdbJsonRequestTest, ListTables) {
  ListTablesRequest r =
      ParseOk(ParseListTablesRequest, R"({"ExclusiveStartTableName":"a","Limit":7})");
  EXPECT_EQ(r.exclusive_start_table_name, "a");
  EXPECT_EQ(r.limit, 7);
  EXPECT_EQ(ParseOk(ParseListTablesRequest, "{}").limit, 100);
  EXPECT_EQ(ErrorOf(ParseListTablesRequest, R"({"Limit":"7"})"),
            "SerializationException: STRING_VALUE cannot be converted to Integer");
}

TEST(DdbJsonRequestTest, UpdateTable) {
  UpdateTableRequest r = ParseOk(ParseUpdateTableRequest, R"({"TableName":"t",
      "BillingMode":"PAY_PER_REQUEST","OnDemandThroughput":{"MaxReadRequestUnits":10},
      "GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"g",
        "OnDemandThroughput":{"MaxWriteRequestUnits":20}}}]})");
  EXPECT_EQ(r.billing_mode, BillingMode::kPayPerRequest);
  EXPECT_EQ(r.on_demand_throughput, (OnDemandThroughput{10, -1}));
  EXPECT_FALSE(r.provisioned_throughput.has_value());
  ASSERT_EQ(r.global_secondary_index_updates.size(), 1u);
  EXPECT_EQ(r.global_secondary_index_updates[0].index_name, "g");
  EXPECT_EQ(r.global_secondary_index_updates[0].on_demand_throughput, (OnDemandThroughput{-1, 20}));
  EXPECT_EQ(ErrorOf(ParseUpdateTableRequest, R"({"TableName":"t","BillingMode":"FREE"})"),
            "ValidationException: 1 validation error detected: Value 'FREE' at 'billingMode' "
            "failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, "
            "PAY_PER_REQUEST]");
  EXPECT_EQ(
      ErrorOf(ParseUpdateTableRequest,
              R"({"TableName":"t","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"g"}}]})"),
      "ValidationException: Headlock does not support creating or deleting global "
      "secondary indexes with UpdateTable");
}

TEST(DdbJsonRequestTest, WarmThroughput) {
  UpdateTableRequest r = ParseOk(ParseUpdateTableRequest, R"({"TableName":"t",
      "WarmThroughput":{"WriteUnitsPerSecond":20000},
      "GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"g",
        "WarmThroughput":{"ReadUnitsPerSecond":15000,"WriteUnitsPerSecond":6000}}}]})");
  EXPECT_EQ(r.warm_throughput, (WarmThroughput{0, 20000}));  // 0: not given
  EXPECT_EQ(r.global_secondary_index_updates[0].warm_throughput, (WarmThroughput{15000, 6000}));
  CreateTableRequest c = ParseOk(ParseCreateTableRequest, R"({"TableName":"t",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",
      "WarmThroughput":{"ReadUnitsPerSecond":30000,"WriteUnitsPerSecond":10000}})");
  EXPECT_EQ(c.definition.warm_throughput, (WarmThroughput{30000, 10000}));
  EXPECT_EQ(ErrorOf(ParseUpdateTableRequest,
                    R"({"TableName":"t","WarmThroughput":{"ReadUnitsPerSecond":0}})"),
            "ValidationException: 1 validation error detected: Value '0' at "
            "'warmThroughput.readUnitsPerSecond' failed to satisfy constraint: Member must have "
            "value greater than or equal to 1");
}

TEST(DdbJsonRequestTest, PutItem) {
  PutItemRequest r = ParseOk(ParsePutItemRequest, R"j({"TableName":"t",
      "Item":{"pk":{"S":"a"},"n":{"N":"01.50"}},"ConditionExpression":"attribute_not_exists(#p)",
      "ExpressionAttributeNames":{"#p":"pk"},"ReturnValues":"ALL_OLD",
      "ReturnConsumedCapacity":"INDEXES","ReturnValuesOnConditionCheckFailure":"ALL_OLD"})j");
  EXPECT_EQ(r.table_name, "t");
  EXPECT_EQ(ItemToJsonString(r.item), R"({"n":{"N":"1.5"},"pk":{"S":"a"}})");
  EXPECT_EQ(r.condition_expression, "attribute_not_exists(#p)");
  EXPECT_EQ(r.expression_attribute_names->at("#p"), "pk");
  EXPECT_FALSE(r.expression_attribute_values.has_value());
  EXPECT_EQ(r.return_values, ReturnValues::kAllOld);
  EXPECT_EQ(r.return_consumed_capacity, ReturnConsumedCapacity::kIndexes);
  EXPECT_EQ(r.return_values_on_condition_check_failure,
            ReturnValuesOnConditionCheckFailure::kAllOld);
  EXPECT_EQ(ErrorOf(ParsePutItemRequest,
                    R"({"TableName":"t","Item":{"pk":{"S":"a"}},"ReturnValues":"SOME"})"),
            "ValidationException: 1 validation error detected: Value 'SOME' at 'returnValues' "
            "failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, "
            "UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
  EXPECT_EQ(
      ErrorOf(ParsePutItemRequest, R"({"TableName":"t","Item":{"pk":{"S":"a"}},"Expected":{}})"),
      "ValidationException: Headlock supports only the expression parameters; the legacy "
      "parameter Expected is not supported");
  EXPECT_EQ(ErrorOf(ParsePutItemRequest, R"({"TableName":"t","Item":{"pk":{"N":1}}})"),
            "SerializationException: NUMBER_VALUE cannot be converted to String");
}

TEST(DdbJsonRequestTest, GetItem) {
  GetItemRequest r = ParseOk(ParseGetItemRequest, R"({"TableName":"t","Key":{"pk":{"S":"a"}},
      "ConsistentRead":true,"ProjectionExpression":"#a","ExpressionAttributeNames":{"#a":"x"},
      "ReturnConsumedCapacity":"TOTAL"})");
  EXPECT_TRUE(r.consistent_read);
  EXPECT_EQ(r.key.at("pk"), S("a"));
  EXPECT_EQ(r.projection_expression, "#a");
  EXPECT_EQ(r.return_consumed_capacity, ReturnConsumedCapacity::kTotal);
  EXPECT_EQ(ErrorOf(ParseGetItemRequest,
                    R"({"TableName":"t","Key":{"pk":{"S":"a"}},"ConsistentRead":"yes"})"),
            "SerializationException: STRING_VALUE cannot be converted to Boolean");
  EXPECT_EQ(ErrorOf(ParseGetItemRequest,
                    R"({"TableName":"t","Key":{"pk":{"S":"a"}},"ReturnConsumedCapacity":"ALL"})"),
            "ValidationException: 1 validation error detected: Value 'ALL' at "
            "'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum "
            "value set: [INDEXES, TOTAL, NONE]");
}

TEST(DdbJsonRequestTest, UpdateItem) {
  UpdateItemRequest r = ParseOk(ParseUpdateItemRequest, R"({"TableName":"t",
      "Key":{"pk":{"S":"a"}},"UpdateExpression":"SET orderNo = :lockTo, lockByClient = :clientKey",
      "ConditionExpression":"orderNo = :previousOrderNo",
      "ExpressionAttributeValues":{":lockTo":{"N":"2"},":clientKey":{"S":"c"},
                                   ":previousOrderNo":{"N":"1"}},
      "ReturnValues":"UPDATED_NEW"})");
  EXPECT_EQ(r.update_expression, "SET orderNo = :lockTo, lockByClient = :clientKey");
  EXPECT_EQ(r.condition_expression, "orderNo = :previousOrderNo");
  EXPECT_EQ(r.expression_attribute_values->size(), 3u);
  EXPECT_EQ(r.return_values, ReturnValues::kUpdatedNew);
  EXPECT_EQ(ErrorOf(ParseUpdateItemRequest, R"({"TableName":"t","UpdateExpression":"SET a = :a"})"),
            "ValidationException: 1 validation error detected: Value null at 'key' failed to "
            "satisfy constraint: Member must not be null");
  EXPECT_EQ(ErrorOf(ParseUpdateItemRequest,
                    R"({"TableName":"t","Key":{"pk":{"S":"a"}},"AttributeUpdates":{}})"),
            "ValidationException: Headlock supports only the expression parameters; the legacy "
            "parameter AttributeUpdates is not supported");
}

TEST(DdbJsonRequestTest, DeleteItem) {
  DeleteItemRequest r = ParseOk(ParseDeleteItemRequest, R"j({"TableName":"t",
      "Key":{"pk":{"S":"a"}},"ConditionExpression":"attribute_exists(pk)",
      "ReturnValues":"ALL_OLD"})j");
  EXPECT_EQ(r.condition_expression, "attribute_exists(pk)");
  EXPECT_EQ(r.return_values, ReturnValues::kAllOld);
  EXPECT_EQ(ErrorOf(ParseDeleteItemRequest, R"({"TableName":"t","Key":{"pk":{"S":"a"}},
                        "ReturnValuesOnConditionCheckFailure":"ALL_NEW"})"),
            "ValidationException: 1 validation error detected: Value 'ALL_NEW' at "
            "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must "
            "satisfy enum value set: [ALL_OLD, NONE]");
}

TEST(DdbJsonRequestTest, Query) {
  QueryRequest r = ParseOk(ParseQueryRequest, R"j({"TableName":"t","IndexName":"g",
      "KeyConditionExpression":"queueId = :q AND orderNo BETWEEN :negNow AND :now",
      "FilterExpression":"attribute_exists(url)","ProjectionExpression":"id",
      "Select":"SPECIFIC_ATTRIBUTES","ConsistentRead":false,"ScanIndexForward":false,"Limit":10,
      "ExclusiveStartKey":{"pk":{"S":"a"}},
      "ExpressionAttributeValues":{":q":{"S":"q1"},":negNow":{"N":"-5"},":now":{"N":"5"}}})j");
  EXPECT_EQ(r.index_name, "g");
  EXPECT_EQ(r.key_condition_expression, "queueId = :q AND orderNo BETWEEN :negNow AND :now");
  EXPECT_EQ(r.filter_expression, "attribute_exists(url)");
  EXPECT_EQ(r.select, Select::kSpecificAttributes);
  EXPECT_FALSE(r.scan_index_forward);
  EXPECT_EQ(r.limit, 10);
  EXPECT_TRUE(r.exclusive_start_key.has_value());
  EXPECT_EQ(ErrorOf(ParseQueryRequest, R"({"TableName":"t","Select":"SOME"})"),
            "ValidationException: 1 validation error detected: Value 'SOME' at 'select' failed to "
            "satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
            "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
  EXPECT_EQ(ErrorOf(ParseQueryRequest, R"({"TableName":"t","KeyConditions":{}})"),
            "ValidationException: Headlock supports only the expression parameters; the legacy "
            "parameter KeyConditions is not supported");
}

TEST(DdbJsonRequestTest, Scan) {
  ScanRequest r = ParseOk(ParseScanRequest,
                          R"({"TableName":"t","Segment":1,"TotalSegments":4,"Select":"COUNT"})");
  EXPECT_EQ(r.segment, 1);
  EXPECT_EQ(r.total_segments, 4);
  EXPECT_EQ(r.select, Select::kCount);
  EXPECT_EQ(ErrorOf(ParseScanRequest, R"({"TableName":"t","TotalSegments":1.5})"),
            "SerializationException: NUMBER_VALUE cannot be converted to Integer");
}

TEST(DdbJsonRequestTest, BatchWriteItem) {
  BatchWriteItemRequest r = ParseOk(ParseBatchWriteItemRequest, R"({"RequestItems":{
      "t":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"b"}}}}]},
      "ReturnConsumedCapacity":"TOTAL"})");
  ASSERT_EQ(r.request_items.at("t").size(), 2u);
  EXPECT_TRUE(r.request_items.at("t")[0].put_request.has_value());
  EXPECT_EQ(r.request_items.at("t")[1].delete_request->at("pk"), S("b"));
  EXPECT_EQ(ErrorOf(ParseBatchWriteItemRequest, "{}"),
            "ValidationException: 1 validation error detected: Value null at 'requestItems' "
            "failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(ErrorOf(ParseBatchWriteItemRequest, R"({"RequestItems":{"t":{}}})"),
            "SerializationException: Start of structure or map found where not expected.");
}

TEST(DdbJsonRequestTest, BatchGetItem) {
  BatchGetItemRequest r = ParseOk(ParseBatchGetItemRequest, R"({"RequestItems":{
      "t":{"Keys":[{"pk":{"S":"a"}},{"pk":{"S":"b"}}],"ConsistentRead":true,
           "ProjectionExpression":"#p","ExpressionAttributeNames":{"#p":"pk"}}}})");
  const KeysAndAttributes& k = r.request_items.at("t");
  EXPECT_EQ(k.keys.size(), 2u);
  EXPECT_TRUE(k.consistent_read);
  EXPECT_EQ(k.projection_expression, "#p");
  EXPECT_EQ(ErrorOf(ParseBatchGetItemRequest, R"({"RequestItems":{"t":{"ConsistentRead":true}}})"),
            "ValidationException: 1 validation error detected: Value null at 'requestItems.keys' "
            "failed to satisfy constraint: Member must not be null");
}

TEST(DdbJsonRequestTest, TransactWriteItems) {
  TransactWriteItemsRequest r = ParseOk(ParseTransactWriteItemsRequest, R"j({"TransactItems":[
      {"ConditionCheck":{"TableName":"t","Key":{"pk":{"S":"a"}},"ConditionExpression":"attribute_exists(pk)"}},
      {"Put":{"TableName":"t","Item":{"pk":{"S":"b"}},"ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
      {"Delete":{"TableName":"t","Key":{"pk":{"S":"c"}}}},
      {"Update":{"TableName":"t","Key":{"pk":{"S":"d"}},"UpdateExpression":"SET x = :x",
                 "ExpressionAttributeValues":{":x":{"N":"1"}}}}],
      "ClientRequestToken":"tok","ReturnConsumedCapacity":"INDEXES"})j");
  ASSERT_EQ(r.transact_items.size(), 4u);
  using Kind = TransactWriteItem::Kind;
  EXPECT_EQ(r.transact_items[0].kind, Kind::kConditionCheck);
  EXPECT_EQ(r.transact_items[1].kind, Kind::kPut);
  EXPECT_EQ(r.transact_items[1].return_values_on_condition_check_failure,
            ReturnValuesOnConditionCheckFailure::kAllOld);
  EXPECT_EQ(r.transact_items[2].kind, Kind::kDelete);
  EXPECT_EQ(r.transact_items[3].kind, Kind::kUpdate);
  EXPECT_EQ(r.transact_items[3].update_expression, "SET x = :x");
  EXPECT_EQ(r.client_request_token, "tok");
  EXPECT_EQ(ErrorOf(ParseTransactWriteItemsRequest, R"({"TransactItems":[
      {"Put":{"TableName":"t","Item":{"pk":{"S":"b"}}},
       "Delete":{"TableName":"t","Key":{"pk":{"S":"c"}}}}]})"),
            "ValidationException: TransactItems can only contain one of Check, Put, Update or "
            "Delete");
  EXPECT_EQ(ErrorOf(ParseTransactWriteItemsRequest,
                    R"({"TransactItems":[{"Put":{"Item":{"pk":{"S":"b"}}}}]})"),
            "ValidationException: 1 validation error detected: Value null at "
            "'transactItems.1.member.put.tableName' failed to satisfy constraint: Member must "
            "not be null");
}

TEST(DdbJsonRequestTest, TransactGetItems) {
  TransactGetItemsRequest r = ParseOk(ParseTransactGetItemsRequest, R"({"TransactItems":[
      {"Get":{"TableName":"t","Key":{"pk":{"S":"a"}},"ProjectionExpression":"pk"}}],
      "ReturnConsumedCapacity":"TOTAL"})");
  ASSERT_EQ(r.transact_items.size(), 1u);
  EXPECT_EQ(r.transact_items[0].projection_expression, "pk");
  EXPECT_EQ(ErrorOf(ParseTransactGetItemsRequest, R"({"TransactItems":[{}]})"),
            "ValidationException: 1 validation error detected: Value null at "
            "'transactItems.1.member.get' failed to satisfy constraint: Member must not be null");
}

// ---------------------------------------------------------------- responses

ConsumedCapacity PutWithIndex() {
  ConsumedCapacity c;
  c.table_name = "T";
  c.table.write = 2;
  c.global_secondary_indexes["g1"].write = 2;
  return c;
}

std::string CapacityText(const ConsumedCapacity& c, ReturnConsumedCapacity mode,
                         CapacitySplit split = CapacitySplit::kNone) {
  rapidjson::Document doc;
  return JsonToString(ConsumedCapacityToJson(c, mode, split, doc.GetAllocator()));
}

TEST(DdbJsonResponseTest, ConsumedCapacityTotalAndIndexes) {
  // The engine folds index units into `table` for TOTAL; the JSON shows the total.
  ConsumedCapacity total = PutWithIndex();
  total.table = total.Total();
  total.global_secondary_indexes.clear();
  EXPECT_EQ(CapacityText(total, ReturnConsumedCapacity::kTotal),
            R"({"TableName":"T","CapacityUnits":2.0})");
  EXPECT_EQ(CapacityText(PutWithIndex(), ReturnConsumedCapacity::kIndexes),
            R"({"TableName":"T","CapacityUnits":2.0,"Table":{"CapacityUnits":1.0},)"
            R"("GlobalSecondaryIndexes":{"g1":{"CapacityUnits":1.0}}})");
  ConsumedCapacity read;
  read.table_name = "T";
  read.table.read = 1;
  EXPECT_EQ(CapacityText(read, ReturnConsumedCapacity::kIndexes),
            R"({"TableName":"T","CapacityUnits":0.5,"Table":{"CapacityUnits":0.5}})");
}

TEST(DdbJsonResponseTest, TransactCapacityHasReadWriteSplit) {
  ConsumedCapacity c = PutWithIndex();
  c.table.write = 4;
  EXPECT_EQ(CapacityText(c, ReturnConsumedCapacity::kIndexes, CapacitySplit::kWrite),
            R"({"TableName":"T","CapacityUnits":3.0,"WriteCapacityUnits":3.0,)"
            R"("Table":{"CapacityUnits":2.0,"WriteCapacityUnits":2.0},)"
            R"("GlobalSecondaryIndexes":{"g1":{"CapacityUnits":1.0,"WriteCapacityUnits":1.0}}})");
  ConsumedCapacity get;
  get.table_name = "T";
  get.table.read = 4;
  EXPECT_EQ(CapacityText(get, ReturnConsumedCapacity::kTotal, CapacitySplit::kRead),
            R"({"TableName":"T","CapacityUnits":2.0,"ReadCapacityUnits":2.0})");
}

TEST(DdbJsonResponseTest, SingleItemResponses) {
  rapidjson::Document doc;
  PutItemRequest put;
  put.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  PutItemResponse put_response;
  put_response.attributes = Item{{"pk", S("a")}};
  put_response.consumed_capacity = ConsumedCapacity{"T", {0, 2}, {}, {}, {}};
  EXPECT_EQ(
      JsonToString(PutItemResponseToJson(put_response, put, doc.GetAllocator())),
      R"({"Attributes":{"pk":{"S":"a"}},"ConsumedCapacity":{"TableName":"T","CapacityUnits":1.0}})");
  // Nothing asked for: an empty object, as DynamoDB answers.
  EXPECT_EQ(JsonToString(PutItemResponseToJson({}, PutItemRequest{}, doc.GetAllocator())), "{}");
  GetItemResponse get_response;
  EXPECT_EQ(JsonToString(GetItemResponseToJson(get_response, GetItemRequest{}, doc.GetAllocator())),
            "{}");
}

TEST(DdbJsonResponseTest, QueryCountOmitsItems) {
  rapidjson::Document doc;
  QueryResponse response;
  response.count = 2;
  response.scanned_count = 3;
  QueryRequest request;
  request.select = Select::kCount;
  EXPECT_EQ(JsonToString(QueryResponseToJson(response, request, doc.GetAllocator())),
            R"({"Count":2,"ScannedCount":3})");
  request.select = Select::kDefault;
  response.items = {Item{{"pk", S("a")}}};
  response.last_evaluated_key = Item{{"pk", S("a")}};
  EXPECT_EQ(JsonToString(QueryResponseToJson(response, request, doc.GetAllocator())),
            R"({"Count":2,"Items":[{"pk":{"S":"a"}}],"LastEvaluatedKey":{"pk":{"S":"a"}},)"
            R"("ScannedCount":3})");
}

TEST(DdbJsonResponseTest, TableDescription) {
  TableDescription t;
  t.definition.table_name = "T";
  t.definition.key_schema.partition_key = {"pk", AttributeType::kS};
  t.definition.provisioned_throughput = {5, 5};
  GlobalSecondaryIndex g;
  g.index_name = "g";
  g.key_schema.partition_key = {"q", AttributeType::kN};
  g.projection.type = ProjectionType::kKeysOnly;
  g.provisioned_throughput = {1, 2};
  g.warm_throughput = {1, 2};
  t.definition.global_secondary_indexes.push_back(g);
  t.definition.warm_throughput = {15000, 5};
  t.creation_date_time_ms = 1700000000123;
  t.item_count = 4;
  t.table_size_bytes = 400;
  t.index_stats.push_back({"g", 3, 300});
  rapidjson::Document doc;
  EXPECT_EQ(
      JsonToString(TableDescriptionToJson(t, doc.GetAllocator())),
      R"({"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
      R"({"AttributeName":"q","AttributeType":"N"}],)"
      R"("BillingModeSummary":{"BillingMode":"PROVISIONED"},"CreationDateTime":1700000000.123,)"
      R"("GlobalSecondaryIndexes":[{"IndexName":"g","IndexSizeBytes":300,"IndexStatus":"ACTIVE",)"
      R"("ItemCount":3,"KeySchema":[{"AttributeName":"q","KeyType":"HASH"}],)"
      R"("Projection":{"ProjectionType":"KEYS_ONLY"},"ProvisionedThroughput":)"
      R"({"NumberOfDecreasesToday":0,"ReadCapacityUnits":1,"WriteCapacityUnits":2},)"
      R"("WarmThroughput":{"ReadUnitsPerSecond":1,"Status":"ACTIVE","WriteUnitsPerSecond":2}}],)"
      R"("ItemCount":4,"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
      R"("ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":5,)"
      R"("WriteCapacityUnits":5},"TableName":"T","TableSizeBytes":400,"TableStatus":"ACTIVE",)"
      R"("WarmThroughput":{"ReadUnitsPerSecond":15000,"Status":"ACTIVE","WriteUnitsPerSecond":5}})");
}

TEST(DdbJsonResponseTest, BatchAndTransactResponses) {
  rapidjson::Document doc;
  auto& alloc = doc.GetAllocator();
  BatchWriteItemRequest bw;
  EXPECT_EQ(JsonToString(BatchWriteItemResponseToJson({}, bw, alloc)),
            R"({"UnprocessedItems":{}})");
  bw.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  BatchWriteItemResponse bw_response;
  bw_response.consumed_capacity = {ConsumedCapacity{"A", {0, 2}, {}, {}, {}},
                                   ConsumedCapacity{"B", {0, 4}, {}, {}, {}}};
  EXPECT_EQ(JsonToString(BatchWriteItemResponseToJson(bw_response, bw, alloc)),
            R"({"ConsumedCapacity":[{"TableName":"A","CapacityUnits":1.0},)"
            R"({"TableName":"B","CapacityUnits":2.0}],"UnprocessedItems":{}})");
  BatchGetItemRequest bg;
  bg.request_items["A"].keys = {Item{{"pk", S("x")}}};
  EXPECT_EQ(JsonToString(BatchGetItemResponseToJson({}, bg, alloc)),
            R"({"Responses":{"A":[]},"UnprocessedKeys":{}})");
  TransactGetItemsResponse tg;
  tg.responses = {Item{{"pk", S("x")}}, std::nullopt};
  EXPECT_EQ(JsonToString(TransactGetItemsResponseToJson(tg, {}, alloc)),
            R"({"Responses":[{"Item":{"pk":{"S":"x"}}},{}]})");
  EXPECT_EQ(JsonToString(TransactWriteItemsResponseToJson({}, {}, alloc)), "{}");
}

TEST(DdbJsonResponseTest, CancellationReasons) {
  rapidjson::Document doc;
  rapidjson::Value body(rapidjson::kObjectType);
  CancellationReason failed{"ConditionalCheckFailed", "The conditional request failed",
                            Item{{"pk", S("a")}}};
  AddCancellationReasons({CancellationReason{}, failed}, &body, doc.GetAllocator());
  EXPECT_EQ(JsonToString(body),
            R"({"CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed",)"
            R"("Message":"The conditional request failed","Item":{"pk":{"S":"a"}}}]})");
}

// ---------------------------------------------------------------- dispatch

class DdbDispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.in_memory = true;
    options.clock = &clock_;
    ASSERT_TRUE(Database::Open(options, "dispatch-test", &db_).ok());
    ASSERT_TRUE(Call("CreateTable", R"({"TableName":"tbl",
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})")
                    .ok());
  }
  DdbReply Call(std::string_view op, std::string_view body) {
    return HandleRequest(*db_, op, body);
  }

  ManualClock clock_{1700000000000};
  std::unique_ptr<Database> db_;
};

TEST_F(DdbDispatchTest, ConditionalCheckFailedCarriesTheOldItem) {
  ASSERT_TRUE(Call("PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"a"},"v":{"N":"1"}}})").ok());
  DdbReply r = Call("PutItem", R"j({"TableName":"tbl","Item":{"pk":{"S":"a"}},
      "ConditionExpression":"attribute_not_exists(pk)",
      "ReturnValuesOnConditionCheckFailure":"ALL_OLD"})j");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
            R"("message":"The conditional request failed","Item":{"pk":{"S":"a"},"v":{"N":"1"}}})");
  // Without ALL_OLD the error has no Item.
  r = Call("PutItem", R"j({"TableName":"tbl","Item":{"pk":{"S":"a"}},
      "ConditionExpression":"attribute_not_exists(pk)"})j");
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
            R"("message":"The conditional request failed"})");
}

TEST_F(DdbDispatchTest, TransactionCanceledCarriesReasons) {
  DdbReply r = Call("TransactWriteItems", R"j({"TransactItems":[
      {"Put":{"TableName":"tbl","Item":{"pk":{"S":"b"}}}},
      {"ConditionCheck":{"TableName":"tbl","Key":{"pk":{"S":"c"}},
                         "ConditionExpression":"attribute_exists(pk)"}}]})j");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
            R"("message":"Transaction cancelled, please refer cancellation reasons for specific )"
            R"(reasons [None, ConditionalCheckFailed]","CancellationReasons":[{"Code":"None"},)"
            R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}]})");
}

TEST_F(DdbDispatchTest, UnknownOperationAndBadBodies) {
  EXPECT_EQ(Call("Frobnicate", "{}").body,
            R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
  DdbReply r = Call("GetItem", "{");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body.rfind(R"({"__type":"com.amazon.coral.service#SerializationException")", 0), 0u)
      << r.body;
  EXPECT_EQ(Call("GetItem", R"({"TableName":"nope","Key":{"pk":{"S":"a"}}})").body,
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
            R"("message":"Requested resource not found: Table: nope not found"})");
  EXPECT_EQ(SupportedOperations().size(), 15u);
}

TEST_F(DdbDispatchTest, GetItemRoundTrip) {
  ASSERT_TRUE(
      Call("PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"a"},"n":{"N":"1.50"}}})").ok());
  DdbReply r = Call("GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a"}},
      "ReturnConsumedCapacity":"TOTAL"})");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.body, R"({"ConsumedCapacity":{"TableName":"tbl","CapacityUnits":0.5},)"
                    R"("Item":{"n":{"N":"1.5"},"pk":{"S":"a"}}})");
}

}  // namespace
}  // namespace headlock::json
