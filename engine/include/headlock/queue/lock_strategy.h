// LockStrategy: how a request queue keeps requests from being processed by
// two clients at once. One interface, several implementations, so that they
// can be compared on the same engine and the same load (issue 5 §4):
//
//   order-no     The seed's design (default). orderNo is both the queue order
//                and the lock: a lock moves it out of [-now, now] with a
//                conditional UpdateItem; one index, (queueId, orderNo).
//   lock-index   Lock state in its own attributes (lockExpiresAt,
//                lockByClient) with a second index (queueId, lockExpiresAt);
//                a locked request leaves the head index and comes back when a
//                head call reclaims its expired lock. Every lock and unlock
//                writes both indexes (the design the seed rejected on cost).
//   filter       orderNo only orders; the lock is lockExpiresAt/lockByClient,
//                hidden from the head query by a FilterExpression, so head
//                reads pay for every locked request they skip.
//   client-side  No server locks. Each client (clientKey) remembers what it is
//                processing, in this process; other clients do not see it, so
//                several clients on one queue produce duplicates.
//
// The service (RequestQueueService) owns request items and counters; a
// strategy owns the attributes orderNo, lockByClient, lockExpiresAt,
// lockForefront and its indexes, and the head and lock operations. Every
// strategy talks to the engine only through Database's public API.
//
// Thread safety: implementations are safe to call from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/ddb/database.h"
#include "headlock/result.h"

namespace headlock {

enum class LockStrategyKind { kOrderNo, kLockIndex, kFilter, kClientSide };
// Every strategy, the seed's (order-no) first.
inline constexpr LockStrategyKind kLockStrategyKinds[] = {
    LockStrategyKind::kOrderNo, LockStrategyKind::kLockIndex, LockStrategyKind::kFilter,
    LockStrategyKind::kClientSide};

// "order-no", "lock-index", "filter", "client-side".
std::string_view LockStrategyName(LockStrategyKind kind);
// Inverse of LockStrategyName. Error: InvalidInput for an unknown name.
Result<LockStrategyKind> ParseLockStrategyKind(std::string_view name);

// What a strategy promises; the conformance suite checks exactly these.
struct LockGuarantees {
  // At no instant do two clients hold a live lock on one request, so with
  // handle-after-lock every request is handled exactly once.
  bool exclusive_locks = true;
  // Prolong, delete-lock and updates are refused to a client that does not
  // hold the lock (kRequestLocked).
  bool ownership_enforced = true;
  // queueHasLockedRequests sees the locks of every client (client-side: only
  // the caller's own).
  bool sees_other_clients_locks = true;
  // A request whose lock expired comes back at the tail (or the head for a
  // forefront lock), like the platform; false: at its original position.
  bool expired_lock_requeues_at_tail = true;
};

// The lock state of one stored request at one instant, for one caller.
struct LockView {
  bool locked = false;              // a live lock (by anyone)
  int64_t lock_expires_at_ms = 0;   // when `locked`
  std::string lock_by_client;       // the last client that locked it (may be expired)
};

// Where a strategy works: one queue's requests in one physical table.
struct LockContext {
  Database* db = nullptr;
  std::string table;
  std::string queue_id;
  int64_t now_ms = 0;
};

// A ConditionExpression fragment with its own placeholders (names start with
// the strategy's prefix so that they never clash with the caller's).
struct ConditionPart {
  std::string expression;
  ExpressionAttributeValues values;
};

class LockStrategy {
 public:
  virtual ~LockStrategy() = default;

  virtual LockStrategyKind kind() const = 0;
  std::string_view name() const { return LockStrategyName(kind()); }
  virtual LockGuarantees guarantees() const = 0;

  // Adds the strategy's indexes (and their attribute definitions) to the
  // CreateTable template of the weekly request tables. The head index
  // "queueId-orderNo" is the service's and always exists.
  virtual void ExtendRequestTable(CreateTableRequest* request) const { (void)request; }

  // The lock state of `item` (a stored request) at `now_ms`, as `client_key`
  // sees it (only client-side locks depend on who asks).
  virtual LockView ViewOf(const LockContext& ctx, const Item& item,
                          std::string_view client_key) const = 0;

  // A condition that holds when the stored item is not locked by anyone but
  // `client_key` (nullopt: the strategy has no server locks). Used by updates
  // so that a client whose lock was taken over cannot mark the request
  // handled.
  virtual std::optional<ConditionPart> NotLockedByOthers(const LockContext& ctx,
                                                         const std::string& client_key) const = 0;

  // Up to `limit` pending, unlocked requests from the head, in queue order.
  virtual Status ListHead(const LockContext& ctx, int limit, std::vector<Item>* items) = 0;

  // Locks up to `limit` pending, unlocked requests from the head for
  // `lock_ms` to `client_key`; `locked` receives them (with their lock
  // attributes), `queue_has_locked` whether any client holds a live lock in
  // the queue afterwards (the caller's new locks included).
  virtual Status ListAndLockHead(const LockContext& ctx, int limit, int64_t lock_ms,
                                 const std::string& client_key, std::vector<Item>* locked,
                                 bool* queue_has_locked) = 0;

  // Prolongs the lock on `item` (read just before, pending) to now + lock_ms.
  // `forefront` decides where the request goes when the lock ends.
  // REQUIRES: the caller checked that `client_key` may (ViewOf). Errors:
  // kRequestLocked when the item changed meanwhile (another client took it),
  // engine errors (throttling) as they are.
  virtual Status ProlongLock(const LockContext& ctx, const Item& item, int64_t lock_ms,
                             const std::string& client_key, bool forefront,
                             int64_t* lock_expires_at_ms) = 0;

  // Releases the lock on `item`; the request is pending again at the tail, or
  // at the head with `forefront`. Same contract as ProlongLock.
  virtual Status DeleteLock(const LockContext& ctx, const Item& item,
                            const std::string& client_key, bool forefront) = 0;

  // Releases every live lock of `client_key` in the queue; `count` receives
  // how many.
  virtual Status UnlockAll(const LockContext& ctx, const std::string& client_key,
                           int64_t* count) = 0;

  // The request left the queue (handled or deleted): client-side memory
  // forgets it. Server-side strategies need nothing.
  virtual void Forget(const std::string& queue_id, const std::string& request_id) {
    (void)queue_id;
    (void)request_id;
  }
};

// A new strategy of the given kind.
std::unique_ptr<LockStrategy> MakeLockStrategy(LockStrategyKind kind);

}  // namespace headlock
