// lock-index: lock state in its own attributes with a second index, the
// design the seed rejected because every lock then writes two indexes.
//
//   pending, unlocked   orderNo = +-t               in queueId-orderNo
//   locked              lockExpiresAt, lockByClient, lockForefront, no
//                       orderNo                     in queueId-lockExpiresAt
//
// A lock moves the request from the head index to the lock index
// (SET lockExpiresAt.. REMOVE orderNo, on orderNo = :previousOrderNo), so
// head reads never see locked requests. Expiry is not free: a head call
// first reclaims the expired locks it finds in the lock index (lockExpiresAt
// <= now) and puts them back at +-expiry, where order-no would find them
// without a write. queueHasLockedRequests is one cheap query on the lock
// index.
#include "queue/lock_strategy_internal.h"

namespace headlock {
namespace {

using rq::Num;
using rq::Str;

constexpr char kUnlock[] = "SET orderNo = :o REMOVE lockExpiresAt, lockByClient, lockForefront";

class LockIndexStrategy final : public ExpiryLockStrategy {
 public:
  LockStrategyKind kind() const override { return LockStrategyKind::kLockIndex; }
  LockGuarantees guarantees() const override { return LockGuarantees{}; }

  void ExtendRequestTable(CreateTableRequest* t) const override {
    t->attribute_definitions.push_back({rq::kLockExpiresAt, AttributeType::kN});
    GlobalSecondaryIndex g;
    g.index_name = rq::kLockIndex;
    g.key_schema = {{rq::kQueueId, AttributeType::kS},
                    KeyAttribute{rq::kLockExpiresAt, AttributeType::kN}};
    g.projection.type = ProjectionType::kAll;
    t->definition.global_secondary_indexes.push_back(std::move(g));
  }

  Status ListHead(const LockContext& ctx, int limit, std::vector<Item>* items) override {
    HEADLOCK_RETURN_IF_ERROR(ReclaimExpired(ctx));
    return rq::CollectHead(ctx.db, rq::HeadQuery(ctx, limit), limit, items);
  }

  Status ListAndLockHead(const LockContext& ctx, int limit, int64_t lock_ms,
                         const std::string& client_key, std::vector<Item>* locked,
                         bool* queue_has_locked) override {
    HEADLOCK_RETURN_IF_ERROR(ReclaimExpired(ctx));
    const int64_t lock_to = ctx.now_ms + lock_ms;
    HEADLOCK_RETURN_IF_ERROR(rq::LockFromPages(
        ctx.db, rq::HeadQuery(ctx, limit), limit,
        [&](const Item& candidate, int64_t previous) {
          return rq::TryLock(
              ctx, candidate,
              "SET lockExpiresAt = :lockTo, lockByClient = :clientKey, lockForefront = :ff "
              "REMOVE orderNo",
              "orderNo = :previousOrderNo",
              {{":lockTo", Num(lock_to)},
               {":clientKey", Str(client_key)},
               {":ff", AttributeValue::BOOL(previous < 0)},
               {":previousOrderNo", Num(previous)}});
        },
        locked));
    *queue_has_locked = !locked->empty();
    if (*queue_has_locked) return Status::OK();
    QueryRequest q = rq::IndexQuery(ctx, rq::kLockIndex, "lockExpiresAt > :now",
                                    {{":now", Num(ctx.now_ms)}});
    q.limit = 1;
    QueryResponse r;
    HEADLOCK_RETURN_IF_ERROR(ctx.db->Query(q, &r));
    *queue_has_locked = !r.items.empty();
    return Status::OK();
  }

  Status ProlongLock(const LockContext& ctx, const Item& item, int64_t lock_ms,
                     const std::string& client_key, bool forefront,
                     int64_t* lock_expires_at_ms) override {
    const int64_t lock_to = ctx.now_ms + lock_ms;
    HEADLOCK_RETURN_IF_ERROR(rq::RewriteOwnLock(
        ctx, item, client_key, rq::kLockExpiresAt, "SET lockExpiresAt = :e, lockForefront = :ff",
        {{":e", Num(lock_to)}, {":ff", AttributeValue::BOOL(forefront)}}));
    *lock_expires_at_ms = lock_to;
    return Status::OK();
  }

  Status DeleteLock(const LockContext& ctx, const Item& item, const std::string& client_key,
                    bool forefront) override {
    return rq::RewriteOwnLock(ctx, item, client_key, rq::kLockExpiresAt, kUnlock,
                              {{":o", Num(forefront ? -ctx.now_ms : ctx.now_ms)}});
  }

  Status UnlockAll(const LockContext& ctx, const std::string& client_key,
                   int64_t* count) override {
    *count = 0;
    QueryRequest q = rq::IndexQuery(ctx, rq::kLockIndex, "lockExpiresAt > :now",
                                    {{":now", Num(ctx.now_ms)}, {":c", Str(client_key)}});
    q.filter_expression = "lockByClient = :c";
    HEADLOCK_ASSIGN_OR_RETURN(std::vector<Item> mine, rq::QueryAll(ctx.db, q));
    return rq::ReleaseEach(*this, ctx, mine, client_key, rq::LockForefront, count);
  }

 private:
  // Puts requests whose lock expired back into the head index at +-expiry
  // (where order-no's expired locks sit).
  static Status ReclaimExpired(const LockContext& ctx) {
    QueryRequest q = rq::IndexQuery(ctx, rq::kLockIndex, "lockExpiresAt <= :now",
                                    {{":now", Num(ctx.now_ms)}});
    HEADLOCK_ASSIGN_OR_RETURN(std::vector<Item> expired, rq::QueryAll(ctx.db, q));
    for (const Item& item : expired) {
      std::optional<int64_t> e = rq::GetInt(item, rq::kLockExpiresAt);
      if (!e) continue;
      UpdateItemRequest u =
          rq::RequestUpdate(ctx, rq::IdOf(item), kUnlock, "lockExpiresAt = :e",
                            {{":o", Num(rq::LockForefront(item) ? -*e : *e)}, {":e", Num(*e)}});
      // A conflict means another client reclaimed (or the owner prolonged) it.
      HEADLOCK_RETURN_IF_ERROR(rq::ConditionalUpdate(ctx.db, u).status());
    }
    return Status::OK();
  }
};

}  // namespace

std::unique_ptr<LockStrategy> MakeLockIndexStrategy() {
  return std::make_unique<LockIndexStrategy>();
}

}  // namespace headlock
