// TableRecord: what the catalog stores for one table (a persistent format,
// versioned; fields are only ever appended: a record ends with the capacity
// history and the warm throughput, which older records may lack).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/capacity/mode_rules.h"
#include "headlock/ddb/table.h"
#include "headlock/status.h"

namespace headlock::ddb {

inline constexpr uint8_t kTableRecordVersion = 1;

struct TableRecord {
  uint32_t table_id = 0;
  std::vector<uint32_t> index_ids;  // parallel to definition.global_secondary_indexes
  TableDefinition definition;
  int64_t creation_date_time_ms = 0;
  int64_t last_update_to_pay_per_request_ms = 0;
  // Capacity-change history for DynamoDB's limits (capacity/mode_rules.h).
  std::vector<int64_t> switches_to_on_demand_ms;  // within the last 24 hours
  int64_t last_mode_switch_ms = 0;                // either direction; 0 = never
  DecreaseCounter table_decreases;
  std::vector<DecreaseCounter> index_decreases;   // parallel to the indexes
};

// The warm throughput a table or index has at least in `mode`: on-demand's
// rates for a new table (12,000 reads, 4,000 writes per second), or its
// provisioned capacity. (A record from before warm throughput decodes with
// this.)
WarmThroughput BaselineWarm(BillingMode mode, const ProvisionedThroughput& provisioned);

void EncodeTableRecord(const TableRecord& record, std::string* dst);
Status DecodeTableRecord(std::string_view data, TableRecord* record);

}  // namespace headlock::ddb
