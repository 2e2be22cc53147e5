// Options for opening a Database. Every field says its default and why.
#pragma once

#include <cstddef>

#include "headlock/capacity/mode_rules.h"
#include "headlock/clock.h"

namespace headlock {

struct Options {
  // Keep everything in memory (LevelDB's memenv) instead of on disk: for
  // tests and the simulator. The path passed to Open() then only names the
  // in-memory database.
  // Default: false.
  bool in_memory = false;

  // Create the database directory if it does not exist.
  // Default: true.
  bool create_if_missing = true;

  // LevelDB memtable size. Larger buffers mean fewer, larger compactions and
  // faster bulk loads, at the cost of memory and a longer recovery.
  // Default: 16 MiB.
  size_t write_buffer_size = 16 << 20;

  // LevelDB block cache. Hot index blocks (the heads of busy queues) stay in
  // memory; the rest is read from the OS page cache.
  // Default: 32 MiB.
  size_t block_cache_bytes = 32 << 20;

  // fsync every write before acknowledging it. With false a machine crash
  // (not a process crash) can lose the last writes.
  // Default: false.
  bool sync = false;

  // The time source (lock expiry, creation times, capacity seconds).
  // Default: nullptr = SystemClock::Default(). Not owned; must outlive the Database.
  const Clock* clock = nullptr;

  // Which of DynamoDB's rules for capacity changes apply (mode switches,
  // decreases of provisioned throughput), by the date they took effect.
  // Default: the current rule, CapacityRuleSet::k2025_08_12.
  CapacityRuleSet capacity_rules = CapacityRuleSet::k2025_08_12;

  // Model DynamoDB's per-partition maximum (1,000 write and 3,000 read units
  // per second for one partition-key value of a table or an index). Turn it
  // off to measure the engine alone (benchmarks on a clock that never moves).
  // Default: true.
  bool partition_limits = true;

  // For a simulator that runs a sampled fraction of its population (`headlock
  // sim --scale`): on-demand's table-wide limits (initial rates, twice the
  // previous peak, the 40,000-unit table quota, warm throughput) apply to
  // the sample's consumption over windows of 1/table_limit_scale^2 seconds
  // (at most an hour), each allowing scale x window seconds of the whole
  // table's per-second limit, and not at all below 0.1 (a sample that small
  // cannot judge them; capacity/on_demand_meter.h says why). Per-partition
  // limits and provisioned capacity are not changed. In (0, 1].
  // Default: 1 (DynamoDB's per-second limits).
  double table_limit_scale = 1;

  // Account for capacity: admit every operation against the capacity in
  // force (provisioned token buckets, the on-demand meter, the per-partition
  // limits), throttling what exceeds it, and record consumed and throttled
  // units in the capacity log (Database::capacity_log()). With false the
  // engine computes no admission at all, so nothing is ever throttled, and
  // the capacity log stays empty (no usage, no capacity in force); the
  // ConsumedCapacity of responses is still computed, as it is part of the
  // API. For runs that only need DynamoDB's data semantics, and to measure
  // what accounting costs (bench/capacity_harness.cc).
  // Default: true.
  bool capacity_accounting = true;
};

}  // namespace headlock
