// One request and one response struct per DynamoDB operation, with fields
// named after DynamoDB's own parameters (KeyConditionExpression ->
// key_condition_expression), so that the JSON front end (tools/) is a
// mechanical mapping and a reader who knows DynamoDB's API knows these.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "headlock/capacity/consumed_capacity.h"
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
  std::optional<WarmThroughput> warm_throughput;  // pre-warming (raises only)
  struct IndexUpdate {
    std::string index_name;
    std::optional<ProvisionedThroughput> provisioned_throughput;
    std::optional<OnDemandThroughput> on_demand_throughput;
    std::optional<WarmThroughput> warm_throughput;
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

// ---------------------------------------------------------------- batches

inline constexpr size_t kMaxBatchWriteItems = 25;            // BatchWriteItem requests per call
inline constexpr size_t kMaxBatchGetItems = 100;             // BatchGetItem keys per call
inline constexpr size_t kMaxBatchRequestBytes = 16u << 20;   // BatchWriteItem request size (16 MB)
inline constexpr size_t kMaxTransactItems = 100;             // TransactWrite/GetItems actions
inline constexpr size_t kMaxTransactBytes = 4u << 20;        // transaction aggregate size (4 MB)

// One element of BatchWriteItem's RequestItems: a PutRequest or a DeleteRequest.
struct WriteRequest {
  std::optional<Item> put_request;     // PutRequest.Item
  std::optional<Item> delete_request;  // DeleteRequest.Key
};

struct BatchWriteItemRequest {
  // Table name -> requests, in the order given.
  std::map<std::string, std::vector<WriteRequest>> request_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};
struct BatchWriteItemResponse {
  std::map<std::string, std::vector<WriteRequest>> unprocessed_items;
  std::vector<ConsumedCapacity> consumed_capacity;  // one per table, when asked for
};

struct KeysAndAttributes : ExpressionAttributes {
  std::vector<Item> keys;
  bool consistent_read = false;
  std::optional<std::string> projection_expression;
};

struct BatchGetItemRequest {
  std::map<std::string, KeysAndAttributes> request_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};
struct BatchGetItemResponse {
  std::map<std::string, std::vector<Item>> responses;
  std::map<std::string, KeysAndAttributes> unprocessed_keys;
  std::vector<ConsumedCapacity> consumed_capacity;
};

// ---------------------------------------------------------------- transactions

struct TransactWriteItem : ExpressionAttributes {
  enum class Kind { kConditionCheck, kPut, kDelete, kUpdate };
  Kind kind = Kind::kPut;
  std::string table_name;
  Item item;  // Put: the item; the others: the key
  std::optional<std::string> condition_expression;
  std::optional<std::string> update_expression;  // Update only
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct TransactWriteItemsRequest {
  std::vector<TransactWriteItem> transact_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  std::optional<std::string> client_request_token;
};
struct TransactWriteItemsResponse {
  std::vector<ConsumedCapacity> consumed_capacity;
};

struct TransactGetItem : ExpressionAttributes {
  std::string table_name;
  Item key;
  std::optional<std::string> projection_expression;
};
struct TransactGetItemsRequest {
  std::vector<TransactGetItem> transact_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};
struct TransactGetItemsResponse {
  std::vector<std::optional<Item>> responses;  // in request order; nullopt = no item
  std::vector<ConsumedCapacity> consumed_capacity;
};

// One entry of a TransactionCanceledException's CancellationReasons.
struct CancellationReason {
  std::string code = "None";  // None, ConditionalCheckFailed, ValidationError, ...
  std::string message;
  std::optional<Item> item;
};

}  // namespace headlock
