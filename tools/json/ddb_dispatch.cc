#include "json/ddb_dispatch.h"

#include <array>
#include <optional>
#include <utility>

#include "json/attribute_json.h"
#include "json/ddb_json.h"
#include "json/error_json.h"

namespace headlock::json {
namespace {

// What a handler has to work with. On success it fills `response` with the
// response body; on failure it may put the error body's extra members there
// (Item, CancellationReasons), which HandleRequest merges into the error.
struct HandlerContext {
  Database& db;
  const rapidjson::Value& request;
  rapidjson::Document& response;
};

using Handler = Status (*)(HandlerContext& ctx);

// Parse, call, serialize: the handler of every operation whose engine call
// has no failure outputs.
template <typename Request, typename Response>
Status Run(HandlerContext& ctx, Result<Request> (*parse)(const rapidjson::Value&),
           Status (Database::*call)(const Request&, Response*),
           rapidjson::Value (*to_json)(const Response&, const Request&, JsonAllocator&)) {
  HEADLOCK_ASSIGN_OR_RETURN(Request request, parse(ctx.request));
  Response response;
  HEADLOCK_RETURN_IF_ERROR((ctx.db.*call)(request, &response));
  rapidjson::Value body = to_json(response, request, ctx.response.GetAllocator());
  static_cast<rapidjson::Value&>(ctx.response).Swap(body);
  return Status::OK();
}

// The conditional single-item writes: a failed condition with
// ReturnValuesOnConditionCheckFailure=ALL_OLD puts the old item in the error.
template <typename Request, typename Response>
Status RunConditionalWrite(HandlerContext& ctx, Result<Request> (*parse)(const rapidjson::Value&),
                           Status (Database::*call)(const Request&, Response*,
                                                    std::optional<Item>*),
                           rapidjson::Value (*to_json)(const Response&, const Request&,
                                                       JsonAllocator&)) {
  HEADLOCK_ASSIGN_OR_RETURN(Request request, parse(ctx.request));
  Response response;
  std::optional<Item> failure_item;
  Status s = (ctx.db.*call)(request, &response, &failure_item);
  auto& alloc = ctx.response.GetAllocator();
  if (!s.ok()) {
    if (s.IsConditionalCheckFailed() && failure_item) {
      ctx.response.SetObject();
      ctx.response.AddMember("Item", ItemToJson(*failure_item, alloc), alloc);
    }
    return s;
  }
  rapidjson::Value body = to_json(response, request, alloc);
  static_cast<rapidjson::Value&>(ctx.response).Swap(body);
  return Status::OK();
}

Status CreateTable(HandlerContext& ctx) {
  return Run(ctx, &ParseCreateTableRequest, &Database::CreateTable, &CreateTableResponseToJson);
}
Status DescribeTable(HandlerContext& ctx) {
  return Run(ctx, &ParseDescribeTableRequest, &Database::DescribeTable,
             &DescribeTableResponseToJson);
}
Status ListTables(HandlerContext& ctx) {
  return Run(ctx, &ParseListTablesRequest, &Database::ListTables, &ListTablesResponseToJson);
}
Status UpdateTable(HandlerContext& ctx) {
  return Run(ctx, &ParseUpdateTableRequest, &Database::UpdateTable, &UpdateTableResponseToJson);
}
Status DeleteTable(HandlerContext& ctx) {
  return Run(ctx, &ParseDeleteTableRequest, &Database::DeleteTable, &DeleteTableResponseToJson);
}
Status PutItem(HandlerContext& ctx) {
  return RunConditionalWrite(ctx, &ParsePutItemRequest, &Database::PutItem, &PutItemResponseToJson);
}
Status GetItem(HandlerContext& ctx) {
  return Run(ctx, &ParseGetItemRequest, &Database::GetItem, &GetItemResponseToJson);
}
Status UpdateItem(HandlerContext& ctx) {
  return RunConditionalWrite(ctx, &ParseUpdateItemRequest, &Database::UpdateItem,
                             &UpdateItemResponseToJson);
}
Status DeleteItem(HandlerContext& ctx) {
  return RunConditionalWrite(ctx, &ParseDeleteItemRequest, &Database::DeleteItem,
                             &DeleteItemResponseToJson);
}
Status Query(HandlerContext& ctx) {
  return Run(ctx, &ParseQueryRequest, &Database::Query, &QueryResponseToJson);
}
Status Scan(HandlerContext& ctx) {
  return Run(ctx, &ParseScanRequest, &Database::Scan, &ScanResponseToJson);
}
Status BatchWriteItem(HandlerContext& ctx) {
  return Run(ctx, &ParseBatchWriteItemRequest, &Database::BatchWriteItem,
             &BatchWriteItemResponseToJson);
}
Status BatchGetItem(HandlerContext& ctx) {
  return Run(ctx, &ParseBatchGetItemRequest, &Database::BatchGetItem, &BatchGetItemResponseToJson);
}
Status TransactGetItems(HandlerContext& ctx) {
  return Run(ctx, &ParseTransactGetItemsRequest, &Database::TransactGetItems,
             &TransactGetItemsResponseToJson);
}

// A cancelled transaction carries one CancellationReason per action.
Status TransactWriteItems(HandlerContext& ctx) {
  HEADLOCK_ASSIGN_OR_RETURN(TransactWriteItemsRequest request,
                            ParseTransactWriteItemsRequest(ctx.request));
  TransactWriteItemsResponse response;
  std::vector<CancellationReason> reasons;
  Status s = ctx.db.TransactWriteItems(request, &response, &reasons);
  auto& alloc = ctx.response.GetAllocator();
  if (!s.ok()) {
    if (s.code() == Status::Code::kTransactionCanceledException && !reasons.empty()) {
      ctx.response.SetObject();
      AddCancellationReasons(reasons, &ctx.response, alloc);
    }
    return s;
  }
  rapidjson::Value body = TransactWriteItemsResponseToJson(response, request, alloc);
  static_cast<rapidjson::Value&>(ctx.response).Swap(body);
  return Status::OK();
}

struct Operation {
  std::string_view name;
  Handler handler;
};

constexpr std::array kOperations = {
    Operation{"CreateTable", &CreateTable},
    Operation{"DescribeTable", &DescribeTable},
    Operation{"ListTables", &ListTables},
    Operation{"UpdateTable", &UpdateTable},
    Operation{"DeleteTable", &DeleteTable},
    Operation{"PutItem", &PutItem},
    Operation{"GetItem", &GetItem},
    Operation{"UpdateItem", &UpdateItem},
    Operation{"DeleteItem", &DeleteItem},
    Operation{"Query", &Query},
    Operation{"Scan", &Scan},
    Operation{"BatchWriteItem", &BatchWriteItem},
    Operation{"BatchGetItem", &BatchGetItem},
    Operation{"TransactWriteItems", &TransactWriteItems},
    Operation{"TransactGetItems", &TransactGetItems},
};

Handler FindHandler(std::string_view operation) {
  for (const Operation& op : kOperations) {
    if (op.name == operation) return op.handler;
  }
  return nullptr;
}

}  // namespace

DdbReply ErrorReply(const Status& status) {
  return DdbReply{ErrorHttpStatus(status), ErrorToJsonString(status)};
}

DdbReply UnknownOperationReply() {
  return DdbReply{400, R"({"__type":"com.amazon.coral.service#UnknownOperationException"})"};
}

DdbReply HandleRequest(Database& db, std::string_view operation, const rapidjson::Value& body) {
  Handler handler = FindHandler(operation);
  if (handler == nullptr) return UnknownOperationReply();
  rapidjson::Document response;
  HandlerContext ctx{db, body, response};
  Status s = handler(ctx);
  if (s.ok()) return DdbReply{200, JsonToString(response)};
  rapidjson::Document error;
  rapidjson::Value error_body = ErrorToJson(s, error.GetAllocator());
  if (response.IsObject()) {
    for (auto& m : response.GetObject()) {
      error_body.AddMember(m.name, m.value, error.GetAllocator());
    }
  }
  return DdbReply{ErrorHttpStatus(s), JsonToString(error_body)};
}

DdbReply HandleRequest(Database& db, std::string_view operation, std::string_view body_json) {
  // The target is checked before the body is parsed (reference/dynamodb.md §9
  // puts JSON parsing first, but an unknown operation has no body shape to
  // check, and its answer does not depend on the body).
  if (FindHandler(operation) == nullptr) return UnknownOperationReply();
  rapidjson::Document doc;
  Status parsed = ParseJson(body_json, &doc);
  if (!parsed.ok()) return ErrorReply(parsed);
  return HandleRequest(db, operation, doc);
}

std::vector<std::string_view> SupportedOperations() {
  std::vector<std::string_view> names;
  for (const Operation& op : kOperations) names.push_back(op.name);
  return names;
}

}  // namespace headlock::json
