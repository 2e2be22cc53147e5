#include "headlock/capacity/capacity_log.h"

#include <algorithm>

namespace headlock {
namespace {

int64_t SecondOf(int64_t now_ms) { return now_ms >= 0 ? now_ms / 1000 : (now_ms - 999) / 1000; }

}  // namespace

CapacityLog::Cell& CapacityLog::CellLocked(int64_t second, std::string_view table,
                                           std::string_view index) {
  auto it = series_.find(std::pair<std::string_view, std::string_view>(table, index));
  if (it == series_.end()) {
    it = series_.emplace(SeriesKey(table, index), SeriesData()).first;
  }
  SeriesData& series = it->second;
  // Time moves forward, so the cell is almost always the last one.
  bool last = !series.cells.empty() && series.cells.rbegin()->first == second;
  Cell& cell = last ? series.cells.rbegin()->second : series.cells[second];
  cell.read_capacity_units = series.read_capacity_units;
  cell.write_capacity_units = series.write_capacity_units;
  return cell;
}

namespace {
thread_local ThreadUnitsScope* current_units_scope = nullptr;
}  // namespace

ThreadUnitsScope::ThreadUnitsScope() : previous_(current_units_scope) {
  current_units_scope = this;
}
ThreadUnitsScope::~ThreadUnitsScope() { current_units_scope = previous_; }

void CapacityLog::Record(int64_t now_ms, const ConsumedCapacity& consumed) {
  if (current_units_scope != nullptr) current_units_scope->units_ += consumed.Total();
  int64_t second = SecondOf(now_ms);
  std::lock_guard<std::mutex> lock(mu_);
  Cell& table = CellLocked(second, consumed.table_name, "");
  table.units += consumed.table;
  table.requests += 1;
  for (const auto& [index, units] : consumed.global_secondary_indexes) {
    Cell& cell = CellLocked(second, consumed.table_name, index);
    cell.units += units;
    cell.requests += 1;
  }
}

void CapacityLog::RecordThrottled(int64_t now_ms, const ConsumedCapacity& requested) {
  int64_t second = SecondOf(now_ms);
  std::lock_guard<std::mutex> lock(mu_);
  Cell& table = CellLocked(second, requested.table_name, "");
  table.throttled_units += requested.table;
  table.throttled_requests += 1;
  for (const auto& [index, units] : requested.global_secondary_indexes) {
    Cell& cell = CellLocked(second, requested.table_name, index);
    cell.throttled_units += units;
    cell.throttled_requests += 1;
  }
}

void CapacityLog::SetCapacityInForce(int64_t now_ms, const std::string& table,
                                     const std::string& index, int64_t read_capacity_units,
                                     int64_t write_capacity_units) {
  std::lock_guard<std::mutex> lock(mu_);
  changes_.push_back({now_ms, table, index, read_capacity_units, write_capacity_units, false});
  auto it = series_.find(std::pair<std::string_view, std::string_view>(table, index));
  if (it == series_.end()) it = series_.emplace(SeriesKey(table, index), SeriesData()).first;
  it->second.read_capacity_units = read_capacity_units;
  it->second.write_capacity_units = write_capacity_units;
}

void CapacityLog::TableDeleted(int64_t now_ms, const std::string& table) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [key, series] : series_) {
    if (key.first != table) continue;
    changes_.push_back({now_ms, key.first, key.second, -1, -1, true});
    series.read_capacity_units = -1;
    series.write_capacity_units = -1;
  }
}

std::vector<CapacityLog::CapacityChange> CapacityLog::CapacityChanges() const {
  std::lock_guard<std::mutex> lock(mu_);
  return changes_;
}

std::vector<CapacityLog::Row> CapacityLog::Snapshot() const {
  std::vector<Row> rows;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, series] : series_) {
      for (const auto& [second, cell] : series.cells) {
        rows.push_back(Row{second, key.first, key.second, cell.units, cell.requests,
                           cell.throttled_units, cell.throttled_requests,
                           cell.read_capacity_units, cell.write_capacity_units});
      }
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.second < b.second; });
  return rows;
}

std::vector<CapacityLog::Row> CapacityLog::TakeRowsBefore(int64_t second) {
  std::vector<Row> rows;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [key, series] : series_) {
      auto end = series.cells.lower_bound(second);
      for (auto it = series.cells.begin(); it != end; ++it) {
        const Cell& cell = it->second;
        rows.push_back(Row{it->first, key.first, key.second, cell.units, cell.requests,
                           cell.throttled_units, cell.throttled_requests,
                           cell.read_capacity_units, cell.write_capacity_units});
      }
      series.cells.erase(series.cells.begin(), end);
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
    if (series.cells.empty()) continue;
    Row total;
    total.table_name = key.first;
    total.index_name = key.second;
    total.read_capacity_units = series.read_capacity_units;
    total.write_capacity_units = series.write_capacity_units;
    for (const auto& [second, cell] : series.cells) {
      total.units += cell.units;
      total.requests += cell.requests;
      total.throttled_units += cell.throttled_units;
      total.throttled_requests += cell.throttled_requests;
    }
    out.push_back(std::move(total));
  }
  return out;
}

void CapacityLog::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [key, series] : series_) series.cells.clear();
  changes_.clear();
}

}  // namespace headlock
