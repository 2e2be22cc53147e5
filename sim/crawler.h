// The workload's crawlers (private to sim/): Crawlee's request-queue cycle,
// one API call per event, each call's latency before it reaches the server
// (reference/apify-request-queue.md §6 and §9).
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
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "headlock/clock.h"
#include "headlock/queue/key_value_store.h"
#include "headlock/queue/request_queue.h"
#include "headlock/sim/event_queue.h"
#include "headlock/sim/random.h"
#include "headlock/sim/retry_policy.h"
#include "headlock/sim/scenario.h"
#include "metrics.h"

namespace headlock::sim {

// Event kinds. A crawler's events carry its generation: a migration bumps
// it, so that what the old process had scheduled never runs.
enum EventKind : uint16_t {
  // The world's
  kMinuteTick = 1,  // measurements, load controller, capacity policy
  kHourTick,        // retention
  kStartCrawl,      // a new crawl
  kRecrawl,         // a named queue's daily incremental crawl (target = queue)
  // A crawler's
  kOpenQueue,    // get-or-create the queue, the key-value store, start URLs
  kHead,         // list-and-lock head (refill the local buffer)
  kFeed,         // pre-enqueue the next 1,000 requests of a bulk queue
  kPersist,      // persistState: CRAWLEE_STATE to the key-value store
  kMigrate,      // a container migration starts
  kMigrateStop,  // the notice is over: the old process stops
  kRestart,      // the crawler runs again on another server
  // A crawler's task slots
  kProlong,      // prolong the lock before the page (locking strategies)
  kGetRequest,   // fetch the request's data
  kPageDone,     // the handler finished (or failed)
  kAddLinks,     // batch-add the next 25 links found
  kUpdate,       // mark handled (or retryCount+1)
  kReleaseLock,  // after a failure with retries left
};

// One crawl's queue, shared by its crawlers.
struct SimQueue {
  std::string id;
  std::optional<std::string> name;
  uint32_t index = 0;       // for uniqueKeys
  int64_t size_target = 0;  // requests the crawl will end up with
  int64_t next_key = 0;     // uniqueKeys 0..next_key-1 were added
  int64_t created_ms = 0;
  bool bulk = false;
  int active_crawlers = 0;
  int64_t base_size = 0;  // the first crawl's size (re-crawls add a share of it)
  Rng rng{0};             // the queue's stream (kQueueStream): re-crawl decisions
};

// One API call's throttled attempts so far (its retries are scheduled from
// them), and whether the call has been counted as throttled.
struct RetryState {
  int failures = 0;
  bool throttled_once = false;
};

// What every crawler shares: the system under test, the scenario, time,
// randomness, the agenda and the measurements. Owned by the world.
struct CrawlerEnv {
  const Scenario* scenario = nullptr;
  RequestQueueService* rq = nullptr;
  KeyValueStoreService* kv = nullptr;
  const ManualClock* clock = nullptr;
  EventQueue* events = nullptr;
  const Rng* root = nullptr;  // the run's seed: every stream is derived from it
  const RetryPolicy* retry = nullptr;
  Metrics* metrics = nullptr;
  std::vector<SimQueue>* queues = nullptr;
  std::string state_value;  // what persistState writes
  bool locking = true;      // the strategy takes server-side locks (not client-side)
  Status fatal;             // an unexpected engine error ends the run
  // A queue was created (the live capacity policy starts a new week's tables).
  std::function<void()> queue_created;

