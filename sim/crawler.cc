#include "crawler.h"

#include <fmt/core.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>

namespace headlock::sim {

int64_t CrawlerEnv::Latency(double base_ms, Rng& rng) const {
  const double tail =
      scenario->latency.tail_mean_ms > 0 ? rng.Exponential(scenario->latency.tail_mean_ms) : 0;
  return std::max<int64_t>(1, static_cast<int64_t>(std::llround(base_ms + tail)));
}

void CrawlerEnv::Schedule(int64_t at_ms, uint32_t target, uint16_t kind, uint16_t slot,
                          uint32_t generation) {
  Event e;
  e.time_ms = at_ms;
  e.target = target;
  e.kind = kind;
  e.slot = slot;
  e.generation = generation;
  events->Push(e);
}

std::string CrawlerEnv::NewClientKey(Rng& rng) {
  static constexpr char kAlphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string key(17, 'a');  // cryptoRandomObjectId(): 17 alphanumerics
  for (char& c : key) c = kAlphabet[rng.UniformInt(0, 61)];
  return key;
}

namespace {

std::string UniqueKey(const SimQueue& q, int64_t n) {
  return fmt::format("https://site{}.example.com/page/{}", q.index, n);
}

}  // namespace

Crawler::Crawler(CrawlerEnv* env, uint32_t id, uint32_t queue, bool creator, int64_t start_urls,
                 int64_t bulk)
    : env_(env),
      id_(id),
      identity_rng_(env->root->Stream(kCrawlerStream, id)),
      latency_rng_(env->root->Stream(kLatencyStream, id)),
      retry_rng_(env->root->Stream(kRetryStream, id)),
      migration_rng_(env->root->Stream(kMigrationStream, id)),
      queue_(queue),
      creator_(creator),
      bulk_remaining_(bulk),
      start_urls_(start_urls) {
  client_key_ = CrawlerEnv::NewClientKey(identity_rng_);
  const Population& p = sc().population;
  slots_.resize(identity_rng_.UniformInt(p.concurrency_min, p.concurrency_max));
}

void Crawler::Start() {
  queue().active_crawlers += 1;
  env_->metrics->CrawlerStarted();
  // Creators open at once; helpers a moment later (they open by name or id).
  Schedule(env_->Now() + (creator_ ? 0 : 1'000), kOpenQueue);
}

void Crawler::Schedule(int64_t at_ms, uint16_t kind, uint16_t slot) {
  env_->Schedule(at_ms, id_, kind, slot, generation_);
}

int Crawler::in_flight() const {
  int n = 0;
  for (const Slot& s : slots_) n += s.busy ? 1 : 0;
  return n;
}

void Crawler::Handle(const Event& e) {
  if (e.generation != generation_ || finished_) return;  // the old process's
  switch (e.kind) {
    case kOpenQueue:
      return OpenQueue();
    case kHead:
      return RefillHead();
    case kFeed:
      return FeedBulk();
    case kPersist:
      return PersistOnTimer();
    case kMigrate:
      return Migrate();
    case kMigrateStop:
      return StopForMigration();
    case kRestart:
      return Restart();
    default:
      break;
  }
  if (e.slot >= slots_.size() || !slots_[e.slot].busy) return;
  switch (e.kind) {
    case kProlong:
      return Prolong(e.slot);
    case kGetRequest:
      return GetRequest(e.slot);
    case kPageDone:
      return PageDone(e.slot);
    case kAddLinks:
      return AddLinks(e.slot);
    case kUpdate:
      return MarkHandled(e.slot);
    case kReleaseLock:
      return ReleaseLock(e.slot);
    default:
      return;
  }
}

bool Crawler::RetryLater(RetryState* state, uint16_t kind, uint16_t slot) {
  Metrics& m = *env_->metrics;
  if (!state->throttled_once) {
    state->throttled_once = true;
    m.Count(&SimTotals::api_throttled_calls);
  }
  ++state->failures;
  bool client_retry = false;
  std::optional<int64_t> delay =
      env_->retry->NextDelayMs(state->failures, retry_rng_, &client_retry);
  if (client_retry) m.Count(&SimTotals::api_errors);
  if (!delay) {
    m.Count(&SimTotals::api_failed_calls);
    *state = RetryState{};
    return false;
  }
  Schedule(env_->Now() + *delay, kind, slot);
  return true;
}

// --- Open ------------------------------------------------------------------

void Crawler::OpenThrottled(const Status& s) {
  if (!s.IsThrottle()) return env_->Fail(s);
  if (!RetryLater(&open_retry_, kOpenQueue, 0)) {
    // Gave up: the crawl fails to start.
    finished_ = true;
    queue().active_crawlers -= 1;
    env_->metrics->CrawlerStopped();
  }
}

bool Crawler::OpenOrGetQueue() {
  SimQueue& q = queue();
  if (q.id.empty()) {
    if (!creator_) {  // the creator has not got its queue yet: look again shortly
      Schedule(env_->Now() + 1'000, kOpenQueue);
      return false;
    }
    Result<QueueInfo> info = env_->rq->GetOrCreateQueue(q.name);
    if (!info.ok()) return OpenThrottled(info.status()), false;
    q.id = info.value().id;
    env_->metrics->Count(&SimTotals::api_writes);
    if (env_->queue_created) env_->queue_created();
  } else if (!running_ && store_id_.empty()) {
    Result<QueueInfo> info = env_->rq->GetQueue(q.id);
    if (!info.ok()) return OpenThrottled(info.status()), false;
    env_->metrics->Count(&SimTotals::api_reads);
  }
  return true;
}

bool Crawler::OpenStore() {
  if (!store_id_.empty()) return true;
  Result<GetOrCreateStoreResult> store = env_->kv->GetOrCreateStore(std::nullopt);
  if (!store.ok()) return OpenThrottled(store.status()), false;
  store_id_ = store.value().store.id;
  env_->metrics->Count(&SimTotals::kv_writes);
  return true;
}

std::vector<QueueRequest> Crawler::NewRequests(int64_t n) const {
  const SimQueue& q = (*env_->queues)[queue_];
  std::vector<QueueRequest> batch(n);
  for (int64_t i = 0; i < n; ++i) {
    batch[i].unique_key = UniqueKey(q, q.next_key + i);
    batch[i].url = batch[i].unique_key;
  }
  return batch;
}

bool Crawler::AddStartUrls() {
  SimQueue& q = queue();
  while (start_urls_ > 0) {
    const int64_t n = std::min<int64_t>(start_urls_, kMaxRequestsPerBatch);
    Result<BatchAddResult> added =
        env_->rq->BatchAddRequests(q.id, NewRequests(n), false, client_key_);
    if (!added.ok()) return OpenThrottled(added.status()), false;
    env_->metrics->Count(&SimTotals::api_writes);
    if (!added.value().unprocessed_requests.empty()) {
      OpenThrottled(Status(Status::Code::kProvisionedThroughputExceededException, "unprocessed"));
      return false;
    }
    q.next_key += n;
    start_urls_ -= n;
    env_->metrics->Count(&SimTotals::requests_added, static_cast<double>(n));
  }
  return true;
}

void Crawler::OpenQueue() {
  if (!OpenOrGetQueue() || !OpenStore() || !AddStartUrls()) return;
  open_retry_ = RetryState{};
  StartRunning();
}

void Crawler::StartRunning() {
  running_ = true;
  const Scenario& s = sc();
  Schedule(env_->Now() + s.crawlee.persist_state_interval_ms, kPersist);
  if (s.faults.migrations_per_actor_hour > 0) {
    const double mean_ms = 3'600'000.0 / s.faults.migrations_per_actor_hour;
    Schedule(env_->Now() + static_cast<int64_t>(migration_rng_.Exponential(mean_ms)), kMigrate);
  }
  if (bulk_remaining_ > 0) Schedule(env_->Now() + 1'000, kFeed);
  Pump();
}

// --- The loop --------------------------------------------------------------

Status Crawler::PersistState() {
  Status st =
      env_->kv->SetRecord(store_id_, "CRAWLEE_STATE", env_->state_value, "application/json");
  if (st.ok()) env_->metrics->Count(&SimTotals::kv_writes);
  return st;
}

void Crawler::Pump() {
  if (!running_ || migrating_) return;
  const LatencyModel& l = sc().latency;
  for (uint16_t i = 0; i < slots_.size() && !buffer_.empty(); ++i) {
    Slot& s = slots_[i];
    if (s.busy) continue;
    s = Slot{};
    s.busy = true;
    s.request_id = std::move(buffer_.front());
    buffer_.pop_front();
    Schedule(env_->Now() + env_->Latency(env_->locking ? l.write_ms : l.read_ms, latency_rng_),
             env_->locking ? kProlong : kGetRequest, i);
  }
  if (buffer_.size() <= 1 && !head_pending_) {
    head_pending_ = true;
    Schedule(env_->Now() + env_->Latency(l.head_lock_ms, latency_rng_), kHead);
  }
}

void Crawler::MaybeFinish(bool queue_has_locked_requests) {
  if (!buffer_.empty() || in_flight() > 0 || bulk_remaining_ > 0 || queue_has_locked_requests) {
    return;
  }
  finished_ = true;
  running_ = false;
  queue().active_crawlers -= 1;
  env_->metrics->CrawlerStopped();
  (void)PersistState();  // the last persistState, at exit (best effort)
  slots_ = {};
  client_key_ = {};
}

void Crawler::RefillHead() {
  if (!running_ || migrating_) {
    head_pending_ = false;
    return;
  }
  const CrawleeModel& c = sc().crawlee;
  Result<LockedHead> head = env_->rq->ListAndLockHead(queue().id, static_cast<int>(c.head_limit),
                                                      c.lock_secs(), client_key_);
  if (!head.ok()) {
    if (!head.status().IsThrottle()) return env_->Fail(head.status());
    if (!RetryLater(&head_retry_, kHead, 0)) Schedule(env_->Now() + c.idle_poll_ms, kHead);
    return;
  }
  head_retry_ = RetryState{};
  // The old client-side queue read the head (GET); the locking one POSTs.
  env_->metrics->Count(env_->locking ? &SimTotals::api_writes : &SimTotals::api_reads);
  if (head.value().items.empty()) {
    MaybeFinish(head.value().queue_has_locked_requests);
    if (!finished_) Schedule(env_->Now() + c.idle_poll_ms, kHead);  // idle polling
    return;
  }
  head_pending_ = false;
  for (QueueRequest& r : head.value().items) buffer_.push_back(std::move(r.id));
  Pump();
}

void Crawler::FeedBulk() {
  if (!running_) return;
  SimQueue& q = queue();
  // addRequestsBatched: a chunk of 1,000 per second, in calls of 25.
  int64_t chunk = std::min<int64_t>(bulk_remaining_, 1'000);
  while (chunk > 0) {
    const int64_t n = std::min<int64_t>(chunk, kMaxRequestsPerBatch);
    Result<BatchAddResult> added =
        env_->rq->BatchAddRequests(q.id, NewRequests(n), false, client_key_);
    if (added.ok()) env_->metrics->Count(&SimTotals::api_writes);
    if (!added.ok() || !added.value().unprocessed_requests.empty()) {
      if (!added.ok() && !added.status().IsThrottle()) return env_->Fail(added.status());
      // Re-sent after the backoff (adds are idempotent per uniqueKey).
      if (!RetryLater(&feed_retry_, kFeed, 0)) Schedule(env_->Now() + 1'000, kFeed);
      return;
    }
    q.next_key += n;
    chunk -= n;
    bulk_remaining_ -= n;
    env_->metrics->Count(&SimTotals::requests_added, static_cast<double>(n));
  }
  feed_retry_ = RetryState{};
  if (bulk_remaining_ > 0) Schedule(env_->Now() + 1'000, kFeed);
}

void Crawler::PersistOnTimer() {
  if (!running_ || migrating_) return;
  const int64_t interval_ms = sc().crawlee.persist_state_interval_ms;
  Status st = PersistState();
  if (!st.ok()) {
    if (!st.IsThrottle()) return env_->Fail(st);
    if (!RetryLater(&persist_retry_, kPersist, 0)) Schedule(env_->Now() + interval_ms, kPersist);
    return;
  }
  persist_retry_ = RetryState{};
  Schedule(env_->Now() + interval_ms, kPersist);
}

// --- Migrations ------------------------------------------------------------

void Crawler::Migrate() {
  if (!running_ || migrating_) return;
  Metrics& m = *env_->metrics;
  m.Count(&SimTotals::migrations);
  if (!migration_rng_.Chance(sc().faults.notice_share)) return StopForMigration();
  m.Count(&SimTotals::migrations_with_notice);
  migrating_ = true;
  // _clearPossibleLocks(): one DELETE .../lock per buffered request.
  if (env_->locking) {
    for (const std::string& id : buffer_) {
      if (env_->rq->DeleteRequestLock(queue().id, id, client_key_).ok()) {
        m.Count(&SimTotals::api_writes);
      }
    }
  }
  buffer_.clear();
  (void)PersistState();  // persistState {isMigrating: true} (best effort)
  Schedule(env_->Now() + sc().faults.notice_ms, kMigrateStop);
}

void Crawler::StopForMigration() {
  // Whatever is still running is lost; its locks expire on their own.
  for (Slot& s : slots_) {
    if (!s.busy) continue;
    env_->metrics->Count(&SimTotals::wasted_pages);
    if (s.page_started_ms > 0) {
      env_->metrics->Count(&SimTotals::wasted_page_seconds,
                           static_cast<double>(env_->Now() - s.page_started_ms) / 1000);
    }
    s = Slot{};
  }
  buffer_.clear();
  generation_ += 1;
  running_ = false;
  migrating_ = false;
  head_pending_ = false;
  head_retry_.failures = feed_retry_.failures = persist_retry_.failures = 0;
  Schedule(env_->Now() + sc().faults.restart_delay_ms, kRestart);
}

void Crawler::Restart() {
  // Same run and storages, a new clientKey; the state comes back from the
  // key-value store.
  client_key_ = CrawlerEnv::NewClientKey(identity_rng_);
  (void)env_->kv->GetRecord(store_id_, "CRAWLEE_STATE");
  env_->metrics->Count(&SimTotals::kv_reads);
  StartRunning();
}

// --- A page, in a task slot ------------------------------------------------

void Crawler::FreeSlot(uint16_t slot) {
  slots_[slot] = Slot{};
  Pump();
}

void Crawler::SlotCallFailed(uint16_t slot, uint16_t kind, const Status& st) {
  if (!st.IsThrottle()) return env_->Fail(st);
  // Giving up leaves the request locked until the lock expires.
  if (!RetryLater(&slots_[slot].retry, kind, slot)) FreeSlot(slot);
}

void Crawler::Prolong(uint16_t slot) {
  Slot& s = slots_[slot];
  Result<int64_t> until =
      env_->rq->ProlongRequestLock(queue().id, s.request_id, sc().crawlee.lock_secs(), client_key_);
  if (!until.ok()) {
    const auto code = until.status().code();
    if (code == Status::Code::kRequestLocked || code == Status::Code::kRequestAlreadyHandled ||
        code == Status::Code::kRecordNotFound) {
      env_->metrics->Count(&SimTotals::api_writes);  // the PUT was made; dropped locally
      return FreeSlot(slot);
    }
    return SlotCallFailed(slot, kProlong, until.status());
  }
  s.retry = RetryState{};
  env_->metrics->Count(&SimTotals::api_writes);
  Schedule(env_->Now() + env_->Latency(sc().latency.read_ms, latency_rng_), kGetRequest, slot);
}

void Crawler::GetRequest(uint16_t slot) {
  Slot& s = slots_[slot];
  Result<QueueRequest> r = env_->rq->GetRequest(queue().id, s.request_id);
  if (!r.ok()) {
    if (r.status().code() == Status::Code::kRecordNotFound) {
      env_->metrics->Count(&SimTotals::api_reads);
      return FreeSlot(slot);
    }
    return SlotCallFailed(slot, kGetRequest, r.status());
  }
  s.retry = RetryState{};
  env_->metrics->Count(&SimTotals::api_reads);
  if (r.value().handled_at_ms) return FreeSlot(slot);  // handled meanwhile by another: skipped
  s.unique_key = r.value().unique_key;
  s.url = r.value().url;
  s.retry_count = r.value().retry_count;
  s.page_started_ms = env_->Now();
  // The page's own stream: the same page takes as long, fails alike and
  // finds as many links whatever strategy fetched it.
  s.page_rng =
      env_->root->Stream(kPageStream, XXH64(s.unique_key.data(), s.unique_key.size(), 0) ^
                                          SplitMix64Hash(static_cast<uint64_t>(s.retry_count)));
  const Population& p = sc().population;
  const double page_ms = s.page_rng.LogNormal(p.page_time_median_ms, p.page_time_sigma);
  Schedule(env_->Now() + std::max<int64_t>(1, static_cast<int64_t>(page_ms)), kPageDone, slot);
}

void Crawler::PageDone(uint16_t slot) {
  Slot& s = slots_[slot];
  SimQueue& q = queue();
  const Population& p = sc().population;
  Rng& rng = s.page_rng;
  s.page_failed = rng.Chance(p.failure_rate);
  if (s.page_failed) {
    env_->metrics->Count(&SimTotals::failed_pages);
  } else if (!q.bulk) {
    // Links found: new ones while the crawl has not reached its size, plus
    // some already known (sent anyway, answered wasAlreadyPresent).
    const int64_t found = rng.Poisson(p.links_per_page);
    const int64_t known = static_cast<int64_t>(std::floor(found * p.duplicate_link_share));
    const int64_t fresh = std::min(found - known, q.size_target - q.next_key);
    for (int64_t i = 0; i < fresh; ++i) s.links.push_back(UniqueKey(q, q.next_key + i));
    q.next_key += std::max<int64_t>(0, fresh);
    for (int64_t i = 0; i < known && q.next_key > 0; ++i) {
      s.links.push_back(UniqueKey(q, rng.UniformInt(0, q.next_key - 1)));
    }
  }
  const LatencyModel& l = sc().latency;
  if (!s.links.empty()) {
    Schedule(env_->Now() + env_->Latency(l.batch_ms, latency_rng_), kAddLinks, slot);
  } else {
    Schedule(env_->Now() + env_->Latency(l.write_ms, latency_rng_), kUpdate, slot);
  }
}

void Crawler::AddLinks(uint16_t slot) {
  Slot& s = slots_[slot];
  const LatencyModel& l = sc().latency;
  const size_t n = std::min(s.links.size(), kMaxRequestsPerBatch);
  std::vector<QueueRequest> batch(n);
  for (size_t i = 0; i < n; ++i) {
    batch[i].unique_key = s.links[i];
    batch[i].url = s.links[i];
  }
  Result<BatchAddResult> added = env_->rq->BatchAddRequests(queue().id, batch, false, client_key_);
  if (!added.ok()) return SlotCallFailed(slot, kAddLinks, added.status());
  env_->metrics->Count(&SimTotals::api_writes);
  double fresh = 0;
  for (const ProcessedRequest& pr : added.value().processed_requests) {
    fresh += pr.was_already_present ? 0 : 1;
  }
  env_->metrics->Count(&SimTotals::requests_added, fresh);
  if (!added.value().unprocessed_requests.empty()) {
    // Keep what was not processed for the retry.
    std::vector<std::string> left;
    for (const UnprocessedRequest& u : added.value().unprocessed_requests) {
      left.push_back(u.unique_key);
    }
    left.insert(left.end(), s.links.begin() + n, s.links.end());
    s.links = std::move(left);
    if (!RetryLater(&s.retry, kAddLinks, slot)) {
      s.links.clear();
      Schedule(env_->Now() + env_->Latency(l.write_ms, latency_rng_), kUpdate, slot);
    }
    return;
  }
  s.retry = RetryState{};
  s.links.erase(s.links.begin(), s.links.begin() + n);
  Schedule(env_->Now() + env_->Latency(s.links.empty() ? l.write_ms : l.batch_ms, latency_rng_),
           s.links.empty() ? kUpdate : kAddLinks, slot);
}

void Crawler::MarkHandled(uint16_t slot) {
  Slot& s = slots_[slot];
  Metrics& m = *env_->metrics;
  const bool retry = s.page_failed && s.retry_count < sc().population.max_request_retries;
  QueueRequest r;
  r.id = s.request_id;
  r.unique_key = s.unique_key;
  r.url = s.url;
  r.retry_count = s.retry_count + (s.page_failed ? 1 : 0);
  if (!retry) r.handled_at_ms = env_->Now();
  Result<AddRequestResult> updated = env_->rq->UpdateRequest(queue().id, r, false, client_key_);
  if (!updated.ok()) {
    if (updated.status().code() == Status::Code::kRequestLocked) {
      // Our lock expired during the page and another client holds the
      // request now: this page will be processed twice.
      m.Count(&SimTotals::api_writes);
      m.Count(&SimTotals::duplicate_handlings);
      return FreeSlot(slot);
    }
    return SlotCallFailed(slot, kUpdate, updated.status());
  }
  s.retry = RetryState{};
  m.Count(&SimTotals::api_writes);
  if (!retry) {
    m.Count(updated.value().was_already_handled ? &SimTotals::duplicate_handlings
                                                : &SimTotals::requests_handled);
    return FreeSlot(slot);
  }
  if (!env_->locking) return FreeSlot(slot);
  Schedule(env_->Now() + env_->Latency(sc().latency.write_ms, latency_rng_), kReleaseLock, slot);
}

void Crawler::ReleaseLock(uint16_t slot) {
  Status st = env_->rq->DeleteRequestLock(queue().id, slots_[slot].request_id, client_key_);
  if (!st.ok() && st.IsThrottle()) return SlotCallFailed(slot, kReleaseLock, st);
  slots_[slot].retry = RetryState{};
  env_->metrics->Count(&SimTotals::api_writes);
  FreeSlot(slot);
}

}  // namespace headlock::sim
