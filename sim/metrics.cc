#include "metrics.h"

#include <algorithm>

#include "headlock/capacity/consumed_capacity.h"
#include "headlock/sim/scenario.h"

namespace headlock::sim {

Metrics::Metrics(int64_t start_ms, bool per_second_record) : per_second_record_(per_second_record) {
  minute_.start_ms = start_ms;
}

void Metrics::AddToMinuteRows(
    const CapacityLog::Row& r, int64_t minute_second,
    std::map<std::pair<std::string, std::string>, CapacityLog::Row>* rows) {
  CapacityLog::Row& m = (*rows)[{r.table_name, r.index_name}];
  if (m.table_name.empty()) {
    m = r;
    m.second = minute_second;
    return;
  }
  m.units += r.units;
  m.requests += r.requests;
  m.throttled_units += r.throttled_units;
  m.throttled_requests += r.throttled_requests;
  m.read_capacity_units = r.read_capacity_units;
  m.write_capacity_units = r.write_capacity_units;
}

void Metrics::AddCapacityRows(std::vector<CapacityLog::Row> rows, int64_t before_second) {
  // One usage row per (table, index) for the minute: the peaks, and the
  // record of a long run.
  std::map<std::pair<std::string, std::string>, CapacityLog::Row> minute_rows;
  for (const CapacityLog::Row& r : rows) {
    const double write_units = HalfUnitsToDouble(r.units.write);
    const double read_units = HalfUnitsToDouble(r.units.read);
    const bool table = r.index_name.empty();  // requests count once, on the table
    Count(&SimTotals::write_units, write_units);
    Count(&SimTotals::read_units, read_units);
    Count(&SimTotals::ddb_requests, table ? r.requests : 0);
    Count(&SimTotals::throttled_requests, table ? r.throttled_requests : 0);
    const int64_t hour = r.second * 1000 / kHourMs * kHourMs;
    TableHourRow& th = table_hours_[{hour, r.table_name}];
    th.hour_start_ms = hour;
    th.table = r.table_name;
    th.write_units += write_units;
    th.read_units += read_units;
    th.throttled_requests += table ? r.throttled_requests : 0;
    table_days_[{r.second * 1000 / kDayMs * kDayMs, r.table_name}] += write_units;
    AddToMinuteRows(r, before_second - 60, &minute_rows);
  }
  for (auto& [key, m] : minute_rows) {
    auto& peak = peaks_[key];
    peak.first = std::max(peak.first, HalfUnitsToDouble(m.units.read) / 60);
    peak.second = std::max(peak.second, HalfUnitsToDouble(m.units.write) / 60);
    if (!per_second_record_) record_.usage.push_back(std::move(m));
  }
  if (per_second_record_) {
    for (CapacityLog::Row& r : rows) record_.usage.push_back(std::move(r));
  }
}

void Metrics::AddStorageSamples(const std::vector<StorageSample>& samples) {
  record_.storage.insert(record_.storage.end(), samples.begin(), samples.end());
}

const MinuteRow& Metrics::CloseMinute(double target_api_writes, int64_t next_start_ms) {
  minute_.target_api_writes = target_api_writes;
  minute_.actors_running = running_crawlers_;
  minute_.crawls_started = crawls_this_minute_;
  timeline_.push_back(minute_);
  minute_ = MinuteRow{};
  minute_.start_ms = next_start_ms;
  crawls_this_minute_ = 0;
  return timeline_.back();
}

Metrics::Finished Metrics::Finish() && {
  return Finished{
      totals_,           std::move(timeline_), std::move(table_hours_), std::move(table_days_),
      std::move(peaks_), std::move(record_)};
}

}  // namespace headlock::sim
