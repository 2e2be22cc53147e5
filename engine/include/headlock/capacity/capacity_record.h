// CapacityRecord: everything the cost ledger and the capacity policies need
// to know about a stretch of time, detached from the live CapacityLog: the
// per-second usage rows, every change of capacity in force (creations,
// UpdateTable, deletions), storage samples, and where the record ends.
//
// It has one text form, the capacity-log CSV that `headlock exec
// --capacity-log` writes and `headlock cost` reads (one row per line, a
// `kind` column says what the row is):
//
//   time_ms,kind,table,index,read_units,write_units,requests,
//   throttled_read_units,throttled_write_units,throttled_requests,
//   read_capacity_units,write_capacity_units,item_count,table_bytes
//
//   usage     one second of one table or index (time_ms = the second's
//             start): units consumed (decimal, halves as .5), requests,
//             throttled requests and the units they asked for, and the
//             capacity in force (-1 = on-demand);
//   capacity  the capacity in force changed at time_ms (-1/-1 = on-demand);
//   deleted   the table or index stopped existing at time_ms;
//   storage   ItemCount and TableSizeBytes of a table at time_ms;
//   end       the record covers time up to time_ms (exclusive).
// Empty fields are allowed where a kind does not use them. Rows may come in
// any order; the reader sorts them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/capacity/capacity_log.h"
#include "headlock/result.h"

namespace headlock {

struct StorageSample {
  int64_t time_ms = 0;
  std::string table_name;
  int64_t bytes = 0;  // TableSizeBytes
  int64_t items = 0;  // ItemCount
};

struct CapacityRecord {
  std::vector<CapacityLog::Row> usage;                // ordered by (second, table, index)
  std::vector<CapacityLog::CapacityChange> changes;   // ordered by time (stable)
  std::vector<StorageSample> storage;                 // ordered by time (stable)
  int64_t end_ms = 0;                                 // exclusive

  // A snapshot of `log` with `storage` samples, ending at `end_ms`.
  static CapacityRecord From(const CapacityLog& log, std::vector<StorageSample> storage,
                             int64_t end_ms);
};

// The CSV form (above), with a header line.
std::string CapacityRecordToCsv(const CapacityRecord& record);

// Parses the CSV form. Errors: ValidationException naming the line and what
// is wrong with it (unknown kind, a malformed number, half units that are not
// a multiple of 0.5, a missing end row). Usage rows of the same (second,
// table, index) are added together.
Result<CapacityRecord> CapacityRecordFromCsv(std::string_view csv);

}  // namespace headlock
