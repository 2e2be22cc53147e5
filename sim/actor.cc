// The crawlers: Crawlee's request-queue cycle as the reference describes it
// (reference/apify-request-queue.md §6 and §9), one API call per event, the
// call's latency before it reaches the server.
//
//   open         get-or-create the queue (the first crawler; others get it),
//                an unnamed key-value store, the start URLs (batch add);
//   refill       when at most one locked request is buffered:
//                list-and-lock head (25, lockSecs = handler timeout + 5);
//                empty and nothing locked and nothing running: done; empty
//                otherwise: poll again after 0.5 s (idle polling);
//   each page    prolong the lock, get the request, the handler (page time),
//                batch-add the new links (25 per call), mark handled (PUT
//                with handledAt); a failure with retries left: PUT with
//                retryCount + 1, then delete the lock;
//   client-side  (the design before server-side locking) the same without
//                prolong and delete-lock: the head is read, not locked;
//   every minute persistState: CRAWLEE_STATE to the key-value store;
//   migration    with notice: stop taking requests, release the buffered
//                locks one by one, persist, let running pages finish for the
//                notice; then (or at once, without notice) the process stops,
//                its running pages are wasted and their locks expire; it runs
//                again after the restart delay with a new clientKey.
// A throttled call is retried after the SDK's and apify-client's delays
// (retry_policy.h); a call that gives up leaves its request locked until
// the lock expires.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "world.h"

