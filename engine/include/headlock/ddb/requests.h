// One request and one response struct per DynamoDB operation, with fields
// named after DynamoDB's own parameters (KeyConditionExpression ->
// key_condition_expression), so that the JSON front end (tools/) is a
// mechanical mapping and a reader who knows DynamoDB's API knows these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "headlock/ddb/consumed_capacity.h"
#include "headlock/ddb/table.h"
#include "headlock/expr/expression.h"
#include "headlock/value/attribute_value.h"

namespace headlock {

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };
enum class ReturnValuesOnConditionCheckFailure { kNone, kAllOld };
enum class Select { kDefault, kAllAttributes, kAllProjectedAttributes, kSpecificAttributes, kCount };

// ---------------------------------------------------------------- control plane

struct CreateTableRequest {
  TableDefinition definition;
  // AttributeDefinitions as given (every key attribute of the table and its
  // indexes must be defined, and nothing else).
  std::vector<KeyAttribute> attribute_definitions;
};
struct CreateTableResponse {
  TableDescription table_description;
};

struct DescribeTableRequest {
  std::string table_name;
};
struct DescribeTableResponse {
  TableDescription table;
};

struct ListTablesRequest {
  std::optional<std::string> exclusive_start_table_name;
  int limit = 100;  // 1..100
};
struct ListTablesResponse {
  std::vector<std::string> table_names;
  std::optional<std::string> last_evaluated_table_name;
};

struct UpdateTableRequest {
  std::string table_name;
  std::optional<BillingMode> billing_mode;
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;
  struct IndexUpdate {
    std::string index_name;
    std::optional<ProvisionedThroughput> provisioned_throughput;
    std::optional<OnDemandThroughput> on_demand_throughput;
  };
  std::vector<IndexUpdate> global_secondary_index_updates;
};
struct UpdateTableResponse {
  TableDescription table_description;
};

struct DeleteTableRequest {
  std::string table_name;
};
struct DeleteTableResponse {
  TableDescription table_description;
};

// ---------------------------------------------------------------- expressions

// The placeholder maps every expression-bearing request carries.
struct ExpressionAttributes {
  std::optional<ExpressionAttributeNames> expression_attribute_names;
  std::optional<ExpressionAttributeValues> expression_attribute_values;
};

// ---------------------------------------------------------------- single items

struct PutItemRequest : ExpressionAttributes {
  std::string table_name;
  Item item;
  std::optional<std::string> condition_expression;
  ReturnValues return_values = ReturnValues::kNone;  // NONE | ALL_OLD
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};
struct PutItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct GetItemRequest : ExpressionAttributes {
  std::string table_name;
  Item key;
  bool consistent_read = false;
  std::optional<std::string> projection_expression;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};
struct GetItemResponse {
  std::optional<Item> item;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct UpdateItemRequest : ExpressionAttributes {
  std::string table_name;
  Item key;
  std::optional<std::string> update_expression;
  std::optional<std::string> condition_expression;
  ReturnValues return_values = ReturnValues::kNone;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};
struct UpdateItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct DeleteItemRequest : ExpressionAttributes {
  std::string table_name;
  Item key;
  std::optional<std::string> condition_expression;
  ReturnValues return_values = ReturnValues::kNone;  // NONE | ALL_OLD
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};
struct DeleteItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
};

// A failed write: the Status, plus what DynamoDB returns beside the error
// (the existing item for ReturnValuesOnConditionCheckFailure=ALL_OLD, and
// the capacity a failed conditional write still consumed).
struct WriteFailure {
  Status status;
  std::optional<Item> item;
  std::optional<ConsumedCapacity> consumed_capacity;
};

// ---------------------------------------------------------------- query and scan

struct QueryRequest : ExpressionAttributes {
  std::string table_name;
  std::optional<std::string> index_name;
  std::optional<std::string> key_condition_expression;
  std::optional<std::string> filter_expression;
  std::optional<std::string> projection_expression;
  Select select = Select::kDefault;
  bool consistent_read = false;
  bool scan_index_forward = true;
  std::optional<int> limit;
  std::optional<Item> exclusive_start_key;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};
struct QueryResponse {
  std::vector<Item> items;  // empty for Select COUNT
  int64_t count = 0;
  int64_t scanned_count = 0;
  std::optional<Item> last_evaluated_key;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct ScanRequest : ExpressionAttributes {
  std::string table_name;
  std::optional<std::string> index_name;
  std::optional<std::string> filter_expression;
  std::optional<std::string> projection_expression;
  Select select = Select::kDefault;
  bool consistent_read = false;
  std::optional<int> limit;
  std::optional<Item> exclusive_start_key;
  std::optional<int> segment;
  std::optional<int> total_segments;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};
using ScanResponse = QueryResponse;

}  // namespace headlock
