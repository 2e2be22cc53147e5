// The simulated world (private to sim/): the engine, the queue and key-value
// services, the crawlers, the load controller and the measurements.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "headlock/capacity/capacity_policy.h"
#include "headlock/capacity/capacity_record.h"
#include "headlock/capacity/pricing.h"
#include "headlock/clock.h"
#include "headlock/ddb/database.h"
#include "headlock/queue/key_value_store.h"
#include "headlock/queue/request_queue.h"
#include "headlock/sim/event_queue.h"
#include "headlock/sim/random.h"
#include "headlock/sim/retry_policy.h"
#include "headlock/sim/simulator.h"

namespace headlock::sim {

// Event kinds. Actor events carry the actor's generation: a migration bumps
// it, so that what the old process had scheduled never runs.
enum EventKind : uint16_t {
  // World
  kMinuteTick = 1,   // measurements, load controller, capacity policy
  kHourTick,         // storage samples, retention
  kStartCrawl,       // a new crawl (slot = number of crawlers)
  kRecrawl,          // a named queue's daily incremental crawl (target = queue)
  // Actor
  kOpenQueue,        // get-or-create the queue, the key-value store, start URLs
  kHead,             // list-and-lock head (refill the local buffer)
  kFeed,             // pre-enqueue the next 1,000 requests of a bulk queue
  kPersist,          // persistState: CRAWLEE_STATE to the key-value store
  kMigrate,          // a container migration starts
  kMigrateStop,      // the notice is over: the old process stops
  kRestart,          // the actor runs again on another server
  // Actor task slots
  kProlong,          // prolong the lock before the page (locking strategies)
  kGetRequest,       // fetch the request's data
  kPageDone,         // the handler finished (or failed)
  kAddLinks,         // batch-add the next 25 links found
  kUpdate,           // mark handled (or retryCount+1)
  kReleaseLock,      // after a failure with retries left
};

struct SimQueue {
  std::string id;
  std::optional<std::string> name;
  uint32_t index = 0;          // for uniqueKeys
  int64_t size_target = 0;     // requests the crawl will end up with
  int64_t next_key = 0;        // uniqueKeys 0..next_key-1 were added
  int64_t created_ms = 0;
  bool bulk = false;
  int active_actors = 0;
  int64_t base_size = 0;       // the first crawl's size (re-crawls add a share of it)
};

struct Slot {
  bool busy = false;
  int failures = 0;            // throttled attempts of the current call
  bool throttled_once = false;
  std::string request_id;
  std::string unique_key;
  std::string url;
  int64_t retry_count = 0;
  int64_t page_started_ms = 0;
  bool page_failed = false;
  std::vector<std::string> links;  // uniqueKeys still to add (in chunks of 25)
};

struct Actor {
  uint32_t id = 0;
  uint32_t queue = 0;
  uint32_t generation = 0;
  bool creator = false;        // adds start URLs / bulk feed
  std::string client_key;
  std::string store_id;
  int64_t concurrency = 1;
  std::vector<Slot> slots;
  std::deque<std::string> buffer;  // locked request ids not started yet
  bool head_pending = false;
  int head_failures = 0;
  int open_failures = 0;
  int feed_failures = 0;
  int persist_failures = 0;
  bool head_throttled_once = false;
  bool open_throttled_once = false;
  bool feed_throttled_once = false;
  bool persist_throttled_once = false;
  bool running = false;        // opened and not stopped
  bool migrating = false;
  bool finished = false;
  int64_t bulk_remaining = 0;  // requests still to pre-enqueue
  int64_t start_urls = 0;
  int in_flight() const {
    int n = 0;
    for (const Slot& s : slots) n += s.busy ? 1 : 0;
    return n;
  }
};

// One (table, index) under the live capacity policy.
struct PolicySubject {
  std::string table;
  std::string index;
  std::unique_ptr<CapacityController> controller;
  CapacitySetting in_force;
  double minute_read_units = 0;
  double minute_write_units = 0;
};

class World {
 public:
  World(const Scenario& scenario, const SimOptions& options);
  Result<SimResult> Run();

