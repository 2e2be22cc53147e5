// client-side: no server locks, the design before Apify locked on the
// server. Each client (clientKey) remembers which requests it is processing
// and until when, here in the service's memory (a stand-in for the client's
// own process); the head is the plain head query. A client never takes its
// own requests twice, but other clients see the same head, so several
// clients on one queue process the same requests: duplicates. Reads only,
// no lock writes; marking handled still writes.
#include <map>
#include <mutex>

#include "queue/lock_strategy_internal.h"

namespace headlock {
namespace {

using rq::Num;

class ClientSideStrategy final : public LockStrategy {
 public:
  LockStrategyKind kind() const override { return LockStrategyKind::kClientSide; }
  LockGuarantees guarantees() const override {
    return LockGuarantees{/*exclusive_locks=*/false, /*ownership_enforced=*/false,
                          /*sees_other_clients_locks=*/false,
                          /*expired_lock_requeues_at_tail=*/false};
  }

  LockView ViewOf(const LockContext& ctx, const Item& item,
                  std::string_view client_key) const override {
    LockView v;
    std::lock_guard<std::mutex> l(mu_);
    auto held = held_.find({ctx.queue_id, std::string(client_key)});
    if (held == held_.end()) return v;
    auto it = held->second.find(rq::IdOf(item));
    if (it == held->second.end()) return v;
    v.lock_by_client = std::string(client_key);
    if (it->second > ctx.now_ms) {
      v.locked = true;
      v.lock_expires_at_ms = it->second;
    }
    return v;
  }

  std::optional<ConditionPart> NotLockedByOthers(const LockContext&,
                                                 const std::string&) const override {
    return std::nullopt;
  }

  Status ListHead(const LockContext& ctx, int limit, std::vector<Item>* items) override {
    return rq::CollectHead(ctx.db, rq::HeadQuery(ctx, limit), limit, items);
  }

  Status ListAndLockHead(const LockContext& ctx, int limit, int64_t lock_ms,
                         const std::string& client_key, std::vector<Item>* locked,
                         bool* queue_has_locked) override {
    std::map<std::string, int64_t> mine;
    {
      std::lock_guard<std::mutex> l(mu_);
      auto& held = held_[{ctx.queue_id, client_key}];
      std::erase_if(held, [&](const auto& e) { return e.second <= ctx.now_ms; });
      mine = held;
    }
    HEADLOCK_RETURN_IF_ERROR(rq::QueryPages(
        ctx.db, rq::HeadQuery(ctx, limit + static_cast<int>(mine.size())),
        [&](const QueryResponse& page) {
          for (const Item& item : page.items) {
            if (static_cast<int>(locked->size()) == limit) return false;
            if (!mine.count(rq::IdOf(item))) locked->push_back(item);
          }
          return static_cast<int>(locked->size()) < limit;
        }));
    std::lock_guard<std::mutex> l(mu_);
    auto& held = held_[{ctx.queue_id, client_key}];
    for (const Item& item : *locked) held[rq::IdOf(item)] = ctx.now_ms + lock_ms;
    *queue_has_locked = !held.empty();  // only what this client knows
    return Status::OK();
  }

  Status ProlongLock(const LockContext& ctx, const Item& item, int64_t lock_ms,
                     const std::string& client_key, bool, int64_t* lock_expires_at_ms) override {
    std::lock_guard<std::mutex> l(mu_);
    *lock_expires_at_ms = held_[{ctx.queue_id, client_key}][rq::IdOf(item)] =
        ctx.now_ms + lock_ms;
    return Status::OK();
  }

  Status DeleteLock(const LockContext& ctx, const Item& item, const std::string& client_key,
                    bool forefront) override {
    {
      std::lock_guard<std::mutex> l(mu_);
      held_[{ctx.queue_id, client_key}].erase(rq::IdOf(item));
    }
    if (!forefront) return Status::OK();  // it never left its place
    UpdateItemRequest u = rq::RequestUpdate(ctx, rq::IdOf(item), "SET orderNo = :o",
                                            "attribute_exists(orderNo)",
                                            {{":o", Num(-ctx.now_ms)}});
    return rq::ConditionalUpdate(ctx.db, u).status();
  }

  Status UnlockAll(const LockContext& ctx, const std::string& client_key,
                   int64_t* count) override {
    std::lock_guard<std::mutex> l(mu_);
    auto& held = held_[{ctx.queue_id, client_key}];
    *count = std::count_if(held.begin(), held.end(),
                           [&](const auto& e) { return e.second > ctx.now_ms; });
    held.clear();
    return Status::OK();
  }

  void Forget(const std::string& queue_id, const std::string& request_id) override {
    std::lock_guard<std::mutex> l(mu_);
    for (auto it = held_.lower_bound({queue_id, ""});
         it != held_.end() && it->first.first == queue_id; ++it) {
      it->second.erase(request_id);
    }
  }

 private:
  mutable std::mutex mu_;
  // (queue id, client key) -> request id -> until when the client holds it.
  std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> held_;
};

}  // namespace

std::unique_ptr<LockStrategy> MakeClientSideStrategy() {
  return std::make_unique<ClientSideStrategy>();
}

}  // namespace headlock
