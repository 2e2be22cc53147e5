// DynamoDB's JSON 1.0 request and response bodies <-> the engine's request
// and response structs (headlock/ddb/requests.h).
//
// The mapping is mechanical: a member "KeyConditionExpression" fills
// key_condition_expression, and so on. Parsing follows DynamoDB's order of
// checks (reference/dynamodb.md §9): a member of the wrong JSON type is a
// SerializationException ("NUMBER_VALUE cannot be converted to String");
// then a missing required member or an unknown enum value is a
// ValidationException in Coral's envelope
//   1 validation error detected: Value 'X' at 'returnValues' failed to
//   satisfy constraint: Member must satisfy enum value set: [...]
// where the path is DynamoDB's ('globalSecondaryIndexes.1.member.keySchema').
// Semantic checks (schemas, expressions, limits) stay in the engine, so API
// users and JSON users see the same messages. Unknown members are ignored,
// as DynamoDB does; the legacy non-expression parameters (Expected,
// KeyConditions, AttributeUpdates, ...) are rejected rather than ignored,
// because ignoring Expected would turn a conditional write into a blind one.
//
// Responses are written in the API reference's member order, except
// ConsumedCapacity, which follows reference/dynamodb.md §3.4: TableName,
// CapacityUnits, [ReadCapacityUnits, WriteCapacityUnits], [Table,
// GlobalSecondaryIndexes]. Units are integer half units in the engine and
// JSON numbers such as 1.0 and 0.5 here.
//
// Thread safety: pure functions.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <vector>

#include "headlock/ddb/requests.h"
#include "headlock/result.h"
#include "headlock/status.h"

namespace headlock::json {

using JsonAllocator = rapidjson::Document::AllocatorType;

// ---------------------------------------------------------------- requests
// Each takes the request body (a JSON object) and fails with
// SerializationException or ValidationException as described above.

Result<CreateTableRequest> ParseCreateTableRequest(const rapidjson::Value& body);
Result<DescribeTableRequest> ParseDescribeTableRequest(const rapidjson::Value& body);
Result<ListTablesRequest> ParseListTablesRequest(const rapidjson::Value& body);
Result<UpdateTableRequest> ParseUpdateTableRequest(const rapidjson::Value& body);
Result<DeleteTableRequest> ParseDeleteTableRequest(const rapidjson::Value& body);
Result<PutItemRequest> ParsePutItemRequest(const rapidjson::Value& body);
Result<GetItemRequest> ParseGetItemRequest(const rapidjson::Value& body);
Result<UpdateItemRequest> ParseUpdateItemRequest(const rapidjson::Value& body);
Result<DeleteItemRequest> ParseDeleteItemRequest(const rapidjson::Value& body);
Result<QueryRequest> ParseQueryRequest(const rapidjson::Value& body);
Result<ScanRequest> ParseScanRequest(const rapidjson::Value& body);
Result<BatchWriteItemRequest> ParseBatchWriteItemRequest(const rapidjson::Value& body);
Result<BatchGetItemRequest> ParseBatchGetItemRequest(const rapidjson::Value& body);
Result<TransactWriteItemsRequest> ParseTransactWriteItemsRequest(const rapidjson::Value& body);
Result<TransactGetItemsRequest> ParseTransactGetItemsRequest(const rapidjson::Value& body);

// ---------------------------------------------------------------- responses
// Each takes the request too: how ConsumedCapacity is shaped (TOTAL or
// INDEXES) and whether Items appears (not for Select COUNT) depend on it.

rapidjson::Value TableDescriptionToJson(const TableDescription& table, JsonAllocator& alloc);

rapidjson::Value CreateTableResponseToJson(const CreateTableResponse& response,
                                           const CreateTableRequest& request, JsonAllocator& alloc);
rapidjson::Value DescribeTableResponseToJson(const DescribeTableResponse& response,
                                             const DescribeTableRequest& request,
                                             JsonAllocator& alloc);
rapidjson::Value ListTablesResponseToJson(const ListTablesResponse& response,
                                          const ListTablesRequest& request, JsonAllocator& alloc);
rapidjson::Value UpdateTableResponseToJson(const UpdateTableResponse& response,
                                           const UpdateTableRequest& request, JsonAllocator& alloc);
rapidjson::Value DeleteTableResponseToJson(const DeleteTableResponse& response,
                                           const DeleteTableRequest& request, JsonAllocator& alloc);
rapidjson::Value PutItemResponseToJson(const PutItemResponse& response,
                                       const PutItemRequest& request, JsonAllocator& alloc);
rapidjson::Value GetItemResponseToJson(const GetItemResponse& response,
                                       const GetItemRequest& request, JsonAllocator& alloc);
rapidjson::Value UpdateItemResponseToJson(const UpdateItemResponse& response,
                                          const UpdateItemRequest& request, JsonAllocator& alloc);
rapidjson::Value DeleteItemResponseToJson(const DeleteItemResponse& response,
                                          const DeleteItemRequest& request, JsonAllocator& alloc);
rapidjson::Value QueryResponseToJson(const QueryResponse& response, const QueryRequest& request,
                                     JsonAllocator& alloc);
rapidjson::Value ScanResponseToJson(const ScanResponse& response, const ScanRequest& request,
                                    JsonAllocator& alloc);
rapidjson::Value BatchWriteItemResponseToJson(const BatchWriteItemResponse& response,
                                              const BatchWriteItemRequest& request,
                                              JsonAllocator& alloc);
rapidjson::Value BatchGetItemResponseToJson(const BatchGetItemResponse& response,
                                            const BatchGetItemRequest& request,
                                            JsonAllocator& alloc);
rapidjson::Value TransactWriteItemsResponseToJson(const TransactWriteItemsResponse& response,
                                                  const TransactWriteItemsRequest& request,
                                                  JsonAllocator& alloc);
rapidjson::Value TransactGetItemsResponseToJson(const TransactGetItemsResponse& response,
                                                const TransactGetItemsRequest& request,
                                                JsonAllocator& alloc);

// Which Read/WriteCapacityUnits split a ConsumedCapacity shows: only the
// transaction APIs have one (reference/dynamodb.md §3.4).
enum class CapacitySplit { kNone, kRead, kWrite };

// One ConsumedCapacity object. TOTAL: {"TableName","CapacityUnits"};
// INDEXES adds "Table" and, for touched indexes only, "GlobalSecondaryIndexes".
// REQUIRES: mode != kNone.
rapidjson::Value ConsumedCapacityToJson(const ConsumedCapacity& consumed,
                                        ReturnConsumedCapacity mode, CapacitySplit split,
                                        JsonAllocator& alloc);

// ---------------------------------------------------------------- error extras
// Members DynamoDB adds to an error body beside __type and message.

// {"CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed",
// "Message":"...","Item":{...}}]}: appended to `error_body`.
void AddCancellationReasons(const std::vector<CancellationReason>& reasons,
                            rapidjson::Value* error_body, JsonAllocator& alloc);

}  // namespace headlock::json
