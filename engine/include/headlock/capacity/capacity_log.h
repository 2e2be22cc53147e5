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
  };

  // Adds the capacity of one operation at time `now_ms`.
  void Record(int64_t now_ms, const ConsumedCapacity& consumed);

  // All rows ordered by (second, table, index).
  std::vector<Row> Snapshot() const;

  // Totals per (table, index) over all seconds.
  std::vector<Row> Totals() const;

  void Clear();

 private:
  struct Cell {
    CapacityHalfUnits units;
    int64_t requests = 0;
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
  using Series = std::map<int64_t, Cell>;
  void AddLocked(int64_t second, std::string_view table, std::string_view index,
                 const CapacityHalfUnits& units);

  mutable std::mutex mu_;
  std::map<SeriesKey, Series, SeriesLess> series_;
};

}  // namespace headlock
