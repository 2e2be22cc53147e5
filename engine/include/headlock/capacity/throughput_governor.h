// ThroughputGovernor: admits or throttles each operation's consumed capacity
// against the capacity in force for its table and every index it touches.
//
// Provisioned tables and indexes have one token bucket for reads and one for
// writes (token_bucket.h). An operation is admitted only if the table AND
// every affected index can take its units; then all of them are consumed at
// once. A throttled operation consumes nothing and gets DynamoDB's
// ProvisionedThroughputExceededException (the index wording when an index is
// short: reference/dynamodb.md §3.3, §7.2).
//
// On-demand tables and indexes are metered per second (on_demand_meter.h):
// traffic beyond what DynamoDB's scaling would serve is throttled with
// ThrottlingException.
//
// Per-partition limits: each partition-key value of a table or an index takes
// at most 1,000 write and 3,000 read units per second, whatever the table's
// capacity (DynamoDB's per-partition maximum, which adaptive capacity cannot
// lift for one key). This is a model: DynamoDB can place several keys in one
// partition, this counts each key alone. A request of a hot key beyond it is
// throttled (ProvisionedThroughputExceededException on a provisioned table,
// ThrottlingException on an on-demand one). On by default.
//
// Thread safety: all methods may be called from many threads.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "headlock/capacity/consumed_capacity.h"
#include "headlock/capacity/on_demand_meter.h"
#include "headlock/capacity/token_bucket.h"
#include "headlock/capacity/warm_throughput.h"
#include "headlock/status.h"

namespace headlock {

enum class CapacityMode { kProvisioned, kOnDemand };

inline constexpr std::string_view kTableThroughputExceededMessage =
    "The level of configured provisioned throughput for the table was exceeded. Consider "
    "increasing your provisioning level with the UpdateTable API.";
inline constexpr std::string_view kOnDemandThrottlingMessage =
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically "
    "scaling your table or index so please try again shortly. If exceptions persist, check if "
    "you have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
inline constexpr int64_t kPartitionMaxWriteUnits = 1000;  // per partition-key value per second
inline constexpr int64_t kPartitionMaxReadUnits = 3000;   // per partition-key value per second

inline constexpr std::string_view kIndexThroughputExceededMessage =
    "The level of configured provisioned throughput for one or more global secondary indexes of "
    "the table was exceeded. Consider increasing your provisioning level for the "
    "under-provisioned global secondary indexes with the UpdateGlobalSecondaryIndex API.";

class ThroughputGovernor {
 public:
  // Sets the capacity of a table (`index` empty) or one of its indexes.
  // Units are DynamoDB's whole read and write capacity units per second
  // (ignored for kOnDemand). Reconfiguring keeps the tokens a bucket has,
  // capped at its new burst capacity.
  // `max_read_request_units` / `max_write_request_units`: OnDemandThroughput
  // (-1: none). `warm_read_units` / `warm_write_units`: WarmThroughput, what
  // on-demand serves at once (0: on-demand's initial rates); it never falls.
  void Configure(const std::string& table, const std::string& index, CapacityMode mode,
                 int64_t read_capacity_units, int64_t write_capacity_units, int64_t now_ms,
                 int64_t max_read_request_units = -1, int64_t max_write_request_units = -1,
                 int64_t warm_read_units = 0, int64_t warm_write_units = 0);

  // For a simulator that runs the fraction `scale` (0, 1] of its population:
  // on-demand's table-wide limits (the initial rates, twice the previous
  // peak, the table quota, warm throughput, OnDemandThroughput) apply to
  // windows of OnDemandWindowForScale(scale) instead of seconds, keeping
  // their whole-table values, and not at all below kMinScaleForTableLimits;
  // per-partition limits (one queue's traffic, simulated whole) and
  // provisioned capacity (sized by the simulator's own policy) are
  // unchanged. Set before the first Configure. Default 1.
  void set_table_limit_scale(double scale);

  // Turns the per-partition limits on or off (default on).
  void set_partition_limits(bool on) {
    std::lock_guard<std::mutex> lock(mu_);
    partition_limits_ = on;
  }

  // Forgets a table and all of its indexes.
  void Remove(const std::string& table);

  // Admits `capacity` at `now_ms` and consumes it, or returns
  // ProvisionedThroughputExceededException having consumed nothing.
  Status Admit(const ConsumedCapacity& capacity, int64_t now_ms);
  // All or nothing over several tables (a transaction).
  Status AdmitAll(const std::vector<const ConsumedCapacity*>& capacities, int64_t now_ms);

  // What an on-demand table or index has learned to serve at once
  // (OnDemandMeter::InstantUnits, both directions): DynamoDB's warm
  // throughput as raised by use. nullopt when it is provisioned or unknown.
  std::optional<WarmThroughput> LearnedWarmThroughput(const std::string& table,
                                                      const std::string& index, int64_t now_ms);

  // Half units available in a bucket (tests, reports); -1 when unlimited.
  int64_t AvailableWriteHalfUnits(const std::string& table, const std::string& index,
                                  int64_t now_ms);

 private:
  struct Buckets {
    CapacityMode mode = CapacityMode::kOnDemand;
    TokenBucket read;        // provisioned
    TokenBucket write;
    OnDemandMeter od_read;   // on-demand
    OnDemandMeter od_write;
    int64_t max_provisioned_read = 0;  // highest capacity ever provisioned
    int64_t max_provisioned_write = 0;
  };
  using Key = std::pair<std::string, std::string>;
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::pair<std::string_view, std::string_view>(a.first, a.second) <
             std::pair<std::string_view, std::string_view>(b.first, b.second);
    }
  };
  Buckets* Find(std::string_view table, std::string_view index);
  struct Charge {
    Buckets* buckets;
    const CapacityHalfUnits* units;
  };
  // Checks one table's capacity against its buckets, adding what to take to
  // `charges`. REQUIRES: mu_ held.
  Status Check(const ConsumedCapacity& capacity, int64_t now_ms, std::vector<Charge>* charges);

  struct PartitionSecond {
    int64_t second = 0;
    CapacityHalfUnits units;
  };
  // What one partition arm takes once admitted: the key's counter, set to
  // the current second, and the arm's units.
  struct PartitionCharge {
    PartitionSecond* counter;
    const CapacityHalfUnits* units;
  };
  // Checks the partition arms of `capacity`, adding them to `charges`.
  // REQUIRES: mu_ held.
  Status CheckPartitions(const ConsumedCapacity& capacity, int64_t now_ms,
                         std::vector<PartitionCharge>* charges);

  std::mutex mu_;
  std::map<Key, Buckets, KeyLess> buckets_;
  bool partition_limits_ = true;
  OnDemandWindow on_demand_window_;
  // (table \0 index \0 partition) -> units taken in the current second.
  std::unordered_map<std::string, PartitionSecond> partition_seconds_;
};

}  // namespace headlock
