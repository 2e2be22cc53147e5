// RequestQueueService: requests (add, batch add/delete, get, update, delete,
// list) and the head and locks, which the lock strategy carries out.
#include <algorithm>

#include "headlock/queue/request_queue.h"
#include "queue/lock_strategy_internal.h"

namespace headlock {
namespace {

using rq::GetInt;
using rq::Num;
using rq::Str;

constexpr int kMaxListHeadLimit = 1000;   // our bound for GET head
constexpr int kUpdateAttempts = 16;       // optimistic retries of an update that raced

bool ValidMethod(std::string_view m) {
  for (std::string_view ok : {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
                              "TRACE", "PATCH"}) {
    if (m == ok) return true;
  }
  return false;
}

Status ValidateRequest(const QueueRequest& r) {
  if (r.unique_key.empty()) return Status::InvalidInput("Request must have a uniqueKey");
  if (r.url.empty()) return Status::InvalidInput("Request must have a url");
  if (!ValidMethod(r.method)) {
    return Status::InvalidInput("Request method '" + r.method + "' is not allowed");
  }
  if (r.retry_count < 0) return Status::InvalidInput("retryCount must not be negative");
  if (!r.id.empty() && r.id != RequestIdFromUniqueKey(r.unique_key)) {
    return Status::InvalidInput("Request ID does not match its uniqueKey");
  }
  return Status::OK();
}

// The engine rejects an oversized item with ValidationException: to the
// queue's client that is bad input.
Status AsInput(Status s) {
  if (s.IsValidation()) return Status::InvalidInput(s.message());
  return s;
}

// The request's data attributes (without queueId, id and strategy state).
Item DataAttributes(const QueueRequest& r) {
  Item item{{rq::kUniqueKey, Str(r.unique_key)},
            {rq::kUrl, Str(r.url)},
            {rq::kMethod, Str(r.method)},
            {rq::kRetryCount, Num(r.retry_count)},
            {rq::kNoRetry, AttributeValue::BOOL(r.no_retry)}};
  if (r.payload) item[rq::kPayload] = Str(*r.payload);
  if (r.headers_json) item[rq::kHeaders] = Str(*r.headers_json);
  if (r.user_data_json) item[rq::kUserData] = Str(*r.user_data_json);
  if (r.loaded_url) item[rq::kLoadedUrl] = Str(*r.loaded_url);
  if (!r.error_messages.empty()) {
    AttributeList l;
    for (const std::string& m : r.error_messages) l.push_back(Str(m));
    item[rq::kErrorMessages] = AttributeValue::L(std::move(l));
  }
  return item;
}

// SET for every data attribute present, REMOVE for the optional ones absent:
// an update replaces the request. Placeholders #d<i> / :d<i>.
struct ReplaceExpression {
  std::string set;     // "#d0 = :d0, ..."
  std::string remove;  // "#d5, ..." (may be empty)
  ExpressionAttributeNames names;
  ExpressionAttributeValues values;
};
ReplaceExpression Replace(const QueueRequest& r) {
  ReplaceExpression e;
  Item data = DataAttributes(r);
  int i = 0;
  for (auto& [name, value] : data) {
    std::string n = "#d" + std::to_string(i), v = ":d" + std::to_string(i++);
    e.set += (e.set.empty() ? "" : ", ") + n + " = " + v;
    e.names[n] = name;
    e.values[v] = value;
  }
  for (const char* optional : {rq::kPayload, rq::kHeaders, rq::kUserData, rq::kLoadedUrl,
                               rq::kErrorMessages}) {
    if (data.count(optional)) continue;
    std::string n = "#d" + std::to_string(i++);
    e.remove += (e.remove.empty() ? "" : ", ") + n;
    e.names[n] = optional;
  }
  return e;
}

// Adds a strategy's condition part to `condition`, with its placeholders.
void AndCondition(std::string* condition, ExpressionAttributeValues* values,
                  const std::optional<ConditionPart>& part) {
  if (!part) return;
  *condition = "(" + *condition + ") AND (" + part->expression + ")";
  for (const auto& [k, v] : part->values) (*values)[k] = v;
}

}  // namespace

QueueRequest RequestQueueService::ToRequest(const LockContext& ctx, const Item& item,
                                            std::string_view client_key) const {
  QueueRequest r = rq::RequestFromItem(item);
  LockView view = strategy_->ViewOf(ctx, item, client_key);
  if (view.locked) {
    r.lock_expires_at_ms = view.lock_expires_at_ms;
    r.lock_by_client = view.lock_by_client;
  }
  return r;
}

Result<AddRequestResult> RequestQueueService::AddOne(QueueState& q, const QueueRequest& request,
                                                     bool forefront, int64_t* d_pending,
                                                     int64_t* d_handled) {
  const int64_t now = db_->clock().NowMillis();
  AddRequestResult out;
  out.request_id = RequestIdFromUniqueKey(request.unique_key);
  PutItemRequest put;
  put.table_name = q.table;
  put.item = DataAttributes(request);
  put.item[rq::kQueueId] = Str(q.id);
  put.item[rq::kId] = Str(out.request_id);
  if (request.handled_at_ms) put.item[rq::kHandledAt] = Num(*request.handled_at_ms);
  else put.item[rq::kOrderNo] = Num(forefront ? -now : now);
  put.condition_expression = "attribute_not_exists(id)";
  put.return_values_on_condition_check_failure = ReturnValuesOnConditionCheckFailure::kAllOld;
  PutItemResponse response;
  std::optional<Item> existing;
  Status s = db_->PutItem(put, &response, &existing);
  if (s.IsConditionalCheckFailed()) {
    out.was_already_present = true;
    out.was_already_handled = existing && existing->count(rq::kHandledAt) > 0;
    return out;
  }
  HEADLOCK_RETURN_IF_ERROR(AsInput(s));
  ++*(request.handled_at_ms ? d_handled : d_pending);
  return out;
}

Result<AddRequestResult> RequestQueueService::AddRequest(std::string_view queue,
                                                         const QueueRequest& request,
                                                         bool forefront,
                                                         const std::optional<std::string>& client_key) {
  HEADLOCK_RETURN_IF_ERROR(ValidateRequest(request));
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  int64_t d_pending = 0, d_handled = 0;
  Result<AddRequestResult> r = AddOne(*q, request, forefront, &d_pending, &d_handled);
  const std::string client = client_key.value_or("");
  Touch(*q, true, &client, d_pending + d_handled, d_pending, d_handled);
  return r;
}

Result<BatchAddResult> RequestQueueService::BatchAddRequests(
    std::string_view queue, const std::vector<QueueRequest>& requests, bool forefront,
    const std::optional<std::string>& client_key) {
  if (requests.size() > kMaxRequestsPerBatch) {
    return Status::InvalidInput("At most 25 requests can be added in one batch");
  }
  for (const QueueRequest& r : requests) HEADLOCK_RETURN_IF_ERROR(ValidateRequest(r));
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  BatchAddResult out;
  int64_t d_pending = 0, d_handled = 0;
  for (const QueueRequest& r : requests) {
    Result<AddRequestResult> added = AddOne(*q, r, forefront, &d_pending, &d_handled);
    if (added.ok()) {
      out.processed_requests.push_back({added->request_id, r.unique_key,
                                        added->was_already_present, added->was_already_handled});
    } else {
      // Throttled (or failed): the client sends it again; nothing was written.
      out.unprocessed_requests.push_back({r.unique_key, r.url, r.method});
    }
  }
  const std::string client = client_key.value_or("");
  Touch(*q, true, &client, d_pending + d_handled, d_pending, d_handled);
  return out;
}

Status RequestQueueService::DeleteOne(QueueState& q, const std::string& request_id,
                                      const std::string& client_key, int64_t* d_pending,
                                      int64_t* d_handled) {
  LockContext ctx = ContextFor(q);
  DeleteItemRequest d;
  d.table_name = q.table;
  d.key = rq::RequestKey(q.id, request_id);
  std::string condition = "attribute_exists(id)";
  ExpressionAttributeValues values;
  AndCondition(&condition, &values, strategy_->NotLockedByOthers(ctx, client_key));
  d.condition_expression = condition;
  if (!values.empty()) d.expression_attribute_values = std::move(values);
  d.return_values = ReturnValues::kAllOld;
  d.return_values_on_condition_check_failure = ReturnValuesOnConditionCheckFailure::kAllOld;
  DeleteItemResponse response;
  std::optional<Item> existing;
  Status s = db_->DeleteItem(d, &response, &existing);
  if (s.IsConditionalCheckFailed()) {
    if (!existing) {
      return Status::RecordNotFound("Request " + request_id + " was not found in queue " + q.id);
    }
    return Status::RequestLocked("Request " + request_id + " is locked by another client");
  }
  HEADLOCK_RETURN_IF_ERROR(s);
  if (response.attributes) --*(response.attributes->count(rq::kHandledAt) ? d_handled : d_pending);
  strategy_->Forget(q.id, request_id);
  return Status::OK();
}

Result<BatchDeleteResult> RequestQueueService::BatchDeleteRequests(
    std::string_view queue, const std::vector<RequestRef>& requests,
    const std::optional<std::string>& client_key) {
  if (requests.size() > kMaxRequestsPerBatch) {
    return Status::InvalidInput("At most 25 requests can be deleted in one batch");
  }
  for (const RequestRef& r : requests) {
    if ((!r.id || r.id->empty()) && (!r.unique_key || r.unique_key->empty())) {
      return Status::InvalidInput("Each request to delete needs an id or a uniqueKey");
    }
  }
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  const std::string client = client_key.value_or("");
  BatchDeleteResult out;
  int64_t d_pending = 0, d_handled = 0;
  for (const RequestRef& r : requests) {
    std::string id = r.id && !r.id->empty() ? *r.id : RequestIdFromUniqueKey(*r.unique_key);
    Status s = DeleteOne(*q, id, client, &d_pending, &d_handled);
    if (s.ok() || s.code() == Status::Code::kRecordNotFound) {  // deleting is idempotent
      out.processed_requests.push_back({id, r.unique_key.value_or("")});
    } else {
      out.unprocessed_requests.push_back(r);
    }
  }
  Touch(*q, true, &client, d_pending + d_handled, d_pending, d_handled);
  return out;
}

Result<Item> RequestQueueService::ReadRequestItem(QueueState& q, std::string_view request_id) {
  if (request_id.empty()) return Status::InvalidInput("Request id must not be empty");
  GetItemRequest g;
  g.table_name = q.table;
  g.key = rq::RequestKey(q.id, std::string(request_id));
  g.consistent_read = true;
  GetItemResponse r;
  HEADLOCK_RETURN_IF_ERROR(AsInput(db_->GetItem(g, &r)));
  if (!r.item) {
    return Status::RecordNotFound("Request " + std::string(request_id) +
                                  " was not found in queue " + q.id);
  }
  return std::move(*r.item);
}

Result<QueueRequest> RequestQueueService::GetRequest(std::string_view queue,
                                                     std::string_view request_id) {
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  HEADLOCK_ASSIGN_OR_RETURN(Item item, ReadRequestItem(*q, request_id));
  Touch(*q, false, nullptr);
  return ToRequest(ContextFor(*q), item, "");
}

Result<AddRequestResult> RequestQueueService::UpdateRequest(
    std::string_view queue, const QueueRequest& request, bool forefront,
    const std::optional<std::string>& client_key) {
  HEADLOCK_RETURN_IF_ERROR(ValidateRequest(request));
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  const std::string client = client_key.value_or("");
  const std::string id = RequestIdFromUniqueKey(request.unique_key);
  Result<AddRequestResult> r = UpdateOne(*q, id, request, forefront, client);
  if (!r.ok()) return r;
  int64_t d_pending = 0, d_handled = 0, d_total = 0;
  const bool handled = request.handled_at_ms.has_value();
  if (!r->was_already_present) {
    d_total = 1;
    ++*(handled ? &d_handled : &d_pending);
  } else if (r->was_already_handled != handled) {
    d_handled = handled ? 1 : -1;
    d_pending = -d_handled;
  }
  if (handled) strategy_->Forget(q->id, id);
  Touch(*q, true, &client, d_total, d_pending, d_handled);
  r->was_already_present = true;  // the API answers true, even for an insert
  return r;
}

Result<AddRequestResult> RequestQueueService::UpdateOne(QueueState& q, const std::string& id,
                                                        const QueueRequest& request,
                                                        bool forefront,
                                                        const std::string& client) {
  AddRequestResult out;
  out.request_id = id;
  ReplaceExpression e = Replace(request);
  for (int attempt = 0; attempt < kUpdateAttempts; ++attempt) {
    LockContext ctx = ContextFor(q);
    UpdateItemRequest u;
    u.table_name = q.table;
    u.key = rq::RequestKey(q.id, id);
    u.expression_attribute_names = e.names;
    ExpressionAttributeValues values = e.values;
    std::string set = e.set, remove = e.remove;
    auto also_remove = [&](std::string_view attrs) {
      remove += (remove.empty() ? "" : ", ") + std::string(attrs);
    };
    std::string condition;
    std::optional<Item> old;
    if (request.handled_at_ms) {
      // Blind and atomic: one write, the old image tells what it was.
      set += ", handledAt = :handledAt";
      values[":handledAt"] = Num(*request.handled_at_ms);
      also_remove("orderNo, lockByClient, lockExpiresAt, lockForefront");
      condition = "attribute_not_exists(id) OR attribute_exists(handledAt)";
      std::string pending_ok = "attribute_not_exists(handledAt)";
      AndCondition(&pending_ok, &values, strategy_->NotLockedByOthers(ctx, client));
      condition += " OR (" + pending_ok + ")";
      u.return_values = ReturnValues::kAllOld;
    } else {
      Result<Item> current = ReadRequestItem(q, id);
      if (current.ok()) old = std::move(*current);
      else if (current.status().code() != Status::Code::kRecordNotFound) return current.status();
      const int64_t order_no = forefront ? -ctx.now_ms : ctx.now_ms;
      if (!old) {  // unknown id: insert it, pending
        set += ", orderNo = :orderNo";
        values[":orderNo"] = Num(order_no);
        condition = "attribute_not_exists(id)";
      } else if (old->count(rq::kHandledAt)) {  // un-handle: back into the queue
        set += ", orderNo = :orderNo";
        values[":orderNo"] = Num(order_no);
        also_remove("handledAt, lockByClient, lockExpiresAt, lockForefront");
        condition = "attribute_exists(handledAt)";
      } else {
        LockView view = strategy_->ViewOf(ctx, *old, client);
        if (view.locked && view.lock_by_client != client) {
          return Status::RequestLocked("Request " + id + " is locked by another client");
        }
        if (!view.locked) {  // moves to the tail (head), and any stale lock goes
          set += ", orderNo = :orderNo";
          values[":orderNo"] = Num(order_no);
          also_remove("lockByClient, lockExpiresAt, lockForefront");
        }
        condition = "attribute_exists(id) AND attribute_not_exists(handledAt)";
        AndCondition(&condition, &values, strategy_->NotLockedByOthers(ctx, client));
      }
    }
    u.update_expression = "SET " + set + (remove.empty() ? "" : " REMOVE " + remove);
    u.condition_expression = condition;
    u.expression_attribute_values = std::move(values);
    UpdateItemResponse response;
    Status s = db_->UpdateItem(u, &response);
    if (s.IsConditionalCheckFailed()) {
      if (request.handled_at_ms) {
        return Status::RequestLocked("Request " + id + " is locked by another client");
      }
      continue;  // changed between our read and write: read again
    }
    HEADLOCK_RETURN_IF_ERROR(AsInput(s));
    if (request.handled_at_ms) old = std::move(response.attributes);
    out.was_already_present = old.has_value();
    out.was_already_handled = old && old->count(rq::kHandledAt) > 0;
    return out;
  }
  return Status::RequestLocked("Request " + id + " kept changing under the update; try again");
}

Status RequestQueueService::DeleteRequest(std::string_view queue, std::string_view request_id,
                                          const std::optional<std::string>& client_key) {
  if (request_id.empty()) return Status::InvalidInput("Request id must not be empty");
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  const std::string client = client_key.value_or("");
  int64_t d_pending = 0, d_handled = 0;
  Status s = DeleteOne(*q, std::string(request_id), client, &d_pending, &d_handled);
  Touch(*q, s.ok(), &client, d_pending + d_handled, d_pending, d_handled);
  return s;
}

Result<ListRequestsResult> RequestQueueService::ListRequests(std::string_view queue,
                                                             const ListRequestsOptions& options) {
  if (options.limit < 1 || options.limit > kMaxListRequestsLimit) {
    return Status::InvalidInput("limit must be between 1 and 10000");
  }
  if (options.cursor && options.exclusive_start_id) {
    return Status::InvalidInput("cursor and exclusiveStartId cannot be used together");
  }
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  const std::string client = options.client_key.value_or("");
  LockContext ctx = ContextFor(*q);
  ListRequestsResult out;
  out.limit = options.limit;
  out.cursor = options.cursor;
  const bool any_filter = options.filter_locked || options.filter_pending || options.filter_handled;
  QueryRequest query = rq::IndexQuery(ctx, nullptr, "", {});
  query.consistent_read = true;
  query.limit = options.limit;
  const std::optional<std::string>& start = options.cursor ? options.cursor : options.exclusive_start_id;
  if (start) query.exclusive_start_key = rq::RequestKey(q->id, *start);
  bool more = false;
  HEADLOCK_RETURN_IF_ERROR(rq::QueryPages(db_, query, [&](const QueryResponse& page) {
    for (size_t i = 0; i < page.items.size(); ++i) {
      if (static_cast<int>(out.items.size()) == options.limit) {
        more = true;
        return false;
      }
      QueueRequest r = ToRequest(ctx, page.items[i], client);
      bool handled = r.handled_at_ms.has_value();
      bool locked = r.lock_expires_at_ms.has_value();
      if (any_filter && !(options.filter_handled && handled) &&
          !(options.filter_locked && locked) && !(options.filter_pending && !handled && !locked)) {
        continue;
      }
      out.items.push_back(std::move(r));
    }
    if (static_cast<int>(out.items.size()) == options.limit && page.last_evaluated_key) {
      more = true;
      return false;
    }
    return true;
  }));
  if (more && !out.items.empty()) out.next_cursor = out.items.back().id;
  Touch(*q, false, &client);
  return out;
}

Result<ListHeadResult> RequestQueueService::ListHead(std::string_view queue, int limit,
                                                     const std::optional<std::string>& client_key) {
  if (limit < 1 || limit > kMaxListHeadLimit) {
    return Status::InvalidInput("limit must be between 1 and 1000");
  }
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  const std::string client = client_key.value_or("");
  LockContext ctx = ContextFor(*q);
  std::vector<Item> items;
  HEADLOCK_RETURN_IF_ERROR(strategy_->ListHead(ctx, limit, &items));
  ListHeadResult out;
  out.limit = limit;
  for (const Item& item : items) out.items.push_back(ToRequest(ctx, item, client));
  Touch(*q, false, &client);
  std::lock_guard<std::mutex> l(q->mu);
  out.queue_modified_at_ms = q->written_modified_ms;
  out.had_multiple_clients = q->had_multiple_clients;
  return out;
}

Result<LockedHead> RequestQueueService::ListAndLockHead(std::string_view queue, int limit,
                                                        int64_t lock_secs,
                                                        const std::string& client_key) {
  if (limit < 1 || limit > kMaxLockHeadLimit) {
    return Status::InvalidInput("limit must be between 1 and 25");
  }
  if (lock_secs < 1 || lock_secs > kMaxLockSecs) {
    return Status::InvalidInput("lockSecs must be between 1 and 604800");
  }
  if (client_key.empty()) return Status::InvalidInput("clientKey must not be empty");
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  LockContext ctx = ContextFor(*q);
  std::vector<Item> locked;
  LockedHead out;
  HEADLOCK_RETURN_IF_ERROR(strategy_->ListAndLockHead(ctx, limit, lock_secs * 1000, client_key,
                                                      &locked, &out.queue_has_locked_requests));
  out.limit = limit;
  out.lock_secs = lock_secs;
  out.client_key = client_key;
  for (const Item& item : locked) {
    QueueRequest r = ToRequest(ctx, item, client_key);
    r.lock_expires_at_ms = ctx.now_ms + lock_secs * 1000;
    r.lock_by_client = client_key;
    out.items.push_back(std::move(r));
  }
  Touch(*q, !locked.empty(), &client_key);
  std::lock_guard<std::mutex> l(q->mu);
  out.queue_modified_at_ms = q->written_modified_ms;
  out.had_multiple_clients = q->had_multiple_clients;
  return out;
}

Result<Item> RequestQueueService::ReadOwnLock(QueueState& q, std::string_view request_id,
                                              const std::string& client_key) {
  if (client_key.empty()) return Status::InvalidInput("clientKey must not be empty");
  HEADLOCK_ASSIGN_OR_RETURN(Item item, ReadRequestItem(q, request_id));
  if (item.count(rq::kHandledAt)) {
    return Status::RequestAlreadyHandled("Request " + std::string(request_id) +
                                         " has already been handled");
  }
  LockView view = strategy_->ViewOf(ContextFor(q), item, client_key);
  if (view.lock_by_client != client_key) {
    return Status::RequestLocked(
        "Request " + std::string(request_id) +
        (view.locked ? " is locked by another client" : " is not locked by this client"));
  }
  return item;
}

Result<int64_t> RequestQueueService::ProlongRequestLock(std::string_view queue,
                                                        std::string_view request_id,
                                                        int64_t lock_secs,
                                                        const std::string& client_key,
                                                        bool forefront) {
  if (lock_secs < 1 || lock_secs > kMaxLockSecs) {
    return Status::InvalidInput("lockSecs must be between 1 and 604800");
  }
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  HEADLOCK_ASSIGN_OR_RETURN(Item item, ReadOwnLock(*q, request_id, client_key));
  int64_t expires = 0;
  HEADLOCK_RETURN_IF_ERROR(strategy_->ProlongLock(ContextFor(*q), item, lock_secs * 1000,
                                                  client_key, forefront, &expires));
  Touch(*q, true, &client_key);
  return expires;
}

Status RequestQueueService::DeleteRequestLock(std::string_view queue, std::string_view request_id,
                                              const std::string& client_key, bool forefront) {
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  HEADLOCK_ASSIGN_OR_RETURN(Item item, ReadOwnLock(*q, request_id, client_key));
  HEADLOCK_RETURN_IF_ERROR(strategy_->DeleteLock(ContextFor(*q), item, client_key, forefront));
  Touch(*q, true, &client_key);
  return Status::OK();
}

Result<int64_t> RequestQueueService::UnlockRequests(std::string_view queue,
                                                    const std::string& client_key) {
  if (client_key.empty()) return Status::InvalidInput("clientKey must not be empty");
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  int64_t count = 0;
  HEADLOCK_RETURN_IF_ERROR(strategy_->UnlockAll(ContextFor(*q), client_key, &count));
  Touch(*q, count > 0, &client_key);
  return count;
}

}  // namespace headlock