 private:
  // Set-up and the world's own events.
  Status Open();
  void Schedule(int64_t at_ms, uint32_t target, uint16_t kind, uint16_t slot = 0);
  void ScheduleActor(const Actor& a, int64_t at_ms, uint16_t kind, uint16_t slot = 0);
  Status OnMinuteTick();
  Status OnHourTick();
  int DrawCrawlers();
  void StartCrawlsDuring(int64_t minute_start_ms, double rate);
  void StartCrawl(int crawlers);
  void StartActor(uint32_t queue, bool creator, int64_t start_urls, int64_t bulk);
  void OnRecrawl(uint32_t queue);
  // Raises the warm throughput of a new table to the scenario's if it stands
  // for one in use before the run: not a weekly table of a week after the
  // start's (Scenario::warm_throughput).
  Status WarmIfPresentAtStart(const std::string& table, const TableDefinition& def);
  // Starts controllers for new tables (their initial setting) and, with
  // `decide`, applies every controller's decision for the minute ending now.
  Status ApplyCapacityPolicy(int64_t minute_end_ms, bool decide);
  // A table of a new ISO week appears with the first queue of the week.
  void OnNewQueue();
  Status DrainCapacityLog(int64_t before_second, MinuteRow* row);

  // Actors.
  void Dispatch(const Event& e);
  void OnOpenQueue(Actor& a);
  void OnHead(Actor& a);
  void OnFeed(Actor& a);
  void OnPersist(Actor& a);
  void OnMigrate(Actor& a);
  void OnMigrateStop(Actor& a);
  void OnRestart(Actor& a);
  // Opened or restarted: persistState and migration timers, the bulk feed, work.
  void StartRunning(Actor& a);
  // CRAWLEE_STATE to the actor's key-value store (counted when written).
  Status PersistState(const Actor& a);
  void Pump(Actor& a);
  void MaybeFinish(Actor& a, bool queue_has_locked_requests);
  void OnSlot(Actor& a, uint16_t slot, uint16_t kind);
  void FreeSlot(Actor& a, uint16_t slot);

  // A call was throttled: schedule its retry, or give up (false).
  bool RetryLater(Actor& a, int* failures, bool* throttled_once, uint16_t kind, uint16_t slot);
  int64_t Latency(double base_ms);
  int64_t Now() const { return clock_.NowMillis(); }
  std::string UniqueKey(const SimQueue& q, int64_t n) const;
  std::string NewClientKey();

  Scenario sc_;
  SimOptions options_;
  Rng rng_;
  RetryPolicy retry_;
  ManualClock clock_;
  EventQueue events_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<RequestQueueService> rq_;
  std::unique_ptr<KeyValueStoreService> kv_;
  std::unique_ptr<CapacityPolicy> policy_;
  std::map<std::pair<std::string, std::string>, PolicySubject> subjects_;
  std::vector<SimQueue> queues_;
  std::vector<Actor> actors_;
  std::vector<uint32_t> named_queues_;
  std::string state_value_;  // what persistState writes

  int64_t end_ms_ = 0;
  bool locking_ = true;  // the strategy takes server-side locks (not client-side)
  Status fatal_;         // an unexpected engine error ends the run

  // Measurements (simulated scale; divided by the scale when reported).
  MinuteRow minute_;          // the minute in progress
  SimTotals totals_;
  std::vector<MinuteRow> timeline_;
  double writes_per_crawl_ = 1;  // the model's guess of API writes per crawl
  double crawl_rate_ = 1;        // crawls started per minute (the load controller)
  double aim_bias_ = 1;          // its aim / the target (the controller's outer loop)
  double target_sum_ = 0;        // the targets of the minutes so far
  int64_t running_actors_ = 0;
  int64_t crawls_this_minute_ = 0;
  std::map<std::pair<int64_t, std::string>, TableHourRow> table_hours_;
  std::map<std::pair<int64_t, std::string>, double> table_days_;
  PricingTable pricing_;      // the scenario's, read by Open()
  CapacityRecord record_;     // for the cost ledger and policy replays
  std::map<std::string, WarmThroughput> warm_tables_;  // WarmStartTables' (for replays)
  bool per_second_record_ = true;  // else one usage row per minute
  PeakUnits peaks_;
  std::optional<IsoWeek> policy_week_;  // the week whose tables have controllers
  uint64_t events_run_ = 0;
};

}  // namespace headlock::sim
