// filter: orderNo only orders (it never moves while a request is locked);
// the lock is lockExpiresAt/lockByClient on the item, and the head query
// hides locked requests with a FilterExpression. DynamoDB applies a filter
// after reading, so every head read pays for each locked request it skips
// (with 8 clients holding 25 locks each, 200 items at the head), and
// queueHasLockedRequests has to read the queue until it meets a lock. One
// index, no write on expiry; an expired request comes back at its original
// place, not at the tail.
#include "queue/lock_strategy_internal.h"

namespace headlock {
namespace {

using rq::Num;
using rq::Str;

constexpr int kMinPage = 25;  // items read per head page (the filter drops locked ones)

class FilterStrategy final : public ExpiryLockStrategy {
 public:
  LockStrategyKind kind() const override { return LockStrategyKind::kFilter; }
  LockGuarantees guarantees() const override {
    LockGuarantees g;
    g.expired_lock_requeues_at_tail = false;
    return g;
  }

  Status ListHead(const LockContext& ctx, int limit, std::vector<Item>* items) override {
    return rq::CollectHead(ctx.db, UnlockedHead(ctx, limit), limit, items);
  }

  Status ListAndLockHead(const LockContext& ctx, int limit, int64_t lock_ms,
                         const std::string& client_key, std::vector<Item>* locked,
                         bool* queue_has_locked) override {
    const int64_t lock_to = ctx.now_ms + lock_ms;
    HEADLOCK_RETURN_IF_ERROR(rq::LockFromPages(
        ctx.db, UnlockedHead(ctx, limit), limit,
        [&](const Item& candidate, int64_t previous) {
          return rq::TryLock(
              ctx, candidate, "SET lockExpiresAt = :lockTo, lockByClient = :clientKey",
              "orderNo = :previousOrderNo AND "
              "(attribute_not_exists(lockExpiresAt) OR lockExpiresAt <= :now)",
              {{":lockTo", Num(lock_to)},
               {":clientKey", Str(client_key)},
               {":previousOrderNo", Num(previous)},
               {":now", Num(ctx.now_ms)}});
        },
        locked));
    *queue_has_locked = !locked->empty();
    if (*queue_has_locked) return Status::OK();
    // Read the queue until a live lock turns up: the filter's price.
    QueryRequest q = rq::HeadQuery(ctx, 1000);
    q.filter_expression = "lockExpiresAt > :now";
    return rq::QueryPages(ctx.db, q, [&](const QueryResponse& page) {
      *queue_has_locked = !page.items.empty();
      return !*queue_has_locked;
    });
  }

  Status ProlongLock(const LockContext& ctx, const Item& item, int64_t lock_ms,
                     const std::string& client_key, bool forefront,
                     int64_t* lock_expires_at_ms) override {
    const int64_t lock_to = ctx.now_ms + lock_ms;
    ExpressionAttributeValues values{{":e", Num(lock_to)}};
    std::string update = "SET lockExpiresAt = :e";
    if (forefront) {  // the request will come back first
      update += ", orderNo = :o";
      values[":o"] = Num(-ctx.now_ms);
    }
    HEADLOCK_RETURN_IF_ERROR(rq::RewriteOwnLock(ctx, item, client_key, rq::kLockExpiresAt,
                                                std::move(update), std::move(values)));
    *lock_expires_at_ms = lock_to;
    return Status::OK();
  }

  Status DeleteLock(const LockContext& ctx, const Item& item, const std::string& client_key,
                    bool forefront) override {
    return rq::RewriteOwnLock(ctx, item, client_key, rq::kLockExpiresAt,
                              "SET orderNo = :o REMOVE lockExpiresAt, lockByClient",
                              {{":o", Num(forefront ? -ctx.now_ms : ctx.now_ms)}});
  }

  Status UnlockAll(const LockContext& ctx, const std::string& client_key,
                   int64_t* count) override {
    *count = 0;
    QueryRequest q = rq::HeadQuery(ctx, 1000);
    q.filter_expression = "lockByClient = :c AND lockExpiresAt > :now";
    (*q.expression_attribute_values)[":c"] = Str(client_key);
    HEADLOCK_ASSIGN_OR_RETURN(std::vector<Item> mine, rq::QueryAll(ctx.db, q));
    return rq::ReleaseEach(*this, ctx, mine, client_key, [](const Item& item) {
      std::optional<int64_t> o = rq::GetInt(item, rq::kOrderNo);
      return o && *o < 0;
    }, count);
  }

 private:
  static QueryRequest UnlockedHead(const LockContext& ctx, int limit) {
    QueryRequest q = rq::HeadQuery(ctx, std::max(limit, kMinPage));
    q.filter_expression = "attribute_not_exists(lockExpiresAt) OR lockExpiresAt <= :now";
    return q;
  }
};

}  // namespace

std::unique_ptr<LockStrategy> MakeFilterStrategy() { return std::make_unique<FilterStrategy>(); }

}  // namespace headlock
