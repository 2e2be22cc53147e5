// The simulated world (private to sim/): the event loop that connects the
// parts, in the order data flows through them:
//
//   workload (crawls and their crawlers, workload.h / crawler.h)
//     -> load controller (how many crawls start each minute)
//     -> engine (the system under test: Database with the request queue and
//        key-value store services; the live capacity policy drives its
//        tables' capacity)
//     -> metrics (what happened, per minute and per table-hour)
//     -> result (result_builder.h: priced, scaled, digested).
//
// One simulated clock, one agenda ordered by (time, sequence), one seeded
// random source: the same scenario and seed give the same result.
#pragma once

#include <cstdint>
#include <memory>

#include "crawler.h"
#include "headlock/capacity/pricing.h"
#include "headlock/clock.h"
#include "headlock/ddb/database.h"
#include "headlock/sim/simulator.h"
#include "live_capacity.h"
#include "load_controller.h"
#include "metrics.h"
#include "workload.h"

namespace headlock::sim {

class World {
 public:
  World(const Scenario& scenario, const SimOptions& options);
  Result<SimResult> Run();

 private:
  // The engine and services, the measurements and the first events.
  Status Open();
  Status OpenEngine();
  void Dispatch(const Event& e);
  // The engine's capacity log of the seconds before `before_second`: to the
  // live policy and the measurements.
  void DrainCapacityLog(int64_t before_second);
  Status OnMinuteTick();
  Status OnHourTick();
  // The minute's crawls: the controller's `rate`, or the replayed schedule's.
  void StartCrawls(int64_t minute_start_ms, double rate);
  Status SampleStorage();
  // The run ended at `end_ms_`: the last minute closed and the result built.
  Result<SimResult> Finish();
  double TargetAt(int64_t minute_start_ms) const;

  Scenario sc_;
  SimOptions options_;
  Rng rng_;
  RetryPolicy retry_;
  ManualClock clock_;
  EventQueue events_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<RequestQueueService> rq_;
  std::unique_ptr<KeyValueStoreService> kv_;
  PricingTable pricing_;  // the scenario's, read by Open()
  int64_t end_ms_ = 0;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<LiveCapacityPolicy> capacity_;
  std::unique_ptr<LoadController> controller_;
  CrawlerEnv env_;
  std::unique_ptr<Workload> workload_;
  uint64_t events_run_ = 0;
};

}  // namespace headlock::sim
