// CapacityLog: per second of the injected clock, per table and per global
// secondary index: the units admitted operations consumed, the requests and
// units that were throttled, and the capacity in force.
//
// This is the record the cost ledger prices and the reports chart. It only
// ever grows by whole operations: a request appears in the second in which
// it ran.
//
// Thread safety: Record and Snapshot may be called from many threads.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "headlock/capacity/consumed_capacity.h"

namespace headlock {

class CapacityLog {
 public:
  struct Row {
    int64_t second = 0;          // Unix seconds
    std::string table_name;
    std::string index_name;      // empty for the table itself
    CapacityHalfUnits units;
    int64_t requests = 0;
    CapacityHalfUnits throttled_units;  // what throttled requests asked for
    int64_t throttled_requests = 0;
    // Provisioned capacity in force (units per second); -1 when on-demand.
    int64_t read_capacity_units = -1;
    int64_t write_capacity_units = -1;
  };

  // Adds the capacity of one admitted operation at time `now_ms`.
  void Record(int64_t now_ms, const ConsumedCapacity& consumed);
  // Adds a throttled operation (what it asked for; it consumed nothing).
  void RecordThrottled(int64_t now_ms, const ConsumedCapacity& requested);
  // Sets the capacity in force for a table (`index` empty) or an index from
  // `now_ms` on; -1 for on-demand.
  void SetCapacityInForce(int64_t now_ms, const std::string& table, const std::string& index,
                          int64_t read_capacity_units, int64_t write_capacity_units);
  // The table (and its indexes) stopped existing at `now_ms`.
  void TableDeleted(int64_t now_ms, const std::string& table);

  // Every change of capacity in force, in time order: what provisioned
  // capacity is billed on (every hour it is in force, used or not).
  struct CapacityChange {
    int64_t time_ms = 0;
    std::string table_name;
    std::string index_name;
    int64_t read_capacity_units = -1;  // -1: on-demand, or deleted
    int64_t write_capacity_units = -1;
    bool deleted = false;
  };
  std::vector<CapacityChange> CapacityChanges() const;

  // All rows ordered by (second, table, index).
  std::vector<Row> Snapshot() const;

  // Removes and returns the rows of every second before `second`, ordered by
  // (second, table, index): a long run (the simulator) drains the log as it
  // goes so that memory stays bounded. Capacity in force and changes stay.
  std::vector<Row> TakeRowsBefore(int64_t second);

  // Totals per (table, index) over all seconds.
  std::vector<Row> Totals() const;

  void Clear();

 private:
  struct Cell {
    CapacityHalfUnits units;
    int64_t requests = 0;
    CapacityHalfUnits throttled_units;
    int64_t throttled_requests = 0;
    int64_t read_capacity_units = -1;
    int64_t write_capacity_units = -1;
  };
  // Per (table, index): seconds -> cell. Looked up by string_view so that
  // recording an operation allocates nothing once its series exists.
  using SeriesKey = std::pair<std::string, std::string>;
  struct SeriesLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::pair<std::string_view, std::string_view>(a.first, a.second) <
             std::pair<std::string_view, std::string_view>(b.first, b.second);
    }
  };

  struct SeriesData {
    std::map<int64_t, Cell> cells;
    int64_t read_capacity_units = -1;  // in force now
    int64_t write_capacity_units = -1;
  };
  Cell& CellLocked(int64_t second, std::string_view table, std::string_view index);

  mutable std::mutex mu_;
  std::map<SeriesKey, SeriesData, SeriesLess> series_;
  std::vector<CapacityChange> changes_;
};

// Sums the units that CapacityLog::Record admits on the calling thread while
// it lives, whatever the table: `headlock serve` traces the units of one API
// call (an Apify call is several DynamoDB operations, all run on the thread
// that serves it). Scopes nest; only the innermost counts.
class ThreadUnitsScope {
 public:
  ThreadUnitsScope();
  ~ThreadUnitsScope();
  ThreadUnitsScope(const ThreadUnitsScope&) = delete;
  ThreadUnitsScope& operator=(const ThreadUnitsScope&) = delete;
  const CapacityHalfUnits& units() const { return units_; }

 private:
  friend class CapacityLog;
  CapacityHalfUnits units_;
  ThreadUnitsScope* previous_;
};

}  // namespace headlock