namespace headlock::sim {
namespace {

bool IsThrottle(const Status& s) {
  return s.code() == Status::Code::kProvisionedThroughputExceededException ||
         s.code() == Status::Code::kThrottlingException ||
         s.code() == Status::Code::kRequestLimitExceeded;
}

}  // namespace

bool World::RetryLater(Actor& a, int* failures, bool* throttled_once, uint16_t kind,
                       uint16_t slot) {
  if (!*throttled_once) {
    *throttled_once = true;
    totals_.api_throttled_calls += 1;
  }
  ++*failures;
  bool client_retry = false;
  std::optional<int64_t> delay = retry_.NextDelayMs(*failures, rng_, &client_retry);
  if (client_retry) {
    totals_.api_errors += 1;
    minute_.api_errors += 1;
  }
  if (!delay) {
    totals_.api_failed_calls += 1;
    *failures = 0;
    *throttled_once = false;
    return false;
  }
  ScheduleActor(a, Now() + *delay, kind, slot);
  return true;
}

void World::OnOpenQueue(Actor& a) {
  SimQueue& q = queues_[a.queue];
  auto throttled = [&](const Status& s) {
    if (!IsThrottle(s)) {
      if (fatal_.ok()) fatal_ = s;
      return;
    }
    if (!RetryLater(a, &a.open_failures, &a.open_throttled_once, kOpenQueue, 0)) {
      // Gave up: the crawl fails to start.
      a.finished = true;
      q.active_actors -= 1;
      --running_actors_;
    }
  };
  if (q.id.empty()) {
    if (!a.creator) {  // the creator has not got its queue yet: look again shortly
      ScheduleActor(a, Now() + 1'000, kOpenQueue);
      return;
    }
    Result<QueueInfo> info = rq_->GetOrCreateQueue(q.name);
    if (!info.ok()) return throttled(info.status());
    q.id = info.value().id;
    minute_.api_writes += 1;
    OnNewQueue();
  } else if (!a.running && a.store_id.empty()) {
    Result<QueueInfo> info = rq_->GetQueue(q.id);
    if (!info.ok()) return throttled(info.status());
    minute_.api_reads += 1;
  }
  if (a.store_id.empty()) {
    Result<GetOrCreateStoreResult> store = kv_->GetOrCreateStore(std::nullopt);
    if (!store.ok()) return throttled(store.status());
    a.store_id = store.value().store.id;
    totals_.kv_writes += 1;
    minute_.kv_writes += 1;
  }
  while (a.start_urls > 0) {
    const int64_t n = std::min<int64_t>(a.start_urls, kMaxRequestsPerBatch);
    std::vector<QueueRequest> batch(n);
    for (int64_t i = 0; i < n; ++i) {
      batch[i].unique_key = UniqueKey(q, q.next_key + i);
      batch[i].url = batch[i].unique_key;
    }
    Result<BatchAddResult> added = rq_->BatchAddRequests(q.id, batch, false, a.client_key);
    if (!added.ok()) return throttled(added.status());
    minute_.api_writes += 1;
    if (!added.value().unprocessed_requests.empty()) {
      return throttled(Status(Status::Code::kProvisionedThroughputExceededException, "unprocessed"));
    }
    q.next_key += n;
    a.start_urls -= n;
    totals_.requests_added += static_cast<double>(n);
    minute_.requests_added += static_cast<double>(n);
  }
  a.open_failures = 0;
  a.open_throttled_once = false;
  StartRunning(a);
}

void World::StartRunning(Actor& a) {
  a.running = true;
  ScheduleActor(a, Now() + sc_.crawlee.persist_state_interval_ms, kPersist);
  if (sc_.faults.migrations_per_actor_hour > 0) {
    ScheduleActor(a, Now() + static_cast<int64_t>(rng_.Exponential(
                                 3'600'000.0 / sc_.faults.migrations_per_actor_hour)),
                  kMigrate);
  }
  if (a.bulk_remaining > 0) ScheduleActor(a, Now() + 1'000, kFeed);
  Pump(a);
}

Status World::PersistState(const Actor& a) {
  Status st = kv_->SetRecord(a.store_id, "CRAWLEE_STATE", state_value_, "application/json");
  if (!st.ok()) return st;
  totals_.kv_writes += 1;
  minute_.kv_writes += 1;
  return st;
}

void World::Pump(Actor& a) {
  if (!a.running || a.migrating) return;
  for (uint16_t i = 0; i < a.slots.size() && !a.buffer.empty(); ++i) {
    Slot& s = a.slots[i];
    if (s.busy) continue;
    s = Slot{};
    s.busy = true;
    s.request_id = std::move(a.buffer.front());
    a.buffer.pop_front();
    ScheduleActor(a, Now() + Latency(locking_ ? sc_.latency.write_ms : sc_.latency.read_ms),
                  locking_ ? kProlong : kGetRequest, i);
  }
  if (a.buffer.size() <= 1 && !a.head_pending) {
    a.head_pending = true;
    ScheduleActor(a, Now() + Latency(sc_.latency.head_lock_ms), kHead);
  }
}

void World::MaybeFinish(Actor& a, bool queue_has_locked_requests) {
  if (!a.buffer.empty() || a.in_flight() > 0 || a.bulk_remaining > 0 || queue_has_locked_requests) {
    return;
  }
  a.finished = true;
  a.running = false;
  queues_[a.queue].active_actors -= 1;
  --running_actors_;
  (void)PersistState(a);  // the last persistState, at exit (best effort)
  a.slots = {};
  a.client_key = {};
}

void World::OnHead(Actor& a) {
  if (!a.running || a.migrating) {
    a.head_pending = false;
    return;
  }
  const SimQueue& q = queues_[a.queue];
  Result<LockedHead> head =
      rq_->ListAndLockHead(q.id, static_cast<int>(sc_.crawlee.head_limit),
                           sc_.crawlee.lock_secs(), a.client_key);
  if (!head.ok()) {
    if (!IsThrottle(head.status())) {
      if (fatal_.ok()) fatal_ = head.status();
      return;
    }
    if (!RetryLater(a, &a.head_failures, &a.head_throttled_once, kHead, 0)) {
      ScheduleActor(a, Now() + sc_.crawlee.idle_poll_ms, kHead);
    }
    return;
  }
  a.head_failures = 0;
  a.head_throttled_once = false;
  // The old client-side queue read the head (GET); the locking one POSTs.
  (locking_ ? minute_.api_writes : minute_.api_reads) += 1;
  if (head.value().items.empty()) {
    MaybeFinish(a, head.value().queue_has_locked_requests);
    if (!a.finished) ScheduleActor(a, Now() + sc_.crawlee.idle_poll_ms, kHead);  // idle polling
    return;
  }
  a.head_pending = false;
  for (QueueRequest& r : head.value().items) a.buffer.push_back(std::move(r.id));
  Pump(a);
}

void World::OnFeed(Actor& a) {
  if (!a.running) return;
  SimQueue& q = queues_[a.queue];
  // addRequestsBatched: a chunk of 1,000 per second, in calls of 25.
  int64_t chunk = std::min<int64_t>(a.bulk_remaining, 1'000);
  while (chunk > 0) {
    const int64_t n = std::min<int64_t>(chunk, kMaxRequestsPerBatch);
    std::vector<QueueRequest> batch(n);
    for (int64_t i = 0; i < n; ++i) {
      batch[i].unique_key = UniqueKey(q, q.next_key + i);
      batch[i].url = batch[i].unique_key;
    }
    Result<BatchAddResult> added = rq_->BatchAddRequests(q.id, batch, false, a.client_key);
    if (added.ok()) minute_.api_writes += 1;
    if (!added.ok() || !added.value().unprocessed_requests.empty()) {
      if (!added.ok() && !IsThrottle(added.status())) {
        if (fatal_.ok()) fatal_ = added.status();
        return;
      }
      // Re-sent after the backoff (adds are idempotent per uniqueKey).
      if (!RetryLater(a, &a.feed_failures, &a.feed_throttled_once, kFeed, 0)) {
        ScheduleActor(a, Now() + 1'000, kFeed);
      }
      return;
    }
    q.next_key += n;
    chunk -= n;
    a.bulk_remaining -= n;
    totals_.requests_added += static_cast<double>(n);
    minute_.requests_added += static_cast<double>(n);
  }
  a.feed_failures = 0;
  a.feed_throttled_once = false;
  if (a.bulk_remaining > 0) ScheduleActor(a, Now() + 1'000, kFeed);
}

void World::OnPersist(Actor& a) {
  if (!a.running || a.migrating) return;
  Status st = PersistState(a);
  if (!st.ok()) {
    if (!IsThrottle(st)) {
      if (fatal_.ok()) fatal_ = st;
      return;
    }
    if (!RetryLater(a, &a.persist_failures, &a.persist_throttled_once, kPersist, 0)) {
      ScheduleActor(a, Now() + sc_.crawlee.persist_state_interval_ms, kPersist);
    }
    return;
  }
  a.persist_failures = 0;
  a.persist_throttled_once = false;
  ScheduleActor(a, Now() + sc_.crawlee.persist_state_interval_ms, kPersist);
}

void World::OnMigrate(Actor& a) {
  if (!a.running || a.migrating) return;
  totals_.migrations += 1;
  if (!rng_.Chance(sc_.faults.notice_share)) {
    OnMigrateStop(a);
    return;
  }
  totals_.migrations_with_notice += 1;
  a.migrating = true;
  const SimQueue& q = queues_[a.queue];
  // _clearPossibleLocks(): one DELETE .../lock per buffered request.
  if (locking_) {
    for (const std::string& id : a.buffer) {
      Status st = rq_->DeleteRequestLock(q.id, id, a.client_key);
      if (st.ok()) minute_.api_writes += 1;
    }
  }
  a.buffer.clear();
  (void)PersistState(a);  // persistState {isMigrating: true} (best effort)
  ScheduleActor(a, Now() + sc_.faults.notice_ms, kMigrateStop);
}

void World::OnMigrateStop(Actor& a) {
  // Whatever is still running is lost; its locks expire on their own.
  for (Slot& s : a.slots) {
    if (!s.busy) continue;
    totals_.wasted_pages += 1;
    if (s.page_started_ms > 0) {
      totals_.wasted_page_seconds += static_cast<double>(Now() - s.page_started_ms) / 1000;
    }
    s = Slot{};
  }
  a.buffer.clear();
  a.generation += 1;
  a.running = false;
  a.migrating = false;
  a.head_pending = false;
  a.head_failures = a.feed_failures = a.persist_failures = 0;
  ScheduleActor(a, Now() + sc_.faults.restart_delay_ms, kRestart);
}

void World::OnRestart(Actor& a) {
  // Same run and storages, a new clientKey; the state comes back from the
  // key-value store.
  a.client_key = NewClientKey();
  Result<KeyValueRecord> state = kv_->GetRecord(a.store_id, "CRAWLEE_STATE");
  totals_.kv_reads += 1;
  (void)state;
  StartRunning(a);
}

void World::FreeSlot(Actor& a, uint16_t slot) {
  a.slots[slot] = Slot{};
  Pump(a);
}

void World::OnSlot(Actor& a, uint16_t slot, uint16_t kind) {
  if (slot >= a.slots.size() || !a.slots[slot].busy) return;
  Slot& s = a.slots[slot];
  SimQueue& q = queues_[a.queue];
  const Population& p = sc_.population;
  auto retry_or_drop = [&](const Status& st) {
    if (!IsThrottle(st)) {
      if (fatal_.ok()) fatal_ = st;
      return;
    }
    // Giving up leaves the request locked until the lock expires.
    if (!RetryLater(a, &s.failures, &s.throttled_once, kind, slot)) FreeSlot(a, slot);
  };
  auto done_call = [&] {
    s.failures = 0;
    s.throttled_once = false;
  };
  switch (kind) {
    case kProlong: {
      Result<int64_t> until =
          rq_->ProlongRequestLock(q.id, s.request_id, sc_.crawlee.lock_secs(), a.client_key);
      if (!until.ok()) {
        const auto code = until.status().code();
        if (code == Status::Code::kRequestLocked || code == Status::Code::kRequestAlreadyHandled ||
            code == Status::Code::kRecordNotFound) {
          minute_.api_writes += 1;  // the PUT was made; the request is dropped locally
          FreeSlot(a, slot);
          return;
        }
        return retry_or_drop(until.status());
      }
      done_call();
      minute_.api_writes += 1;
      ScheduleActor(a, Now() + Latency(sc_.latency.read_ms), kGetRequest, slot);
      return;
    }
    case kGetRequest: {
      Result<QueueRequest> r = rq_->GetRequest(q.id, s.request_id);
      if (!r.ok()) {
        if (r.status().code() == Status::Code::kRecordNotFound) {
          minute_.api_reads += 1;
          FreeSlot(a, slot);
          return;
        }
        return retry_or_drop(r.status());
      }
      done_call();
      minute_.api_reads += 1;
      if (r.value().handled_at_ms) {  // handled meanwhile by someone else: skipped
        FreeSlot(a, slot);
        return;
      }
      s.unique_key = r.value().unique_key;
      s.url = r.value().url;
      s.retry_count = r.value().retry_count;
      s.page_started_ms = Now();
      const double page_ms = rng_.LogNormal(p.page_time_median_ms, p.page_time_sigma);
      ScheduleActor(a, Now() + std::max<int64_t>(1, static_cast<int64_t>(page_ms)), kPageDone, slot);
      return;
    }
    case kPageDone: {
      s.page_failed = rng_.Chance(p.failure_rate);
      if (s.page_failed) {
        totals_.failed_pages += 1;
      } else if (!q.bulk) {
        // Links found: new ones while the crawl has not reached its size,
        // plus some already known (sent anyway, answered wasAlreadyPresent).
        const int64_t found = rng_.Poisson(p.links_per_page);
        const int64_t known = static_cast<int64_t>(std::floor(found * p.duplicate_link_share));
        const int64_t fresh = std::min(found - known, q.size_target - q.next_key);
        for (int64_t i = 0; i < fresh; ++i) s.links.push_back(UniqueKey(q, q.next_key + i));
        q.next_key += std::max<int64_t>(0, fresh);
        for (int64_t i = 0; i < known && q.next_key > 0; ++i) {
          s.links.push_back(UniqueKey(q, rng_.UniformInt(0, q.next_key - 1)));
        }
      }
      if (!s.links.empty()) {
        ScheduleActor(a, Now() + Latency(sc_.latency.batch_ms), kAddLinks, slot);
      } else {
        ScheduleActor(a, Now() + Latency(sc_.latency.write_ms), kUpdate, slot);
      }
      return;
    }
    case kAddLinks: {
      const size_t n = std::min(s.links.size(), kMaxRequestsPerBatch);
      std::vector<QueueRequest> batch(n);
      for (size_t i = 0; i < n; ++i) {
        batch[i].unique_key = s.links[i];
        batch[i].url = s.links[i];
      }
      Result<BatchAddResult> added = rq_->BatchAddRequests(q.id, batch, false, a.client_key);
      if (!added.ok()) return retry_or_drop(added.status());
      minute_.api_writes += 1;
      double fresh = 0;
      for (const ProcessedRequest& pr : added.value().processed_requests) {
        fresh += pr.was_already_present ? 0 : 1;
      }
      totals_.requests_added += fresh;
      minute_.requests_added += fresh;
      if (!added.value().unprocessed_requests.empty()) {
        // Keep what was not processed for the retry.
        std::vector<std::string> left;
        for (const UnprocessedRequest& u : added.value().unprocessed_requests) {
          left.push_back(u.unique_key);
        }
        left.insert(left.end(), s.links.begin() + n, s.links.end());
        s.links = std::move(left);
        if (!RetryLater(a, &s.failures, &s.throttled_once, kAddLinks, slot)) {
          s.links.clear();
          ScheduleActor(a, Now() + Latency(sc_.latency.write_ms), kUpdate, slot);
        }
        return;
      }
      done_call();
      s.links.erase(s.links.begin(), s.links.begin() + n);
      ScheduleActor(a, Now() + Latency(s.links.empty() ? sc_.latency.write_ms : sc_.latency.batch_ms),
                    s.links.empty() ? kUpdate : kAddLinks, slot);
      return;
    }
    case kUpdate: {
      const bool retry = s.page_failed && s.retry_count < p.max_request_retries;
      QueueRequest r;
      r.id = s.request_id;
      r.unique_key = s.unique_key;
      r.url = s.url;
      r.retry_count = s.retry_count + (s.page_failed ? 1 : 0);
      if (!retry) r.handled_at_ms = Now();
      Result<AddRequestResult> updated = rq_->UpdateRequest(q.id, r, false, a.client_key);
      if (!updated.ok()) {
        if (updated.status().code() == Status::Code::kRequestLocked) {
          // Our lock expired during the page and another client holds the
          // request now: this page will be processed twice.
          minute_.api_writes += 1;
          totals_.duplicate_handlings += 1;
          minute_.duplicate_handlings += 1;
          FreeSlot(a, slot);
          return;
        }
        return retry_or_drop(updated.status());
      }
      done_call();
      minute_.api_writes += 1;
      if (!retry) {
        if (updated.value().was_already_handled) {
          totals_.duplicate_handlings += 1;
          minute_.duplicate_handlings += 1;
        } else {
          totals_.requests_handled += 1;
          minute_.requests_handled += 1;
        }
        FreeSlot(a, slot);
      } else if (locking_) {
        ScheduleActor(a, Now() + Latency(sc_.latency.write_ms), kReleaseLock, slot);
      } else {
        FreeSlot(a, slot);
      }
      return;
    }
    case kReleaseLock: {
      Status st = rq_->DeleteRequestLock(q.id, s.request_id, a.client_key);
      if (!st.ok() && IsThrottle(st)) return retry_or_drop(st);
      done_call();
      minute_.api_writes += 1;
      FreeSlot(a, slot);
      return;
    }
    default:
      return;
  }
}

}  // namespace headlock::sim
