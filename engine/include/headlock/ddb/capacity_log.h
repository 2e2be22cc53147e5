// CapacityLog: the capacity every operation consumed, per table and per
// global secondary index, per second of the injected clock.
//
// This is the record the capacity layer throttles and prices. It only ever
// grows by whole operations: a request that consumed units appears in the
// second in which it ran.
//
// Thread safety: Record and Snapshot may be called from many threads.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "headlock/ddb/consumed_capacity.h"

namespace headlock {

class CapacityLog {
 public:
  struct Row {
    int64_t second = 0;          // Unix seconds
    std::string table_name;
    std::string index_name;      // empty for the table itself
    CapacityHalfUnits units;
    int64_t requests = 0;
  };

  // Adds the capacity of one operation at time `now_ms`.
  void Record(int64_t now_ms, const ConsumedCapacity& consumed);

  // All rows ordered by (second, table, index).
  std::vector<Row> Snapshot() const;

  // Totals per (table, index) over all seconds.
  std::vector<Row> Totals() const;

  void Clear();

 private:
  using Key = std::tuple<int64_t, std::string, std::string>;
  struct Cell {
    CapacityHalfUnits units;
    int64_t requests = 0;
  };
  mutable std::mutex mu_;
  std::map<Key, Cell> cells_;
};

}  // namespace headlock
