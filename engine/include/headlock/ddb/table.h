// Table metadata: DynamoDB's CreateTable parameters and DescribeTable's view.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "headlock/capacity/warm_throughput.h"
#include "headlock/value/key_schema.h"

namespace headlock {

inline constexpr size_t kMinTableNameLength = 3;     // DynamoDB table/index name limits
inline constexpr size_t kMaxTableNameLength = 255;
inline constexpr int kMaxGlobalSecondaryIndexes = 20;  // default GSI quota per table
inline constexpr int kMaxProjectedNonKeyAttributes = 100;  // INCLUDE names over all indexes

enum class BillingMode : uint8_t { kProvisioned = 0, kPayPerRequest = 1 };  // persisted: append only
enum class ProjectionType : uint8_t { kKeysOnly = 0, kInclude = 1, kAll = 2 };  // persisted: append only

struct ProvisionedThroughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
  bool operator==(const ProvisionedThroughput&) const = default;
};

// OnDemandThroughput maximums; -1 = none.
struct OnDemandThroughput {
  int64_t max_read_request_units = -1;
  int64_t max_write_request_units = -1;
  bool operator==(const OnDemandThroughput&) const = default;
};

// A table's or index's WarmThroughput (capacity/warm_throughput.h): 0 in a
// request = not given. A table's is at least its mode's baseline (12,000
// reads and 4,000 writes on demand, the provisioned capacity otherwise),
// rises with UpdateTable and with use (what the on-demand meter has learned
// to serve at once: DescribeTable shows it, a clean close stores it) and
// never falls (an index's lower value is accepted and changes nothing).

struct Projection {
  ProjectionType type = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // for kInclude
  bool operator==(const Projection&) const = default;
};

struct GlobalSecondaryIndex {
  std::string index_name;
  KeySchema key_schema;
  Projection projection;
  ProvisionedThroughput provisioned_throughput;  // when the table is PROVISIONED
  OnDemandThroughput on_demand_throughput;
  WarmThroughput warm_throughput;
  bool operator==(const GlobalSecondaryIndex&) const = default;
};

// Everything CreateTable defines about a table.
struct TableDefinition {
  std::string table_name;
  KeySchema key_schema;
  std::vector<GlobalSecondaryIndex> global_secondary_indexes;
  BillingMode billing_mode = BillingMode::kProvisioned;
  ProvisionedThroughput provisioned_throughput;
  OnDemandThroughput on_demand_throughput;
  WarmThroughput warm_throughput;
  bool operator==(const TableDefinition&) const = default;
};

// DescribeTable's view of a table.
struct TableDescription {
  TableDefinition definition;
  std::string table_status = "ACTIVE";
  int64_t creation_date_time_ms = 0;
  int64_t item_count = 0;
  int64_t table_size_bytes = 0;
  struct IndexStats {
    std::string index_name;
    int64_t item_count = 0;
    int64_t index_size_bytes = 0;
  };
  std::vector<IndexStats> index_stats;  // in definition order
  // BillingModeSummary.LastUpdateToPayPerRequestDateTime (0 = never).
  int64_t last_update_to_pay_per_request_ms = 0;
  // Decreases of provisioned throughput made today (UTC), for DescribeTable.
  int64_t number_of_decreases_today = 0;
};

}  // namespace headlock
