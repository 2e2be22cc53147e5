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
                     const std::function<Result<std::optional<Item>>(const Item&)>& try_lock,
                     std::vector<Item>* locked) {
  Status failure;
  Status s = QueryPages(db, std::move(query), [&](const QueryResponse& page) {
    for (const Item& candidate : page.items) {
      Result<std::optional<Item>> got = try_lock(candidate);
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
  if (!s.ok() && !locked->empty() && IsThrottle(s)) return Status::OK();
  return s;
}

}  // namespace rq
}  // namespace headlock
