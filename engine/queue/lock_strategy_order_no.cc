// order-no: the seed's locking. orderNo is the queue order and the lock: a
// pending request has orderNo in [-now, now] (+t tail, -t forefront); a lock
// moves it to +-(now + lockSecs), out of the head range, with the
// conditional UpdateItem
//   SET orderNo = :lockTo, lockByClient = :clientKey
//   ConditionExpression orderNo = :previousOrderNo
// so a collision is a ConditionalCheckFailed and expiry needs no write: once
// now passes the lock's time the request is back in [-now, now], near the
// tail (or the head for a forefront lock).
#include "queue/lock_strategy_internal.h"

namespace headlock {
namespace {

using rq::Num;
using rq::Str;

bool Forefront(const Item&) { return true; }
bool Tail(const Item&) { return false; }

class OrderNoStrategy final : public LockStrategy {
 public:
  LockStrategyKind kind() const override { return LockStrategyKind::kOrderNo; }
  LockGuarantees guarantees() const override { return LockGuarantees{}; }

  LockView ViewOf(const LockContext& ctx, const Item& item, std::string_view) const override {
    LockView v;
    if (const std::string* c = rq::GetStr(item, rq::kLockByClient)) v.lock_by_client = *c;
    std::optional<int64_t> o = rq::GetInt(item, rq::kOrderNo);
    if (o && (*o > ctx.now_ms || *o < -ctx.now_ms)) {
      v.locked = true;
      v.lock_expires_at_ms = *o < 0 ? -*o : *o;
    }
    return v;
  }

  std::optional<ConditionPart> NotLockedByOthers(const LockContext& ctx,
                                                 const std::string& client_key) const override {
    return ConditionPart{
        "attribute_not_exists(orderNo) OR orderNo BETWEEN :lkNegNow AND :lkNow OR "
        "lockByClient = :lkClient",
        {{":lkNegNow", Num(-ctx.now_ms)}, {":lkNow", Num(ctx.now_ms)},
         {":lkClient", Str(client_key)}}};
  }

  Status ListHead(const LockContext& ctx, int limit, std::vector<Item>* items) override {
    return rq::CollectHead(ctx.db, rq::HeadQuery(ctx, limit), limit, items);
  }

  Status ListAndLockHead(const LockContext& ctx, int limit, int64_t lock_ms,
                         const std::string& client_key, std::vector<Item>* locked,
                         bool* queue_has_locked) override {
    const int64_t lock_to = ctx.now_ms + lock_ms;
    HEADLOCK_RETURN_IF_ERROR(rq::LockFromPages(
        ctx.db, rq::HeadQuery(ctx, limit), limit,
        [&](const Item& candidate, int64_t previous) {
          return rq::TryLock(ctx, candidate, "SET orderNo = :lockTo, lockByClient = :clientKey",
                             "orderNo = :previousOrderNo",
                             {{":lockTo", Num(previous < 0 ? -lock_to : lock_to)},
                              {":previousOrderNo", Num(previous)},
                              {":clientKey", Str(client_key)}});
        },
        locked));
    *queue_has_locked = !locked->empty();
    if (*queue_has_locked) return Status::OK();
    // Any live lock: a request above now or below -now.
    for (auto [range, value] : {std::pair{"orderNo > :t", ctx.now_ms},
                                std::pair{"orderNo < :t", -ctx.now_ms}}) {
      QueryRequest q = rq::IndexQuery(ctx, rq::kHeadIndex, range, {{":t", Num(value)}});
      q.limit = 1;
      QueryResponse r;
      HEADLOCK_RETURN_IF_ERROR(ctx.db->Query(q, &r));
      if (!r.items.empty()) {
        *queue_has_locked = true;
        break;
      }
    }
    return Status::OK();
  }

  Status ProlongLock(const LockContext& ctx, const Item& item, int64_t lock_ms,
                     const std::string& client_key, bool forefront,
                     int64_t* lock_expires_at_ms) override {
    const int64_t lock_to = ctx.now_ms + lock_ms;
    HEADLOCK_RETURN_IF_ERROR(rq::RewriteOwnLock(ctx, item, client_key, rq::kOrderNo,
                                                "SET orderNo = :o, lockByClient = :c",
                                                {{":o", Num(forefront ? -lock_to : lock_to)}}));
    *lock_expires_at_ms = lock_to;
    return Status::OK();
  }

  Status DeleteLock(const LockContext& ctx, const Item& item, const std::string& client_key,
                    bool forefront) override {
    return rq::RewriteOwnLock(ctx, item, client_key, rq::kOrderNo,
                              "SET orderNo = :o REMOVE lockByClient",
                              {{":o", Num(forefront ? -ctx.now_ms : ctx.now_ms)}});
  }

  Status UnlockAll(const LockContext& ctx, const std::string& client_key,
                   int64_t* count) override {
    *count = 0;
    for (auto [range, value] : {std::pair{"orderNo > :t", ctx.now_ms},
                                std::pair{"orderNo < :t", -ctx.now_ms}}) {
      QueryRequest q =
          rq::IndexQuery(ctx, rq::kHeadIndex, range, {{":t", Num(value)}, {":c", Str(client_key)}});
      q.filter_expression = "lockByClient = :c";
      HEADLOCK_ASSIGN_OR_RETURN(std::vector<Item> mine, rq::QueryAll(ctx.db, q));
      HEADLOCK_RETURN_IF_ERROR(
          rq::ReleaseEach(*this, ctx, mine, client_key, value < 0 ? Forefront : Tail, count));
    }
    return Status::OK();
  }
};

}  // namespace

std::unique_ptr<LockStrategy> MakeOrderNoStrategy() { return std::make_unique<OrderNoStrategy>(); }

}  // namespace headlock
