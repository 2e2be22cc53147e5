// Internals shared by the lock strategies.
#pragma once

#include <memory>

#include "headlock/queue/lock_strategy.h"
#include "queue/request_queue_internal.h"

namespace headlock {

std::unique_ptr<LockStrategy> MakeOrderNoStrategy();
std::unique_ptr<LockStrategy> MakeLockIndexStrategy();
std::unique_ptr<LockStrategy> MakeFilterStrategy();
std::unique_ptr<LockStrategy> MakeClientSideStrategy();

namespace rq {

// The seed's head query: queueId = :q AND orderNo BETWEEN :negNow AND :now
// on the head index, `limit` items per page.
QueryRequest HeadQuery(const LockContext& ctx, int limit);

// A Query on `index` (null: the table) of the queue's partition with a sort-key condition
// `sort_condition` over :q and the given values.
QueryRequest IndexQuery(const LockContext& ctx, const char* index, std::string sort_condition,
                        ExpressionAttributeValues values);

// An UpdateItem on the request `id` of ctx's queue.
UpdateItemRequest RequestUpdate(const LockContext& ctx, const std::string& id,
                                std::string update_expression,
                                std::optional<std::string> condition,
                                ExpressionAttributeValues values);

// Takes locks from the head: pages through `query` and calls `try_lock` on
// each candidate with its orderNo (nullopt: a collision, skip it) until
// `limit` are locked or the candidates run out. An engine error (throttling) after some locks were
// taken ends the call with those (they must not leak); before, it is
// returned.
Status LockFromPages(Database* db, QueryRequest query, int limit,
                     const std::function<Result<std::optional<Item>>(
                         const Item& candidate, int64_t previous_order_no)>& try_lock,
                     std::vector<Item>* locked);

// Releases each of `items` with strategy.DeleteLock (forefront as
// `forefront_of` says), counting the releases; a lock that changed meanwhile
// is skipped.
Status ReleaseEach(LockStrategy& strategy, const LockContext& ctx, const std::vector<Item>& items,
                   const std::string& client_key, const std::function<bool(const Item&)>& forefront_of,
                   int64_t* count);

// Every item of a query (all pages).
Result<std::vector<Item>> QueryAll(Database* db, const QueryRequest& request);

// Up to `limit` items of `query` (following pages) into `items`.
Status CollectHead(Database* db, QueryRequest query, int limit, std::vector<Item>* items);

// One lock attempt: UpdateItem with ReturnValues ALL_NEW; nullopt when the
// condition failed (a collision).
Result<std::optional<Item>> TryLock(const LockContext& ctx, const Item& candidate,
                                    std::string update, std::string condition,
                                    ExpressionAttributeValues values);

// Applies `update` to `item` if it still holds the value of `lock_attr` we
// read and lockByClient = client_key (placeholders :cur and :c are ours).
// Errors: kRequestLocked when it changed meanwhile or holds no lock.
Status RewriteOwnLock(const LockContext& ctx, const Item& item, const std::string& client_key,
                      const char* lock_attr, std::string update, ExpressionAttributeValues values);

// lockForefront of an item (false when absent).
bool LockForefront(const Item& item);

// The stored request id of an item.
inline std::string IdOf(const Item& item) {
  const std::string* id = GetStr(item, kId);
  return id ? *id : std::string();
}

}  // namespace rq

// The strategies that keep a lock in lockExpiresAt/lockByClient (lock-index,
// filter): a lock is live while lockExpiresAt > now.
class ExpiryLockStrategy : public LockStrategy {
 public:
  LockView ViewOf(const LockContext& ctx, const Item& item, std::string_view) const override;
  std::optional<ConditionPart> NotLockedByOthers(const LockContext& ctx,
                                                 const std::string& client_key) const override;
};

}  // namespace headlock
