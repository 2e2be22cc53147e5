#include "headlock/ddb/capacity_log.h"

namespace headlock {

void CapacityLog::Record(int64_t now_ms, const ConsumedCapacity& consumed) {
  int64_t second = now_ms >= 0 ? now_ms / 1000 : (now_ms - 999) / 1000;
  std::lock_guard<std::mutex> lock(mu_);
  Cell& table = cells_[Key{second, consumed.table_name, std::string()}];
  table.units += consumed.table;
  table.requests += 1;
  for (const auto& [index, units] : consumed.global_secondary_indexes) {
    Cell& cell = cells_[Key{second, consumed.table_name, index}];
    cell.units += units;
    cell.requests += 1;
  }
}

std::vector<CapacityLog::Row> CapacityLog::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Row> rows;
  rows.reserve(cells_.size());
  for (const auto& [key, cell] : cells_) {
    rows.push_back(Row{std::get<0>(key), std::get<1>(key), std::get<2>(key), cell.units,
                       cell.requests});
  }
  return rows;
}

std::vector<CapacityLog::Row> CapacityLog::Totals() const {
  std::map<std::pair<std::string, std::string>, Row> totals;
  for (const Row& row : Snapshot()) {
    Row& t = totals[{row.table_name, row.index_name}];
    t.table_name = row.table_name;
    t.index_name = row.index_name;
    t.units += row.units;
    t.requests += row.requests;
  }
  std::vector<Row> out;
  for (auto& [key, row] : totals) out.push_back(std::move(row));
  return out;
}

void CapacityLog::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  cells_.clear();
}

}  // namespace headlock