  int64_t Now() const { return clock->NowMillis(); }
  void Schedule(int64_t at_ms, uint32_t target, uint16_t kind, uint16_t slot = 0,
                uint32_t generation = 0);
  // A call's latency: the base plus the scenario's exponential tail.
  int64_t Latency(double base_ms, Rng& rng) const;
  static std::string NewClientKey(Rng& rng);
  void Fail(const Status& s) {
    if (fatal.ok()) fatal = s;
  }
};

// The random streams of a run (Rng::Stream's first argument): one per kind
// of decision, keyed by what it decides, so that a run of another strategy
// meets the same crawls, crawlers, pages and migrations.
enum RandomStream : uint64_t {
  kScheduleStream = 1,  // key: the minute; crawl start times (the controller's runs)
  kQueueStream,         // key: the queue; its size, kind, name, crawlers, re-crawls
  kCrawlerStream,       // key: the crawler; its concurrency and clientKeys
  kLatencyStream,       // key: the crawler; its calls' latency tails
  kRetryStream,         // key: the crawler; its retries' jitter
  kMigrationStream,     // key: the crawler; when it migrates, with or without notice
  kPageStream,          // key: the page (uniqueKey, retry); its time, failure, links
};

// One crawler process (an Actor run's CheerioCrawler): its local state and
// one method per step of Crawlee's loop. Handles the events scheduled for it.
class Crawler {
 public:
  Crawler(CrawlerEnv* env, uint32_t id, uint32_t queue, bool creator, int64_t start_urls,
          int64_t bulk);

  // Runs a due event of this crawler (stale generations are ignored).
  void Handle(const Event& e);
  // Schedules the crawler's first step (creators open at once, others later).
  void Start();

 private:
  struct Slot {
    bool busy = false;
    RetryState retry;
    std::string request_id;
    std::string unique_key;
    std::string url;
    int64_t retry_count = 0;
    int64_t page_started_ms = 0;
    bool page_failed = false;
    Rng page_rng{0};                 // the page's stream (kPageStream), drawn at GetRequest
    std::vector<std::string> links;  // uniqueKeys still to add (in chunks of 25)
  };

  // The crawler's steps.
  void OpenQueue();
  void RefillHead();
  void FeedBulk();
  void PersistOnTimer();
  void Migrate();
  void StopForMigration();
  void Restart();
  // Task slot steps.
  void Prolong(uint16_t slot);
  void GetRequest(uint16_t slot);
  void PageDone(uint16_t slot);
  void AddLinks(uint16_t slot);
  void MarkHandled(uint16_t slot);
  void ReleaseLock(uint16_t slot);

  // Open's calls: the queue, the store, the start URLs. False: throttled
  // (retried or given up) or failed.
  bool OpenOrGetQueue();
  bool OpenStore();
  bool AddStartUrls();
  void OpenThrottled(const Status& s);
  // Opened or restarted: persistState and migration timers, the bulk feed, work.
  void StartRunning();
  Status PersistState();
  // Starts buffered requests in free slots; refills the head when low.
  void Pump();
  void MaybeFinish(bool queue_has_locked_requests);
  void FreeSlot(uint16_t slot);
  // A batch of fresh uniqueKeys of the queue: [next_key, next_key + n).
  std::vector<QueueRequest> NewRequests(int64_t n) const;
  // Throttled: count it and schedule the retry; false when the call gives up.
  bool RetryLater(RetryState* state, uint16_t kind, uint16_t slot);
  // A slot's call failed: retried when throttled (freed on giving up),
  // else the run ends.
  void SlotCallFailed(uint16_t slot, uint16_t kind, const Status& s);
  void Schedule(int64_t at_ms, uint16_t kind, uint16_t slot = 0);
  int in_flight() const;
  SimQueue& queue() { return (*env_->queues)[queue_]; }
  const Scenario& sc() const { return *env_->scenario; }

  CrawlerEnv* env_;
  uint32_t id_;
  Rng identity_rng_, latency_rng_, retry_rng_, migration_rng_;
  uint32_t queue_;
  uint32_t generation_ = 0;
  bool creator_;  // adds start URLs / bulk feed
  std::string client_key_;
  std::string store_id_;
  std::vector<Slot> slots_;
  std::deque<std::string> buffer_;  // locked request ids not started yet
  bool head_pending_ = false;
  RetryState head_retry_, open_retry_, feed_retry_, persist_retry_;
  bool running_ = false;  // opened and not stopped
  bool migrating_ = false;
  bool finished_ = false;
  int64_t bulk_remaining_ = 0;  // requests still to pre-enqueue
  int64_t start_urls_ = 0;
};

}  // namespace headlock::sim
