// Lock strategy names, the factory, and the query/update builders the
// strategies share.
#include "headlock/queue/lock_strategy.h"

#include "queue/lock_strategy_internal.h"

namespace headlock {

std::string_view LockStrategyName(LockStrategyKind kind) {
  switch (kind) {
    case LockStrategyKind::kOrderNo: return "order-no";
    case LockStrategyKind::kLockIndex: return "lock-index";
    case LockStrategyKind::kFilter: return "filter";
    case LockStrategyKind::kClientSide: return "client-side";
  }
  return "order-no";
}

Result<LockStrategyKind> ParseLockStrategyKind(std::string_view name) {
  for (LockStrategyKind k : {LockStrategyKind::kOrderNo, LockStrategyKind::kLockIndex,
                             LockStrategyKind::kFilter, LockStrategyKind::kClientSide}) {
    if (LockStrategyName(k) == name) return k;
  }
  return Status::InvalidInput("Unknown lock strategy '" + std::string(name) +
                              "' (expected order-no, lock-index, filter or client-side)");
}

std::unique_ptr<LockStrategy> MakeLockStrategy(LockStrategyKind kind) {
  switch (kind) {
    case LockStrategyKind::kOrderNo: return MakeOrderNoStrategy();
    case LockStrategyKind::kLockIndex: return MakeLockIndexStrategy();
    case LockStrategyKind::kFilter: return MakeFilterStrategy();
    case LockStrategyKind::kClientSide: return MakeClientSideStrategy();
  }
  return MakeOrderNoStrategy();
}

namespace rq {

QueryRequest IndexQuery(const LockContext& ctx, const char* index, std::string sort_condition,
                        ExpressionAttributeValues values) {
  QueryRequest q;
  q.table_name = ctx.table;
  if (index != nullptr) q.index_name = index;
  q.key_condition_expression = "queueId = :q";
  if (!sort_condition.empty()) *q.key_condition_expression += " AND " + sort_condition;
  values[":q"] = Str(ctx.queue_id);
  q.expression_attribute_values = std::move(values);
  return q;
}

QueryRequest HeadQuery(const LockContext& ctx, int limit) {
  QueryRequest q = IndexQuery(ctx, kHeadIndex, "orderNo BETWEEN :negNow AND :now",
                              {{":negNow", Num(-ctx.now_ms)}, {":now", Num(ctx.now_ms)}});
  q.limit = limit;
  return q;
}

UpdateItemRequest RequestUpdate(const LockContext& ctx, const std::string& id,
                                std::string update_expression,
                                std::optional<std::string> condition,
                                ExpressionAttributeValues values) {
  UpdateItemRequest u;
  u.table_name = ctx.table;
  u.key = RequestKey(ctx.queue_id, id);
  u.update_expression = std::move(update_expression);
  u.condition_expression = std::move(condition);
  if (!values.empty()) u.expression_attribute_values = std::move(values);
  return u;
}

Status LockFromPages(Database* db, QueryRequest query, int limit,
                     const std::function<Result<std::optional<Item>>(
                         const Item& candidate, int64_t previous_order_no)>& try_lock,
                     std::vector<Item>* locked) {
  Status failure;
  Status s = QueryPages(db, std::move(query), [&](const QueryResponse& page) {
    for (const Item& candidate : page.items) {
      std::optional<int64_t> previous = GetInt(candidate, kOrderNo);
      if (!previous) continue;
      Result<std::optional<Item>> got = try_lock(candidate, *previous);
      if (!got.ok()) {
        failure = got.status();
        return false;
      }
      if (got->has_value()) locked->push_back(std::move(**got));
      if (static_cast<int>(locked->size()) >= limit) return false;
    }
    return true;
  });
  if (s.ok()) s = failure;
  if (!s.ok() && !locked->empty() && s.IsThrottle()) return Status::OK();
  return s;
}

Result<std::vector<Item>> QueryAll(Database* db, const QueryRequest& request) {
  std::vector<Item> all;
  HEADLOCK_RETURN_IF_ERROR(QueryPages(db, request, [&](const QueryResponse& page) {
    all.insert(all.end(), page.items.begin(), page.items.end());
    return true;
  }));
  return all;
}

Status CollectHead(Database* db, QueryRequest query, int limit, std::vector<Item>* items) {
  return QueryPages(db, std::move(query), [&](const QueryResponse& page) {
    for (const Item& item : page.items) {
      if (static_cast<int>(items->size()) < limit) items->push_back(item);
    }
    return static_cast<int>(items->size()) < limit;
  });
}

Result<std::optional<Item>> TryLock(const LockContext& ctx, const Item& candidate,
                                    std::string update, std::string condition,
                                    ExpressionAttributeValues values) {
  UpdateItemRequest u = RequestUpdate(ctx, IdOf(candidate), std::move(update),
                                      std::move(condition), std::move(values));
  u.return_values = ReturnValues::kAllNew;
  std::optional<Item> after;
  HEADLOCK_ASSIGN_OR_RETURN(WriteOutcome outcome, ConditionalUpdate(ctx.db, u, &after));
  if (outcome == WriteOutcome::kConflict) return std::optional<Item>();
  return after;
}

Status RewriteOwnLock(const LockContext& ctx, const Item& item, const std::string& client_key,
                      const char* lock_attr, std::string update,
                      ExpressionAttributeValues values) {
  std::optional<int64_t> current = GetInt(item, lock_attr);
  if (!current) return Status::RequestLocked("Request " + IdOf(item) + " is not locked");
  values[":cur"] = Num(*current);
  values[":c"] = Str(client_key);
  UpdateItemRequest u = RequestUpdate(ctx, IdOf(item), std::move(update),
                                      std::string(lock_attr) + " = :cur AND lockByClient = :c",
                                      std::move(values));
  HEADLOCK_ASSIGN_OR_RETURN(WriteOutcome outcome, ConditionalUpdate(ctx.db, u));
  if (outcome == WriteOutcome::kConflict) {
    return Status::RequestLocked("Request " + IdOf(item) +
                                 " was locked by another client meanwhile");
  }
  return Status::OK();
}

Status ReleaseEach(LockStrategy& strategy, const LockContext& ctx, const std::vector<Item>& items,
                   const std::string& client_key, const std::function<bool(const Item&)>& forefront_of,
                   int64_t* count) {
  for (const Item& item : items) {
    Status s = strategy.DeleteLock(ctx, item, client_key, forefront_of(item));
    if (s.ok()) ++*count;
    else if (s.code() != Status::Code::kRequestLocked) return s;
  }
  return Status::OK();
}

bool LockForefront(const Item& item) {
  auto it = item.find(kLockForefront);
  return it != item.end() && it->second.is_bool() && it->second.boolean();
}

}  // namespace rq

LockView ExpiryLockStrategy::ViewOf(const LockContext& ctx, const Item& item,
                                    std::string_view) const {
  LockView v;
  if (const std::string* c = rq::GetStr(item, rq::kLockByClient)) v.lock_by_client = *c;
  std::optional<int64_t> e = rq::GetInt(item, rq::kLockExpiresAt);
  if (e && *e > ctx.now_ms) {
    v.locked = true;
    v.lock_expires_at_ms = *e;
  }
  return v;
}

std::optional<ConditionPart> ExpiryLockStrategy::NotLockedByOthers(
    const LockContext& ctx, const std::string& client_key) const {
  return ConditionPart{
      "attribute_not_exists(lockExpiresAt) OR lockExpiresAt <= :lkNow OR "
      "lockByClient = :lkClient",
      {{":lkNow", rq::Num(ctx.now_ms)}, {":lkClient", rq::Str(client_key)}}};
}

}  // namespace headlock
