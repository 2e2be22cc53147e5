// The simulator: replays a scenario's load through the real engine on a
// simulated clock, single-threaded and deterministic (same scenario + seed
// => the same result, byte for byte, and the same digest).
//
// The world: a Database (in memory by default) with the request queue
// service (the scenario's lock strategy) and the key-value store on it; a
// load controller that starts crawls so that request-queue API writes per
// minute follow the load profile; crawlers that drive the queue as Crawlee
// does (reference/apify-request-queue.md §9): list-and-lock 25 when at most
// one request is buffered, prolong + get before each page, batch-add the new
// links, mark handled; idle polling of the head; state persisted to the
// key-value store every minute; container migrations with and without
// notice; throttling answered with the SDK's and apify-client's retries.
// Every capacity unit reported was consumed by a real engine operation.
//
// Figures are reported at full scale: what the simulated fraction
// (Scenario::scale) did, divided by the scale.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "headlock/capacity/capacity_record.h"
#include "headlock/capacity/policy_replay.h"
#include "headlock/capacity/warm_throughput.h"
#include "headlock/result.h"
#include "headlock/sim/scenario.h"

namespace headlock::sim {

struct SimProgress {
  int64_t simulated_ms = 0;  // since the start
  int64_t duration_ms = 0;
  uint64_t events = 0;
  double wall_seconds = 0;
};

// Per (table, index): the highest one-minute average of units per second, to
// size policies whose units are "peak" (hindsight sizing, capacity_policy.h).
using PeakUnits = std::map<std::pair<std::string, std::string>, std::pair<double, double>>;

struct SimOptions {
  // Called about once per wall second and at the end.
  std::function<void(const SimProgress&)> progress;
  // For on-disk runs (Scenario::on_disk): the database directory.
  std::string db_dir;
  // Known peaks (from an earlier run of the same scenario and seed).
  PeakUnits peaks;
  // Replay these crawl start times (SimResult::crawl_starts of another run
  // of the same scenario and seed) instead of running the load controller:
  // runs compared this way meet the same crawls (pages, links, crawlers,
  // migrations: every random stream is keyed by what it decides), so their
  // differences are the strategy's or policy's, not the sample's.
  std::optional<std::vector<int64_t>> crawl_starts;
};

// The first minutes of a run warm it up: the load controller's outer loop
// (load_controller.h) starts after them, and the report's fit to the profile leaves
// them out.
constexpr int kWarmupMinutes = 10;

// One minute of the run (timeline.csv). Counts are at full scale.
struct MinuteRow {
  int64_t start_ms = 0;
  double target_api_writes = 0;  // the profile
  double api_writes = 0;         // request-queue API calls that write
  double api_reads = 0;          // request-queue API calls that only read
  double ddb_requests = 0;       // DynamoDB operations admitted (reads and writes)
  double write_units = 0;        // consumed write capacity units, all tables and indexes
  double read_units = 0;
  double throttled_requests = 0;  // DynamoDB operations refused (throttled)
  double api_errors = 0;          // API calls that got a 500 (the SDK gave up)
  double requests_handled = 0;
  double duplicate_handlings = 0;
  double requests_added = 0;
  double kv_writes = 0;
  int64_t actors_running = 0;  // simulated (not scaled)
  int64_t crawls_started = 0;  // simulated
};

// One physical table for one hour (tables.csv). Units and cost at full scale.
// MinuteRow's counted fields, in timeline.csv's column order: the one list
// that scaling, the digest and the CSV use.
struct MinuteField {
  const char* name;
  double MinuteRow::*member;
};
inline constexpr MinuteField kMinuteFields[] = {
    {"target_api_writes", &MinuteRow::target_api_writes},
    {"api_writes", &MinuteRow::api_writes},
    {"api_reads", &MinuteRow::api_reads},
    {"ddb_requests", &MinuteRow::ddb_requests},
    {"write_units", &MinuteRow::write_units},
    {"read_units", &MinuteRow::read_units},
    {"throttled_requests", &MinuteRow::throttled_requests},
    {"api_errors", &MinuteRow::api_errors},
    {"requests_added", &MinuteRow::requests_added},
    {"requests_handled", &MinuteRow::requests_handled},
    {"duplicate_handlings", &MinuteRow::duplicate_handlings},
    {"kv_writes", &MinuteRow::kv_writes},
};

struct TableHourRow {
  int64_t hour_start_ms = 0;
  std::string table;
  std::string mode;                  // "on-demand" or "provisioned" (at the end of the hour)
  int64_t read_capacity_units = -1;  // in force at the end of the hour (simulated scale)
  int64_t write_capacity_units = -1;
  double read_units = 0;  // consumed, table + indexes
  double write_units = 0;
  double throttled_requests = 0;
  double cost_usd = 0;
};

struct TableStorage {
  std::string table;
  double items = 0;  // items of the table itself at the end (requests), full scale
  double bytes = 0;  // bytes billed: the table's and its indexes'
};

// Per ISO week table (the lifecycle chart): write units per day.
struct TableDayRow {
  int64_t day_start_ms = 0;
  std::string table;
  double write_units = 0;
};

struct SimTotals {
  double api_writes = 0;
  double api_reads = 0;
  double ddb_requests = 0;
  double write_units = 0;
  double read_units = 0;
  double throttled_requests = 0;
  double api_throttled_calls = 0;  // API calls that met at least one throttle
  double api_errors = 0;
  double api_failed_calls = 0;  // gave up after every retry
  double requests_added = 0;
  double requests_handled = 0;     // each request once (its first handling)
  double duplicate_handlings = 0;  // a page processed to completion a second time
  double failed_pages = 0;         // handler failures (retried or given up)
  double migrations = 0;
  double migrations_with_notice = 0;
  double wasted_pages = 0;  // pages in progress when a migration stopped them
  double wasted_page_seconds = 0;
  double kv_writes = 0;
  double kv_reads = 0;
  double crawls = 0;
  double recrawls = 0;
  double cost_usd = 0;
  double on_demand_usd = 0;
  double provisioned_usd = 0;
  double storage_usd = 0;
  double tables_dropped = 0;
  double capacity_changes = 0;          // UpdateTable calls of the live policy
  double refused_capacity_changes = 0;  // refused by DynamoDB's rules
};

// How a total becomes a full-scale figure at the end of a run.
enum class TotalKind {
  kFromTimeline,  // the sum of the scaled timeline (counted per minute)
  kScaled,        // counted over the run, divided by the scale
  kCount,         // a count of the simulation itself (not scaled)
  kDerived,       // computed from the others
};

// SimTotals' fields: the one list that scaling and the digest use.
struct TotalField {
  const char* name;
  double SimTotals::*member;
  TotalKind kind;
  // The MinuteRow field that counts it per minute too (kFromTimeline and
  // counters shown in the timeline), or null.
  double MinuteRow::*minute = nullptr;
};
inline constexpr TotalField kTotalFields[] = {
    {"api_writes", &SimTotals::api_writes, TotalKind::kFromTimeline, &MinuteRow::api_writes},
    {"api_reads", &SimTotals::api_reads, TotalKind::kFromTimeline, &MinuteRow::api_reads},
    {"ddb_requests", &SimTotals::ddb_requests, TotalKind::kFromTimeline, &MinuteRow::ddb_requests},
    {"write_units", &SimTotals::write_units, TotalKind::kFromTimeline, &MinuteRow::write_units},
    {"read_units", &SimTotals::read_units, TotalKind::kFromTimeline, &MinuteRow::read_units},
    {"throttled_requests", &SimTotals::throttled_requests, TotalKind::kFromTimeline,
     &MinuteRow::throttled_requests},
    {"api_throttled_calls", &SimTotals::api_throttled_calls, TotalKind::kScaled},
    {"api_errors", &SimTotals::api_errors, TotalKind::kScaled, &MinuteRow::api_errors},
    {"api_failed_calls", &SimTotals::api_failed_calls, TotalKind::kScaled},
    {"requests_added", &SimTotals::requests_added, TotalKind::kScaled, &MinuteRow::requests_added},
    {"requests_handled", &SimTotals::requests_handled, TotalKind::kScaled,
     &MinuteRow::requests_handled},
    {"duplicate_handlings", &SimTotals::duplicate_handlings, TotalKind::kScaled,
     &MinuteRow::duplicate_handlings},
    {"failed_pages", &SimTotals::failed_pages, TotalKind::kScaled},
    {"migrations", &SimTotals::migrations, TotalKind::kScaled},
    {"migrations_with_notice", &SimTotals::migrations_with_notice, TotalKind::kScaled},
    {"wasted_pages", &SimTotals::wasted_pages, TotalKind::kScaled},
    {"wasted_page_seconds", &SimTotals::wasted_page_seconds, TotalKind::kScaled},
    {"kv_writes", &SimTotals::kv_writes, TotalKind::kScaled, &MinuteRow::kv_writes},
    {"kv_reads", &SimTotals::kv_reads, TotalKind::kScaled},
    {"crawls", &SimTotals::crawls, TotalKind::kScaled},
    {"recrawls", &SimTotals::recrawls, TotalKind::kScaled},
    {"on_demand_usd", &SimTotals::on_demand_usd, TotalKind::kScaled},
    {"provisioned_usd", &SimTotals::provisioned_usd, TotalKind::kScaled},
    {"storage_usd", &SimTotals::storage_usd, TotalKind::kScaled},
    {"cost_usd", &SimTotals::cost_usd, TotalKind::kDerived},
    {"tables_dropped", &SimTotals::tables_dropped, TotalKind::kCount},
    {"capacity_changes", &SimTotals::capacity_changes, TotalKind::kCount},
    {"refused_capacity_changes", &SimTotals::refused_capacity_changes, TotalKind::kCount},
};

// The run's load priced under a standard capacity policy, replayed on its
// capacity log (costs only: the replay's would-be throttling needs
// per-second data). Full scale.
struct PolicyCost {
  std::string policy;
  double total = 0, on_demand = 0, provisioned = 0, storage = 0;
  double consumed_units = 0;   // read + write units the load consumed
  double throttled_units = 0;  // units that would not have fitted (would be throttled)
  // A policy that would throttle more than 1% of the load is not a fair
  // comparison: it is cheap because it refuses work.
  bool serves_load() const { return throttled_units <= 0.01 * consumed_units; }
};

struct SimResult {
  Scenario scenario;
  std::string lock_strategy;
  std::string capacity_policy;
  SimTotals totals;
  std::vector<MinuteRow> timeline;
  std::vector<TableHourRow> tables;
  std::vector<TableDayRow> table_days;
  std::vector<TableStorage> storage;
  PeakUnits peaks;  // observed in this run
  // The capacity log (simulated scale) per second for runs up to two days,
  // per minute beyond, with storage samples: what the cost ledger priced and
  // what policies are replayed on.
  CapacityRecord record;
  // The tables warmed at the start (Scenario::warm_throughput), for replays.
  std::map<std::string, WarmThroughput> warm_tables;
  // When each crawl started (SimOptions::crawl_starts replays them).
  std::vector<int64_t> crawl_starts;
  uint64_t events = 0;
  uint64_t digest = 0;  // of everything above (digest.h)
  // Not in the digest: derived from `record` (kStandardPolicies, in order).
  std::vector<PolicyCost> policy_costs;
  double wall_seconds = 0;  // not in the digest: differs from run to run
  std::string digest_hex() const;
};

Result<SimResult> RunSimulation(const Scenario& scenario, const SimOptions& options = {});

}  // namespace headlock::sim
