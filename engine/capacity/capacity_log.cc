#include "headlock/capacity/capacity_log.h"

#include <algorithm>

namespace headlock {

void CapacityLog::AddLocked(int64_t second, std::string_view table, std::string_view index,
                            const CapacityHalfUnits& units) {
  auto it = series_.find(std::pair<std::string_view, std::string_view>(table, index));
  if (it == series_.end()) {
    it = series_.emplace(SeriesKey(table, index), Series()).first;
  }
  Series& series = it->second;
  // Time moves forward, so the cell is almost always the last one.
  Cell& cell = (!series.empty() && series.rbegin()->first == second) ? series.rbegin()->second
                                                                      : series[second];
  cell.units += units;
  cell.requests += 1;
}

void CapacityLog::Record(int64_t now_ms, const ConsumedCapacity& consumed) {
  int64_t second = now_ms >= 0 ? now_ms / 1000 : (now_ms - 999) / 1000;
  std::lock_guard<std::mutex> lock(mu_);
  AddLocked(second, consumed.table_name, "", consumed.table);
  for (const auto& [index, units] : consumed.global_secondary_indexes) {
    AddLocked(second, consumed.table_name, index, units);
  }
}

std::vector<CapacityLog::Row> CapacityLog::Snapshot() const {
  std::vector<Row> rows;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, series] : series_) {
      for (const auto& [second, cell] : series) {
        rows.push_back(Row{second, key.first, key.second, cell.units, cell.requests});
      }
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.second < b.second; });
  return rows;
}

std::vector<CapacityLog::Row> CapacityLog::Totals() const {
  std::vector<Row> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, series] : series_) {
    Row total;
    total.table_name = key.first;
    total.index_name = key.second;
    for (const auto& [second, cell] : series) {
      total.units += cell.units;
      total.requests += cell.requests;
    }
    out.push_back(std::move(total));
  }
  return out;
}

void CapacityLog::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  series_.clear();
}

}  // namespace headlock
