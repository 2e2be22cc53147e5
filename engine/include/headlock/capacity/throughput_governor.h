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
// ThrottlingException. The per-partition limits are not modelled yet.
//
// Thread safety: all methods may be called from many threads.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "headlock/capacity/consumed_capacity.h"
#include "headlock/capacity/on_demand_meter.h"
#include "headlock/capacity/token_bucket.h"
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
  // (-1: none).
  void Configure(const std::string& table, const std::string& index, CapacityMode mode,
                 int64_t read_capacity_units, int64_t write_capacity_units, int64_t now_ms,
                 int64_t max_read_request_units = -1, int64_t max_write_request_units = -1);

  // Forgets a table and all of its indexes.
  void Remove(const std::string& table);

  // Admits `capacity` at `now_ms` and consumes it, or returns
  // ProvisionedThroughputExceededException having consumed nothing.
  Status Admit(const ConsumedCapacity& capacity, int64_t now_ms);
  // All or nothing over several tables (a transaction).
  Status AdmitAll(const std::vector<const ConsumedCapacity*>& capacities, int64_t now_ms);

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

  std::mutex mu_;
  std::map<Key, Buckets, KeyLess> buckets_;
};

}  // namespace headlock
